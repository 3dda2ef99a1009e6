/**
 * The governed state (DESIGN §2.1): resources keyed `<service>/<id>`, plus the kill-switch states that
 * live in replayed state (seed 001 §7). Values are plain JSON with integer numbers only (the ledger
 * carries no floats, DESIGN §4).
 */
import type { Level } from './documents.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface Resource {
  service: string;
  id: string;
  region?: string;
  [field: string]: Json | undefined;
}

export interface SwitchState {
  active: boolean;
  /** seq of the ledger entry that last flipped it */
  seq: number;
  since: string;
  by: string;
}

export interface GovernedState {
  resources: Record<string, Resource>;
  switches: Record<string, SwitchState>;
}

/**
 * One canonical op (DESIGN §2.1). `path` is a JSON Pointer inside the resource ("" = whole resource).
 * An absent `before` means the value did not exist; an absent `after` means it is removed. Ops are
 * ordered by key, then path, and every op has an exact inverse.
 */
export interface Op {
  op: 'create' | 'update' | 'delete';
  key: string;
  path: string;
  before?: Json;
  after?: Json;
}

/** Where a resource came from, for file:line messages and for writing state back. */
export interface ResourceOrigin {
  key: string;
  file: string;
  line?: number;
}

export interface AffectedSummary {
  keys: string[];
  services: string[];
  regions: string[];
  level?: Level;
}

/** What a change touches (seed 000 Part 3): computed by blast-radius/affected.ts. */
export interface AffectedSet {
  /** Distinct resource keys, sorted. */
  keys: string[];
  /** service → distinct affected keys in it */
  byService: Map<string, number>;
  /** region → distinct affected keys in it */
  byRegion: Map<string, number>;
  /** Resources in base ∪ created. */
  total: number;
  /** Resources in base ∪ created, for each touched service. */
  serviceTotals: Map<string, number>;
  /** Resources in base ∪ created, for each touched region. */
  regionTotals: Map<string, number>;
}

/**
 * Resources per service and per region in a state. O(state): an adapter that already walks the state
 * while loading it can compute this once and pass it as GateInputs.baseTotals.
 */
export interface StateTotals {
  total: number;
  services: Record<string, number>;
  regions: Record<string, number>;
}
