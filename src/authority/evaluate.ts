/**
 * Authority levels (DESIGN §3 table; seed 000 Part 1). A change may act at level L only if L is enabled
 * (level 4 only in production), the proposer may act at L (max_level or an unexpired escalation grant),
 * no path/service/region rule it touches caps it below L (the most restrictive rule wins), the manifest is
 * signed by its proposer (or bound to the PR author where policy accepts it), and the ops fit the level: none at 0, one at 1, a batch of at
 * most max_ops at 2, at most max_concurrent level-3 changes in the observation window at 3.
 */
import type { AuthorityPolicy, Level, LevelPolicy } from '../core/documents.js';
import { leaf, worst, type ResultNode, type SourceRef } from '../core/result.js';
import { formatDuration, parseDuration, parseTs } from '../core/timestamps.js';
import { describeSpec, matchesChange, type ChangeFacts } from '../core/change-facts.js';
import type { GateInputs } from '../core/gate-inputs.js';
import { actorIndex } from '../quorum/screen.js';
import { at, src, type AuthorityWhere } from './where.js';

export type { AuthorityWhere };
import { proposerNode, signatureNode } from './proposer.js';

/** seed 000 Part 1: Level 1 times out after 1 hour, Level 2 after 2 hours. */
const DEFAULT_TTL: Partial<Record<Level, string>> = { 1: '1h', 2: '2h' };
const DEFAULT_MAX_OPS = 100; // seed 000 Level 2: max batch size 100 actions
const DEFAULT_MAX_CONCURRENT = 10; // seed 000 Level 3: max concurrent operations 10
/** The level-3 observation window when authority.yaml sets none. */
export const DEFAULT_OBSERVATION = '30m';

export function levelPolicy(policy: AuthorityPolicy, level: Level): LevelPolicy | undefined {
  return policy.levels[`${level}`];
}

/** Approval TTL in ms for a level, or undefined when approvals at that level do not expire. */
export function approvalTtlMs(policy: AuthorityPolicy, level: Level | undefined): number | undefined {
  if (level === undefined) return undefined;
  const text = levelPolicy(policy, level)?.approval_ttl ?? DEFAULT_TTL[level];
  return text === undefined ? undefined : parseDuration(text);
}

export function evaluateAuthority(
  inputs: GateInputs,
  facts: ChangeFacts,
  where: AuthorityWhere = {},
): ResultNode {
  const policy = inputs.policy.authority;
  const manifest = inputs.manifest;
  if (!manifest || facts.level === undefined || facts.proposer === undefined)
    return leaf('authority', 'skip', 'no change manifest: authority cannot be judged');
  const level = facts.level;
  const lp = levelPolicy(policy, level);
  const levelSrc = at(where.file, where.locate, `/levels/${level}`);
  const children: ResultNode[] = [];

  // level enabled; level 4 only in production (DESIGN §3)
  if (!lp)
    children.push(
      leaf('authority/level-enabled', 'fail', `level ${level} is not configured in the authority policy`, {
        fix: `add levels.${level} to the authority policy`,
        ...src(where.file ? { file: where.file } : undefined),
      }),
    );
  else if (!lp.enabled)
    children.push(
      leaf('authority/level-enabled', 'fail', `level ${level} is disabled`, {
        fix: `act at a lower level, or enable level ${level} through a policy change`,
        ...src(levelSrc),
      }),
    );
  else if (level === 4 && policy.environment !== 'production')
    children.push(
      leaf(
        'authority/level-enabled',
        'fail',
        `level 4 (enforce) requires environment: production; this is ${policy.environment}`,
        { fix: 'act at level 3 or lower', ...src(levelSrc) },
      ),
    );
  else children.push(leaf('authority/level-enabled', 'pass', `level ${level} is enabled`, src(levelSrc)));

  // proposer: known, within max_level or an unexpired escalation grant
  const actors = actorIndex(inputs.policy.actors);
  const proposer = actors.get(facts.proposer);
  const actorSrc = proposer
    ? at(where.actorsFile, where.actorsLocate, `/actors/${inputs.policy.actors.actors.indexOf(proposer)}`)
    : undefined;
  if (!proposer) {
    children.push(
      leaf(
        'authority/proposer',
        'fail',
        `unknown proposer ${facts.proposer}: not in the base actors policy`,
        {
          fix: `add ${facts.proposer} to the actors policy through a policy change first`,
          source: { file: manifest.file, ...(manifest.line !== undefined ? { line: manifest.line } : {}) },
        },
      ),
    );
  } else children.push(proposerNode(inputs, proposer, level, actorSrc));

  // manifest signature: the proposer signs its own manifest, whatever its kind (DESIGN §1, §2.4)
  if (proposer) children.push(signatureNode(inputs, proposer));

  // most restrictive matching rule (DESIGN §2.7)
  children.push(rulesNode(policy, facts, level, where));

  // ops per level (DESIGN §3 table)
  children.push(opsNode(facts, level, lp, levelSrc));
  if (level === 3) children.push(concurrencyNode(inputs, lp, levelSrc));

  const status = worst(children.map((c) => c.status));
  const failing = children.filter((c) => c.status !== 'pass' && c.status !== 'skip');
  const reason = failing.length
    ? (failing[0] as ResultNode).reason
    : `${facts.proposer} may act at level ${level}`;
  return { id: 'authority', status, reason, numbers: { level }, children };
}

