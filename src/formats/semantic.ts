/**
 * Checks a JSON Schema cannot express well: uniqueness of ids and names, cross-field rules, and the
 * integers-only rule for data that reaches the ledger. Run only on documents that passed their schema.
 */
import type { Problem } from '../core/errors.js';
import { escapeToken } from '../core/pointer.js';
import { positionOf } from './messages.js';
import type { SchemaKind } from './schemas/index.js';
import type {
  ActorsPolicy,
  AuthorityPolicy,
  ChangeManifest,
  IncidentFrontMatter,
  KillSwitchPolicy,
  Locate,
  OverrideRequest,
  QuorumPolicy,
  QuorumRequirement,
  StateDocument,
} from '../core/documents.js';
import { witnessPolicyProblems, type WitnessPolicyDoc } from './witnesses.js';

export const FLOAT_MESSAGE = 'expected an integer (the ledger carries integers only; write it as a string)';

type Report = ((pointer: string, message: string, atKey?: boolean) => void) & {
  /** Line of a pointer, for messages that name an earlier occurrence. */
  lineOf: (pointer: string) => number;
};

export function semanticProblems(kind: SchemaKind, value: unknown, file: string, locate: Locate): Problem[] {
  const out: Problem[] = [];
  const report: Report = Object.assign(
    (pointer: string, message: string, atKey = false) => {
      out.push({ file, ...positionOf(locate, pointer, atKey), pointer, message });
    },
    { lineOf: (pointer: string) => positionOf(locate, pointer).line },
  );
  switch (kind) {
    case 'actors':
      checkActors(value as ActorsPolicy, report);
      break;
    case 'authority': {
      const a = value as AuthorityPolicy;
      if (a.escalation) checkRequirement(a.escalation.approvers, '/escalation/approvers', report);
      break;
    }
    case 'quorum':
      checkQuorum(value as QuorumPolicy, report);
      break;
    case 'witnesses':
      for (const p of witnessPolicyProblems(value as WitnessPolicyDoc)) report(p.pointer, p.message);
      break;
    case 'kill-switches':
      checkKillSwitches(value as KillSwitchPolicy, report);
      break;
    case 'state':
      checkState(value as StateDocument, report);
      break;
    case 'change':
      checkChange(value as ChangeManifest, report);
      break;
    case 'override': {
      const o = value as OverrideRequest;
      if (Date.parse(o.expires_at) <= Date.parse(o.requested_at))
        report('/expires_at', `must be later than requested_at (${o.requested_at})`);
      break;
    }
    case 'incident': {
      const i = value as IncidentFrontMatter;
      if (Date.parse(i.detected_at) < Date.parse(i.started_at))
        report('/detected_at', `must not be earlier than started_at (${i.started_at})`);
      if (typeof i.resolved_at === 'string' && Date.parse(i.resolved_at) < Date.parse(i.started_at))
        report('/resolved_at', `must not be earlier than started_at (${i.started_at})`);
      break;
    }
    case 'ledger-entry':
      checkIntegers(value, '', report); // DESIGN §4: no floats
      break;
    default:
      break;
  }
  return out;
}

/** Reports every non-integer number inside `value` (DESIGN §4: the ledger carries no floats). */
export function checkIntegers(value: unknown, pointer: string, report: Report): void {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) report(pointer, FLOAT_MESSAGE);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkIntegers(v, `${pointer}/${i}`, report));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) checkIntegers(v, `${pointer}/${escapeToken(k)}`, report);
  }
}

function duplicates<T>(
  items: readonly T[],
  keyOf: (t: T) => string,
  pointer: (i: number) => string,
  what: string,
  report: Report,
): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const k = keyOf(item);
    const j = first.get(k);
    if (j === undefined) first.set(k, i);
    else report(pointer(i), `duplicate ${what} "${k}" (first at line ${report.lineOf(pointer(j))})`);
  });
}

