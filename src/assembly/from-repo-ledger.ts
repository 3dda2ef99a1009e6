/**
 * The ledger as the gate needs it, read from the BASE commit (DESIGN §3: the base decides): the recent
 * `change.applied` / `rollback.applied` entries (level-3 concurrency, blast-radius rolling window), the
 * escalation grants, and the kill-switch states of the replayed state. Only the tail is read: segments (committed
 * pending ones included, tree-segments.ts) are loaded newest first until they reach back past the longest window and hold a usable snapshot (or genesis).
 */
import { conflict } from '../core/errors.js';
import type { AuthorityPolicy, BlastRadiusPolicy } from '../core/documents.js';
import type { LedgerEntry } from '../core/ledger-entry.js';
import {
  decodeEntry,
  escalationOf,
  lineTs,
  manifestOf,
  mayBeSnapshot,
  opsOf,
  overridesUsedOf,
  recordedAffectedOf,
  revertsOf,
} from '../ledger/entry.js';
import { eventsDir, type LedgerLayout } from '../ledger/layout.js';
import { splitLines } from '../ledger/segments.js';
import { nearestSnapshotAsync } from '../ledger/snapshot.js';
import type { TreeReader } from '../core/tree.js';
import { treeSegments } from './tree-segments.js';
import { affected } from '../state/ops.js';
import { applyEntry, emptyState } from '../state/replay.js';
import type { GovernedState } from '../core/state-types.js';
import { parseDuration } from '../core/timestamps.js';
import type { EscalationGrant, LedgerWindowEntry } from '../core/gate-inputs.js';

export interface BaseLedger {
  /** Entries in the ledger at the base commit. */
  size: number;
  /** Entries whose ts lies within `horizonMs` before now (applied changes only). */
  window: LedgerWindowEntry[];
  escalations: EscalationGrant[];
  /** Kill-switch states replayed at the base (seed 001 §7: they live in replayed state). */
  switches: GovernedState['switches'];
  /** The replayed state at the base, or undefined when the ledger is empty. */
  state?: GovernedState;
  /** Overrides recorded as used (`body.overrides` of applied entries in the tail), oldest first. */
  usedOverrides: { id: string; seq: number; ts: string }[];
  /** Entries parsed to answer (the tail), for the bench and tests. */
  read: number;
}

const HOUR = 3_600_000;

/**
 * How far back the gate looks (ms): the longest of the level-3 observation window, the blast-radius rolling
 * window and the escalation TTL (grants are capped at it, see src/record/build.ts).
 */
export function ledgerHorizonMs(authority: AuthorityPolicy, blast: BlastRadiusPolicy): number {
  const texts = [
    authority.levels['3']?.observation_window ?? '30m',
    blast.window?.duration,
    authority.escalation?.ttl,
  ];
  let max = HOUR;
  for (const t of texts) {
    const ms = t === undefined ? undefined : parseDuration(t);
    if (ms !== undefined && ms > max) max = ms;
  }
  return max;
}

const parse = (line: string, seq: number, file: string): LedgerEntry =>
  decodeEntry(line, `${file}: ledger entry ${seq}`);

/** Number of resources, services and regions an applied entry touched (its recorded summary, else its ops). */
function touched(
  e: LedgerEntry,
  state: GovernedState,
): { affected: number; services: string[]; regions: string[] } {
  const recorded = recordedAffectedOf(e);
  if (recorded) return recorded;
  const sum = affected(opsOf(e), state);
  return { affected: sum.keys.length, services: sum.services, regions: sum.regions };
}

/** Reads the ledger tail at `tree` (a base commit) and answers what the gate asks of it. */
export async function readBaseLedger(
  tree: TreeReader,
  layout: LedgerLayout,
  now: Date,
  horizonMs: number,
): Promise<BaseLedger> {
  const dir = eventsDir(layout);
  const { segments } = await treeSegments(tree, layout);
  if (segments.length === 0)
    return { size: 0, window: [], escalations: [], switches: {}, usedOverrides: [], read: 0 };

  const since = now.getTime() - horizonMs;
  // Newest segments first, until the tail reaches back past `since` and holds a usable snapshot or genesis.
  let lines: string[] = [];
  let first = 0;
  let start: { seq: number; state: GovernedState } | undefined;
  for (let i = segments.length - 1; i >= 0; i--) {
    const seg = segments[i]!;
    const bytes = await tree.read(seg.path);
    const own = bytes === undefined ? [] : splitLines(Buffer.from(bytes).toString('utf8'));
    if (i < segments.length - 1 && seg.firstSeq + own.length !== first)
      throw conflict(
        `${seg.file}: segment does not end where ${segments[i + 1]!.file} starts; run \`gatehouse verify\``,
      );
    lines = [...own, ...lines];
    first = seg.firstSeq;
    const oldest = lineTs(own[0] ?? '');
    const reached = first === 0 || (oldest !== undefined && Date.parse(oldest) <= since);
    if (!reached) continue;
    start = first === 0 ? undefined : await snapshotIn(tree, lines, first);
    if (first === 0 || start) break;
  }
  const size = first + lines.length;

  // Replay from the snapshot (or genesis) to the end: the switches, and the state each entry touched.
  const state = start ? start.state : emptyState();
  const from = start ? start.seq + 1 : first;
  const window: LedgerWindowEntry[] = [];
  const escalations: EscalationGrant[] = [];
  const reverted = new Set<number>();
  const usedOverrides: BaseLedger['usedOverrides'] = [];
  let parsed = 0;
  for (let seq = from; seq < size; seq++) {
    const line = lines[seq - first]!;
    const e = parse(line, seq, dir);
    parsed++;
    const inHorizon = Date.parse(e.ts) > since;
    if (inHorizon && (e.type === 'change.applied' || e.type === 'rollback.applied')) {
      const t = touched(e, state);
      const { kind } = manifestOf(e);
      window.push({
        seq: e.seq,
        ts: e.ts,
        type: e.type,
        ...(e.level !== undefined ? { level: e.level } : {}),
        ...(e.subject?.change !== undefined ? { change: e.subject.change } : {}),
        ...(kind !== undefined ? { kind } : {}),
        ...t,
      });
    }
    if (e.type === 'rollback.applied') for (const r of revertsOf(e)) reverted.add(r);
    for (const id of overridesUsedOf(e)) usedOverrides.push({ id, seq: e.seq, ts: e.ts });
    const grant = escalationOf(e);
    if (grant) escalations.push({ ...grant, seq: e.seq });
    try {
      applyEntry(state, e);
    } catch (err) {
      throw conflict(
        `the ledger at the base does not replay: ${(err as Error).message}; run \`gatehouse verify\``,
        err,
      );
    }
  }
  for (const w of window) if (reverted.has(w.seq)) w.rolledBack = true;
  return { size, window, escalations, switches: state.switches, state, usedOverrides, read: parsed };
}

/** The newest snapshot entry in `lines` whose file (read from the tree) matches its recorded hash. */
function snapshotIn(
  tree: TreeReader,
  lines: readonly string[],
  first: number,
): Promise<{ seq: number; state: GovernedState } | undefined> {
  const seqs = function* (): Generator<number> {
    for (let i = lines.length - 1; i >= 0; i--) if (mayBeSnapshot(lines[i]!)) yield first + i;
  };
  // DESIGN §7: the one nearest-snapshot search (src/ledger/snapshot.ts), its files read from the tree.
  return nearestSnapshotAsync(
    seqs(),
    (seq) => parse(lines[seq - first]!, seq, 'ledger'),
    async (_seq, file) => {
      const bytes = await tree.read(file);
      return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
    },
  );
}
