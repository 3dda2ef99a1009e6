/**
 * Blast radius (seed 000 Part 3; DESIGN §3). Allowed per dimension = ceil(total × fraction), capped by
 * an absolute max_affected; checked for the whole repository (percent), for every touched service and
 * every touched region. Per-level limits tighten the fractions; levels listed in `window.levels` also
 * spend a rolling budget shared with recent ledger entries. "Final blast radius = minimum across all
 * dimensions": the report names the binding (strictest) one.
 * Pure: reused by `check` (through evaluateGate) and by `simulate`.
 */
import type { BlastRadiusPolicy, Level, Locate } from '../core/documents.js';
import { leaf, type ResultNode, type SourceRef, type Status } from '../core/result.js';
import type { GovernedState, Op } from '../core/state-types.js';
import { formatDuration, parseDuration, parseTs } from '../core/timestamps.js';
import type { LedgerWindowEntry } from '../core/gate-inputs.js';
import { computeAffected, type AffectedSet, type StateTotals } from './affected.js';

export interface Dimension {
  /** Node id: blast-radius/percent, blast-radius/service:<name>, blast-radius/region:<name>, blast-radius/window */
  id: string;
  /** Words for messages: "in the repository", "in service park-ticketing", … */
  scope: string;
  affected: number;
  allowed: number;
  total: number;
  fraction: number;
  cap?: number;
  /** How `allowed` was computed, e.g. "ceil(100 × 0.10)". */
  formula: string;
  ok: boolean;
}

export interface BlastRadiusArgs {
  policy: BlastRadiusPolicy;
  ops: readonly Op[];
  baseState: GovernedState;
  level?: Level;
  /** Precomputed computeAffected(ops, baseState), when the caller already has it. */
  affected?: AffectedSet;
  /** Precomputed stateTotals(baseState). */
  baseTotals?: StateTotals;
  now?: Date;
  ledgerWindow?: readonly LedgerWindowEntry[];
  /**
   * The seqs a genuine rollback reverts (src/gate/rollback-checks.ts): it spends no rolling budget, and the
   * entries it undoes no longer count against the window, so the budget they spent can never block it.
   */
  genuineRollback?: readonly number[];
  /** For file:line on the blast-radius node. */
  source?: { file: string; line?: number };
  /** Positions inside the blast-radius policy file, for file:line on each dimension. */
  locate?: Locate;
}

export interface BlastRadiusResult {
  node: ResultNode;
  affected: AffectedSet;
  dimensions: Dimension[];
  /** The strictest dimension: the failing one with the largest excess, else the one with least headroom. */
  binding?: Dimension;
}

export function formatFraction(f: number): string {
  const s = String(f);
  const decimals = s.includes('.') ? (s.split('.')[1] as string).length : 0;
  return f.toFixed(Math.max(2, decimals));
}

function dimension(
  id: string,
  scope: string,
  affected: number,
  total: number,
  fraction: number,
  cap: number | undefined,
  floor = 0,
): Dimension {
  const ceiling = Math.ceil(total * fraction);
  // limits.min_allowed: a floor under the fraction, never above an absolute max_affected.
  const floored = floor > ceiling;
  const byFraction = floored ? floor : ceiling;
  const capped = cap !== undefined && cap < byFraction;
  const allowed = capped ? cap : byFraction;
  const base = floored
    ? `min_allowed ${floor}; ceil(${total} × ${formatFraction(fraction)}) = ${ceiling}`
    : `ceil(${total} × ${formatFraction(fraction)})`;
  const formula = capped ? `max_affected ${cap}; ${floored ? base : `${base} = ${byFraction}`}` : base;
  return {
    id,
    scope,
    affected,
    allowed,
    total,
    fraction,
    ...(cap !== undefined ? { cap } : {}),
    formula,
    ok: affected <= allowed,
  };
}

function minDefined(...xs: (number | undefined)[]): number | undefined {
  let out: number | undefined;
  for (const x of xs) if (x !== undefined && (out === undefined || x < out)) out = x;
  return out;
}

function reasonFor(d: Dimension): string {
  const noun = d.affected === 1 ? 'resource' : 'resources';
  return `${d.affected} ${noun} affected ${d.scope}; allowed ${d.allowed} (${d.formula})`;
}