function checkActors(a: ActorsPolicy, report: Report): void {
  duplicates(
    a.actors,
    (x) => x.id,
    (i) => `/actors/${i}/id`,
    'actor id',
    report,
  );
  const withGithub = a.actors.flatMap((x, i) => (x.github ? [{ id: String(x.github.id), i }] : []));
  duplicates(
    withGithub,
    (x) => x.id,
    (k) => `/actors/${withGithub[k]?.i ?? 0}/github/id`,
    'GitHub id',
    report,
  );
  a.actors.forEach((actor, i) => {
    actor.keys.forEach((k, j) => {
      const at = `/actors/${i}/keys/${j}`;
      if ((k.file === undefined) === (k.key === undefined))
        report(at, 'a key needs exactly one of "file" (a path under policies/) or "key" (the key itself)');
      if (k.valid_after && k.valid_before && Date.parse(k.valid_after) >= Date.parse(k.valid_before))
        report(`${at}/valid_before`, `must be later than valid_after (${k.valid_after})`);
      if (k.file !== undefined && (k.file.startsWith('/') || k.file.split('/').includes('..')))
        report(`${at}/file`, 'must be a relative path inside policies/ (no leading "/" or "..")');
    });
  });
}

function checkRequirement(r: QuorumRequirement, at: string, report: Report): void {
  if (r.roles_all) {
    duplicates(
      r.roles_all,
      (x) => x,
      (i) => `${at}/roles_all/${i}`,
      'role',
      report,
    );
    // DESIGN §3: roles_all is a matching, each role filled by a different approver.
    if (r.count !== undefined && r.roles_all.length > r.count)
      report(
        `${at}/count`,
        `count ${r.count} is less than the ${r.roles_all.length} roles in roles_all, each filled by a different approver; raise count to ${r.roles_all.length}`,
      );
  }
}

function checkQuorum(q: QuorumPolicy, report: Report): void {
  duplicates(
    q.rules,
    (r) => r.name,
    (i) => `/rules/${i}/name`,
    'rule name',
    report,
  );
  q.rules.forEach((r, i) => checkRequirement(r.require, `/rules/${i}/require`, report));
}

function checkKillSwitches(k: KillSwitchPolicy, report: Report): void {
  duplicates(
    k.switches,
    (s) => s.id,
    (i) => `/switches/${i}/id`,
    'switch id',
    report,
  );
  k.switches.forEach((s, i) => {
    if (s.flippers) checkRequirement(s.flippers, `/switches/${i}/flippers`, report);
  });
}

function checkState(s: StateDocument, report: Report): void {
  s.resources.forEach((r, i) => {
    if ((r.service ?? s.service) === undefined)
      report(
        `/resources/${i}`,
        `resource "${r.id}" has no service: set "service" at the top of the file or on the resource`,
      );
    if (r.spec !== undefined) checkIntegers(r.spec, `/resources/${i}/spec`, report);
  });
  duplicates(
    s.resources,
    (r) => `${r.service ?? s.service ?? ''}/${r.id}`,
    (i) => `/resources/${i}/id`,
    'resource',
    report,
  );
}

function checkChange(c: ChangeManifest, report: Report): void {
  if (c.kind === 'killswitch' && !c.killswitch)
    report('', 'a killswitch change needs a "killswitch: { id, action }" field');
  if (c.kind !== 'killswitch' && c.killswitch)
    report('/killswitch', `only a change of kind killswitch may carry this field (kind is ${c.kind})`, true);
  if (c.kind === 'escalation' && !c.escalation)
    report('', 'an escalation change needs an "escalation: { actor, level, ttl }" field');
  if (c.kind !== 'escalation' && c.escalation)
    report('/escalation', `only a change of kind escalation may carry this field (kind is ${c.kind})`, true);
  if (c.kind === 'rollback' && c.related?.reverts === undefined)
    report('', 'a rollback change needs "related: { reverts: <seq> }" naming the entries it reverts');
}
