/**
 * Quorum (DESIGN §3; policy-bot style approval rules): every matching rule must hold. A rule that is
 * not yet met is `pending` (it needs approvals); a rejection by an eligible approver is a veto (`fail`).
 */
import type { Level, QuorumPolicy, QuorumRequirement, QuorumRule } from '../core/documents.js';
import { leaf, worst, type ResultNode, type SourceRef, type Status } from '../core/result.js';
import { describeSpec, matchesChange, type ChangeFacts } from '../core/change-facts.js';
import type { ApprovalEvidence, CountedApproval } from '../core/gate-inputs.js';
import { matchRoles } from './match-roles.js';
import { actorEligibility, actorIndex, screenApprovals, type QuorumContext } from './screen.js';

export type { QuorumContext } from './screen.js';

export interface RequirementResult {
  node: ResultNode;
  counted: CountedApproval[];
  met: boolean;
  vetoed: boolean;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function evidenceSource(ev: ApprovalEvidence): SourceRef | undefined {
  return ev.file ? { file: ev.file, ...(ev.line !== undefined ? { line: ev.line } : {}) } : undefined;
}

/** Judge one requirement (a quorum rule, a kill switch's flippers, escalation approvers). */
export function evaluateRequirement(
  id: string,
  req: QuorumRequirement,
  approvals: readonly ApprovalEvidence[],
  ctx: QuorumContext,
  source?: SourceRef,
): RequirementResult {
  const name = id.slice(id.lastIndexOf('/') + 1);
  const { valid, ignored } = screenApprovals(req, approvals, ctx);
  const rejects = valid.filter((v) => v.evidence.decision === 'reject');
  const approves = valid.filter((v) => v.evidence.decision === 'approve');
  const rolesAll = req.roles_all ?? [];
  const needed = Math.max(req.count ?? (rolesAll.length || 1), rolesAll.length);
  const matching = matchRoles(
    rolesAll,
    approves.map((a) => ({ actor: a.actor.id, roles: a.roles })),
  );
  const roleOf = new Map<string, string>();
  for (const [role, actor] of matching.assignment) roleOf.set(actor, role);

  const children: ResultNode[] = [];
  const counted: CountedApproval[] = [];
  for (const a of approves) {
    const ev = a.evidence;
    const role = roleOf.get(a.actor.id) ?? ev.role;
    const src = evidenceSource(ev);
    children.push(
      leaf(
        `${id}/approval:${a.actor.id}`,
        'pass',
        `approved by ${a.actor.id}${role ? ` (${role})` : ''} at ${ev.ts} via ${ev.source}`,
        src ? { source: src } : {},
      ),
    );
    counted.push({
      actor: a.actor.id,
      ...(role ? { role } : {}),
      source: ev.source,
      ...(ev.signature?.ok ? { fingerprint: ev.signature.fingerprint } : {}),
      ...(ev.reviewId !== undefined ? { reviewId: ev.reviewId } : {}),
      ts: ev.ts,
      rules: [name],
    });
  }
  for (const r of rejects) {
    const src = evidenceSource(r.evidence);
    children.push(
      leaf(
        `${id}/reject:${r.actor.id}`,
        'fail',
        `rejected by ${r.actor.id} at ${r.evidence.ts} (veto)`,
        src ? { source: src } : {},
      ),
    );
  }
  for (const ig of ignored) {
    const src = evidenceSource(ig.evidence);
    children.push(
      leaf(
        `${id}/ignored:${ig.evidence.actor}`,
        'skip',
        `ignored ${ig.evidence.decision} by ${ig.evidence.actor}: ${ig.why}`,
        src ? { source: src } : {},
      ),
    );
  }

  const have = approves.length;
  const met = rejects.length === 0 && have >= needed && matching.missing.length === 0;
  const numbers = { approvals: have, needed, ignored: ignored.length };
  const missingNote = matching.missing.length
    ? ` (missing ${matching.missing.length === 1 ? 'role' : 'roles'}: ${matching.missing.join(', ')})`
    : '';
  const ignoredNote = ignored.length ? `; ignored ${plural(ignored.length, 'approval', 'approvals')}` : '';
  let status: Status;
  let reason: string;
  let fix: string | undefined;
  if (rejects.length) {
    status = 'fail';
    const who = rejects.map((r) => r.actor.id).join(', ');
    reason = `vetoed by ${who}: ${have}/${needed} approvals${missingNote}`;
    fix = `${who} must approve the current digest (a later approval replaces the rejection), or revise the change`;
  } else if (met) {
    status = 'pass';
    reason = `${have}/${needed} approvals: ${approves.map((a) => a.actor.id + (roleOf.has(a.actor.id) ? ` (${roleOf.get(a.actor.id)})` : '')).join(', ')}${ignoredNote}`;
  } else {
    status = 'pending';
    reason = `${have}/${needed} approvals${missingNote}${ignoredNote}`;
    fix = fixFor(req, ctx, needed - have, matching.missing, new Set(valid.map((v) => v.actor.id)));
  }
  const node: ResultNode = {
    id,
    status: worst([status, ...children.map((c) => c.status)]),
    reason,
    numbers,
    ...(fix ? { fix } : {}),
    ...(source ? { source } : {}),
    children,
  };
  return { node, counted: met ? counted : [], met, vetoed: rejects.length > 0 };
}

/** "needs 1 more approval from role charter; eligible: carol, dave" */
function fixFor(
  req: QuorumRequirement,
  ctx: QuorumContext,
  short: number,
  missing: string[],
  decided: Set<string>,
): string {
  const more = Math.max(short, missing.length);
  const wanted = missing.length ? missing : (req.roles_any ?? req.roles_all);
  const eligible = [...actorIndex(ctx.actors).values()]
    .filter((a) => !decided.has(a.id) && actorEligibility(req, a, ctx.proposer, ctx.grantee) === undefined)
    .filter((a) => !wanted || a.roles.some((r) => wanted.includes(r)))
    .map((a) => a.id);
  const from = wanted ? ` from ${wanted.length === 1 ? 'role' : 'roles'} ${wanted.join(', ')}` : '';
  const who = eligible.length ? `eligible: ${eligible.join(', ')}` : 'no eligible actor in the base policy';
  const kind = req.accept?.includes('github') ? 'signed or GitHub' : 'signed';
  return `needs ${more} more ${kind} ${more === 1 ? 'approval' : 'approvals'}${from}; ${who}`;
}

export interface QuorumResult {
  node: ResultNode;
  counted: CountedApproval[];
}

export function ruleMatches(rule: QuorumRule, facts: ChangeFacts): boolean {
  const w = rule.when;
  const kinds = w.kinds ?? (w.kind !== undefined ? [w.kind] : undefined);
  // kind `override` names emergency overrides, which are not changes: such rules never match one.
  if (kinds && (facts.kind === undefined || !(kinds as string[]).includes(facts.kind))) return false;
  return matchesChange(
    {
      ...(w.levels ? { levels: w.levels } : {}),
      ...(w.paths ? { paths: w.paths } : {}),
      ...(w.services ? { services: w.services } : {}),
    },
    facts,
  );
}

/** Every matching rule of the base quorum policy must hold (DESIGN §2.7). */
export function evaluateQuorum(
  policy: QuorumPolicy,
  facts: ChangeFacts,
  approvals: readonly ApprovalEvidence[],
  ctx: QuorumContext,
  where: { file?: string; locate?: (pointer: string) => { line: number; col: number } | undefined } = {},
  extra: RequirementResult[] = [],
): QuorumResult {
  const children: ResultNode[] = [];
  const counted: CountedApproval[] = [];
  let applied = 0;
  policy.rules.forEach((rule, i) => {
    const pos = where.locate?.(`/rules/${i}`);
    const source = where.file
      ? { file: where.file, ...(pos ? { line: pos.line, col: pos.col } : {}) }
      : undefined;
    const id = `quorum/${rule.name}`;
    if (!ruleMatches(rule, facts)) {
      children.push(
        leaf(id, 'skip', `does not apply (when: ${describeWhen(rule)})`, source ? { source } : {}),
      );
      return;
    }
    applied += 1;
    const r = evaluateRequirement(id, rule.require, approvals, ctx, source);
    children.push(r.node);
    counted.push(...r.counted);
  });
  for (const r of extra) {
    applied += 1;
    children.push(r.node);
    counted.push(...r.counted);
  }
  // DESIGN §3: levels 1 and 2 need explicit approval; a policy with no rule for them fails closed.
  if (applied === 0 && (facts.level === 1 || facts.level === 2)) {
    children.push(
      leaf(
        'quorum/required',
        'fail',
        `level ${facts.level} needs approval, but no quorum rule applies to this change`,
        {
          fix: 'add a quorum rule whose `when` covers this level (policies/quorum.yaml, through a policy change)',
        },
      ),
    );
  }
  const status = worst(children.map((c) => c.status));
  const active = children.filter((c) => c.status !== 'skip');
  const reason =
    active.length === 0
      ? 'no quorum rule applies'
      : status === 'pass'
        ? `${plural(active.length, 'rule', 'rules')} met`
        : `${active.filter((c) => c.status === 'pass').length}/${active.length} rules met`;
  return { node: { id: 'quorum', status, reason, numbers: {}, children }, counted: mergeCounted(counted) };
}

function describeWhen(rule: QuorumRule): string {
  const w = rule.when;
  const kinds = w.kinds ?? (w.kind !== undefined ? [w.kind] : undefined);
  return describeSpec({
    ...(w.paths ? { paths: w.paths } : {}),
    ...(w.services ? { services: w.services } : {}),
    ...(kinds ? { kinds: kinds as never } : {}),
    ...(w.levels ? { levels: w.levels as Level[] } : {}),
  });
}

/** One entry per actor and source, listing every rule it counted towards. */
export function mergeCounted(list: readonly CountedApproval[]): CountedApproval[] {
  const out = new Map<string, CountedApproval>();
  for (const c of list) {
    const key = `${c.actor}\u0000${c.source}`;
    const prev = out.get(key);
    if (prev) {
      for (const r of c.rules) if (!prev.rules.includes(r)) prev.rules.push(r);
      if (!prev.role && c.role) prev.role = c.role;
    } else out.set(key, { ...c, rules: [...c.rules] });
  }
  return [...out.values()];
}