export function evaluateBlastRadius(args: BlastRadiusArgs): BlastRadiusResult {
  const { policy, level } = args;
  const affected = args.affected ?? computeAffected(args.ops, args.baseState, args.baseTotals);
  const lv = level !== undefined ? policy.levels?.[`${level}`] : undefined;
  // seed 000 Part 3: per-level limits may only tighten
  const percent = minDefined(policy.limits.percent, lv?.percent) ?? 1;
  const serviceFrac = minDefined(policy.limits.service, lv?.service) ?? 1;
  const regionFrac = minDefined(policy.limits.region, lv?.region) ?? 1;
  const floor = policy.limits.min_allowed ?? 0;
  const dims: Dimension[] = [];
  const errors: ResultNode[] = [];
  /** Passing nodes that are not dimensions (a rollback's window). */
  const notes: ResultNode[] = [];

  const n = affected.keys.length;
  const repo = dimension(
    'blast-radius/percent',
    'in the repository',
    n,
    Math.max(affected.total, n),
    percent,
    lv?.max_affected,
    floor,
  );
  dims.push(repo);
  for (const [svc, count] of affected.byService) {
    const total = Math.max(affected.serviceTotals.get(svc) ?? 0, count);
    const cap = policy.services?.[svc]?.max_affected;
    dims.push(
      dimension(
        `blast-radius/service:${svc}`,
        `in service ${svc}`,
        count,
        total,
        serviceFrac,
        minDefined(cap, lv?.max_affected),
        floor,
      ),
    );
  }
  for (const [region, count] of affected.byRegion) {
    const total = Math.max(affected.regionTotals.get(region) ?? 0, count);
    const cap = policy.regions?.[region]?.max_affected;
    dims.push(
      dimension(
        `blast-radius/region:${region}`,
        `in region ${region}`,
        count,
        total,
        regionFrac,
        minDefined(cap, lv?.max_affected),
        floor,
      ),
    );
  }

  // Rolling budget (DESIGN §2.7 window): this change plus recent entries of the windowed levels.
  const win = policy.window;
  if (win && level !== undefined && win.levels.includes(level)) {
    const durationMs = parseDuration(win.duration);
    if (durationMs === undefined || !args.now) {
      errors.push(
        leaf(
          'blast-radius/window',
          'error',
          durationMs === undefined
            ? `window.duration ${JSON.stringify(win.duration)} is not a duration`
            : 'no clock given for the rolling window',
        ),
      );
    } else {
      const since = args.now.getTime() - durationMs;
      const undone = new Set(args.genuineRollback ?? []);
      let spent = 0;
      let entries = 0;
      for (const e of args.ledgerWindow ?? []) {
        if (
          e.type !== 'change.applied' ||
          e.rolledBack ||
          undone.has(e.seq) ||
          e.level === undefined ||
          !win.levels.includes(e.level)
        )
          continue;
        const ts = parseTs(e.ts);
        if (ts === undefined || ts <= since || ts > args.now.getTime()) continue;
        spent += e.affected;
        entries += 1;
      }
      const changes = `${entries} level ${win.levels.join('/')} ${entries === 1 ? 'change' : 'changes'}`;
      if (args.genuineRollback) {
        // D2: undoing the change that spent the budget must never be blocked by that budget.
        const list = args.genuineRollback.join(', ');
        notes.push(
          leaf(
            'blast-radius/window',
            'pass',
            `a rollback of entr${args.genuineRollback.length === 1 ? 'y' : 'ies'} ${list} spends no rolling budget (${spent} spent in the last ${formatDuration(durationMs)} by ${changes})`,
            { numbers: { affected: 0, spent } },
          ),
        );
      } else {
        const d = dimension(
          'blast-radius/window',
          `in the last ${formatDuration(durationMs)}`,
          n + spent,
          repo.total,
          percent,
          lv?.max_affected,
          floor,
        );
        d.formula = `${d.formula}; ${spent} already spent by ${changes}`;
        dims.push(d);
      }
    }
  }

  // file:line of the policy entry that sets each dimension's limit
  const token = (t: string): string => t.replace(/~/g, '~0').replace(/\//g, '~1');
  const levelKey = level !== undefined ? `/levels/${level}` : undefined;
  const pointerFor = (d: Dimension): string => {
    const [kind, name = ''] = d.id.slice('blast-radius/'.length).split(':');
    if (kind === 'window') return '/window';
    if (kind === 'service' && policy.services?.[name]) return `/services/${token(name)}`;
    if (kind === 'region' && policy.regions?.[name]) return `/regions/${token(name)}`;
    const dim = kind as 'percent' | 'service' | 'region';
    const base = policy.limits[dim];
    const tighter = lv?.[dim] !== undefined && (base === undefined || (lv[dim] as number) < base);
    if (levelKey && (tighter || lv?.max_affected !== undefined)) return levelKey;
    return `/limits/${kind}`;
  };
  const sourceFor = (d: Dimension): { source?: SourceRef } => {
    if (!args.source) return {};
    const pos = args.locate?.(pointerFor(d)) ?? args.locate?.('/limits');
    return { source: { file: args.source.file, ...(pos ? { line: pos.line, col: pos.col } : {}) } };
  };
  const children: ResultNode[] = dims.map((d) =>
    leaf(d.id, d.ok ? 'pass' : 'fail', reasonFor(d), {
      ...sourceFor(d),
      numbers: { affected: d.affected, allowed: d.allowed, total: d.total },
      ...(d.ok
        ? {}
        : {
            fix: `reduce the change to at most ${d.allowed} resources ${d.scope}, split it, or request an override of blast-radius`,
          }),
    }),
  );
  children.push(...notes, ...errors);

  let binding: Dimension | undefined;
  for (const d of dims) {
    if (!binding) binding = d;
    else if (d.allowed - d.affected < binding.allowed - binding.affected) binding = d;
  }
  const failing = dims.filter((d) => !d.ok);
  const status: Status = errors.length ? 'error' : failing.length ? 'fail' : 'pass';
  let reason: string;
  if (errors.length) reason = (errors[0] as ResultNode).reason;
  else if (failing.length && binding)
    reason =
      reasonFor(binding) +
      (failing.length > 1
        ? ` (and ${failing.length - 1} more ${failing.length === 2 ? 'dimension' : 'dimensions'} over)`
        : '');
  else if (n === 0) reason = 'no resources affected';
  else if (binding)
    reason = `${n} ${n === 1 ? 'resource' : 'resources'} affected; within limits (binding: ${binding.scope}, ${binding.affected} of ${binding.allowed} allowed)`;
  else reason = 'within limits';
  const node: ResultNode = {
    id: 'blast-radius',
    status,
    reason,
    numbers: binding
      ? { affected: binding.affected, allowed: binding.allowed, total: binding.total }
      : { affected: n },
    ...(failing.length && binding
      ? {
          fix: `needs at most ${binding.allowed} resources ${binding.scope}; split the change or request an override of blast-radius`,
        }
      : {}),
    ...(args.source
      ? { source: binding && failing.length ? (sourceFor(binding).source as SourceRef) : args.source }
      : {}),
    children,
  };
  return { node, affected, dimensions: dims, ...(binding ? { binding } : {}) };
}
