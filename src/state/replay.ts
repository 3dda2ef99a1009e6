/**
 * Deterministic replay (DESIGN §4, seed 000 Part 2): the state is a pure function of the ledger entries.
 * Entries are applied in place — each costs what its ops cost, never a copy of the whole state — so a
 * million entries replay in seconds.
 */
import { jcs, sha256Tagged } from '../core/jcs.js';
import { conflict } from '../core/errors.js';
import type { LedgerEntry } from '../core/ledger-entry.js';
import { isJsonObject, setOwn } from './json.js';
import { applyOpsInPlace, cloneState } from './ops.js';
import type { GovernedState, Op } from '../core/state-types.js';

export { cloneState } from './ops.js';

export function emptyState(): GovernedState {
  return { resources: {}, switches: {} };
}

/**
 * Applies one ledger entry to `state` in place:
 * - `genesis`: its `body.state` (copied) replaces the state;
 * - `change.applied`, `rollback.applied`: `body.ops`, strictly (see applyOpsInPlace);
 * - `killswitch.activated` / `killswitch.deactivated`: `switches[body.switch]` records the flip;
 * - every other type leaves the state unchanged.
 * A malformed body or ops that do not apply throw `conflict` naming the entry; `state` is then as before.
 */
export function applyEntry(state: GovernedState, entry: LedgerEntry): void {
  switch (entry.type) {
    case 'genesis': {
      const s = entry.body.state as GovernedState | undefined;
      if (!isJsonObject(s) || !isJsonObject(s.resources) || !isJsonObject(s.switches))
        throw entryConflict(entry, 'body.state must be {resources, switches}');
      const copy = cloneState(s);
      state.resources = copy.resources;
      state.switches = copy.switches;
      return;
    }
    case 'change.applied':
    case 'rollback.applied': {
      const ops = entry.body.ops as Op[] | undefined;
      if (!Array.isArray(ops)) throw entryConflict(entry, 'body.ops must be an array');
      try {
        applyOpsInPlace(state, ops);
      } catch (err) {
        throw entryConflict(entry, (err as Error).message, err);
      }
      return;
    }
    case 'killswitch.activated':
    case 'killswitch.deactivated': {
      const id = entry.body.switch;
      if (typeof id !== 'string' || id === '') throw entryConflict(entry, 'body.switch must name a switch');
      setOwn(state.switches, id, {
        active: entry.type === 'killswitch.activated',
        seq: entry.seq,
        since: entry.ts,
        by: entry.actor,
      });
      return;
    }
    default:
      return;
  }
}

function entryConflict(entry: LedgerEntry, why: string, cause?: unknown): Error {
  return conflict(`ledger entry ${entry.seq} (${entry.type}): ${why}`, cause);
}

export interface ReplayOptions {
  /** Start from a known state: the state after entry `from.seq` (a snapshot). Earlier entries are skipped. */
  from?: { seq: number; state: GovernedState };
  /** Stop after the entry with this seq. */
  at?: number;
  /**
   * Stop after the last entry whose `ts` is at or before this ISO-8601 time: replay stops at the first
   * entry stamped later (ledger timestamps never decrease; times compare as instants, not strings).
   */
  until?: string;
}

/**
 * The state after the entries (seed 000 Part 2, forward replay). Pure: the entries and `from.state`
 * are not modified, and the same entries always give the same state, byte for byte.
 */
export function replay(entries: Iterable<LedgerEntry>, opts: ReplayOptions = {}): GovernedState {
  const state = opts.from ? cloneState(opts.from.state) : emptyState();
  const fromSeq = opts.from?.seq ?? -1;
  const until = opts.until === undefined ? undefined : Date.parse(opts.until);
  if (until !== undefined && Number.isNaN(until))
    throw conflict(`replay: "${opts.until}" is not an ISO-8601 time`);
  for (const entry of entries) {
    if (entry.seq <= fromSeq) continue;
    if (opts.at !== undefined && entry.seq > opts.at) break;
    if (until !== undefined && Date.parse(entry.ts) > until) break;
    applyEntry(state, entry);
  }
  return state;
}

/** RFC 8785 JCS of the state: the bytes snapshots hold and hashes cover. */
export function canonicalStateJson(state: GovernedState): string {
  return jcs(state);
}

/** `sha256:<hex>` of the JCS of the state (DESIGN §4 snapshot entries). */
export function stateHash(state: GovernedState): string {
  return sha256Tagged(jcs(state));
}