function rulesNode(
  policy: AuthorityPolicy,
  facts: ChangeFacts,
  level: Level,
  where: AuthorityWhere,
): ResultNode {
  const id = 'authority/rules';
  let binding: { index: number; max: Level } | undefined;
  let matched = 0;
  (policy.rules ?? []).forEach((rule, index) => {
    if (!matchesChange(rule.match, facts)) return;
    matched += 1;
    if (!binding || rule.max_level < binding.max) binding = { index, max: rule.max_level };
  });
  if (!binding) return leaf(id, 'skip', 'no authority rule matches this change');
  const rule = (policy.rules ?? [])[binding.index] as NonNullable<AuthorityPolicy['rules']>[number];
  const source = at(where.file, where.locate, `/rules/${binding.index}`);
  const desc = `rule ${binding.index + 1} (${describeSpec(rule.match)}) caps this change at level ${binding.max}`;
  const numbers = { level, max_level: binding.max, matched };
  if (level > binding.max)
    return leaf(id, 'fail', desc, {
      numbers,
      fix: `act at level ${binding.max} or lower, or leave out what the rule matches`,
      ...src(source),
    });
  return leaf(id, 'pass', `${desc}${matched > 1 ? ` (strictest of ${matched})` : ''}`, {
    numbers,
    ...src(source),
  });
}

function opsNode(
  facts: ChangeFacts,
  level: Level,
  lp: LevelPolicy | undefined,
  source: SourceRef | undefined,
): ResultNode {
  const id = 'authority/ops';
  const n = facts.opCount;
  const numbers: Record<string, number> = { ops: n };
  const s = src(source);
  const opsWord = (k: number): string => `${k} ${k === 1 ? 'op' : 'ops'}`;
  if (level === 0) {
    // seed 000 Level 0: zero state mutations; a recommendation may merge
    numbers.max_ops = 0;
    if (n > 0)
      return leaf(id, 'fail', `level 0 (read-only) allows no state mutation; this change has ${opsWord(n)}`, {
        numbers,
        fix: 'propose it at level 1 or higher, or as a recommendation without state changes',
        ...s,
      });
    return leaf(
      id,
      'pass',
      `level 0 with no ops${facts.kind === 'recommendation' ? ' (recommendation)' : ''}`,
      { numbers, ...s },
    );
  }
  if (level === 1) {
    // seed 000 Level 1: one action per approval, no batching
    numbers.max_ops = 1;
    if (n > 1)
      return leaf(
        id,
        'fail',
        `level 1 (assist) allows exactly one op per approval; this change has ${opsWord(n)}`,
        { numbers, fix: 'split it into one change per op, or propose it as a level-2 batch', ...s },
      );
    return leaf(id, 'pass', n === 1 ? 'level 1 with exactly one op' : 'level 1 with no state ops', {
      numbers,
      ...s,
    });
  }
  if (level === 2) {
    const max = lp?.max_ops ?? DEFAULT_MAX_OPS;
    numbers.max_ops = max;
    if (n > max)
      return leaf(id, 'fail', `level 2 batches hold at most ${max} ops; this change has ${n}`, {
        numbers,
        fix: `split it into batches of at most ${max} ops`,
        ...s,
      });
    return leaf(id, 'pass', `batch of ${opsWord(n)} (at most ${max}), approved as one unit`, {
      numbers,
      ...s,
    });
  }
  return leaf(id, 'pass', `level ${level}: ${opsWord(n)}`, { numbers, ...s });
}

function concurrencyNode(
  inputs: GateInputs,
  lp: LevelPolicy | undefined,
  source: SourceRef | undefined,
): ResultNode {
  const id = 'authority/concurrency';
  const max = lp?.max_concurrent ?? DEFAULT_MAX_CONCURRENT;
  const windowText = lp?.observation_window ?? DEFAULT_OBSERVATION;
  const windowMs = parseDuration(windowText);
  if (windowMs === undefined)
    return leaf(
      id,
      'error',
      `observation_window ${JSON.stringify(windowText)} is not a duration`,
      src(source),
    );
  const now = inputs.now.getTime();
  const since = now - windowMs;
  const live = inputs.ledgerWindow.filter((e) => {
    if (e.type !== 'change.applied' || e.level !== 3 || e.rolledBack) return false;
    const ts = parseTs(e.ts);
    return ts !== undefined && ts > since && ts <= now;
  });
  const numbers = { concurrent: live.length + 1, max_concurrent: max };
  const seqs = live.map((e) => e.seq).join(', ');
  if (live.length + 1 > max)
    return leaf(
      id,
      'fail',
      `${live.length} level-3 changes are already in their ${formatDuration(windowMs)} observation window (seq ${seqs}); at most ${max} at once`,
      {
        numbers,
        fix: `wait until the oldest leaves the window, or propose at level 2 with approval`,
        ...src(source),
      },
    );
  return leaf(
    id,
    'pass',
    `level-3 change ${live.length + 1} of at most ${max} in the ${formatDuration(windowMs)} observation window`,
    { numbers, ...src(source) },
  );
}
