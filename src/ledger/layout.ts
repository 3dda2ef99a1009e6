/**
 * Where the ledger lives (DESIGN §2): the part of the repository layout the ledger needs. `RepoLayout`
 * (src/repo/layout.ts) is structurally a LedgerLayout, so callers pass theirs straight in.
 */
export interface LedgerConfig {
  /** The checkpoint origin line (tlog-checkpoint), e.g. `example.com/park-ops`. */
  origin: string;
  /** Lines per sealed segment file. */
  segment_size: number;
  /** A `snapshot` entry every this many entries (seq % snapshot_every === 0, seq > 0); 0 turns them off. */
  snapshot_every: number;
  /** The checkpoint verifier key file, relative to policies/. */
  checkpoint_key?: string;
}

export interface LedgerLayout {
  paths: { ledger: string; state?: string; policies?: string };
  ledger: LedgerConfig;
}

export const SEGMENT_NAME = /^(\d{12})\.jsonl$/;

const join = (dir: string, name: string): string =>
  dir === '' || dir === '.' ? name : `${dir.replace(/\/+$/, '')}/${name}`;

export function eventsDir(layout: LedgerLayout): string {
  return join(layout.paths.ledger, 'events');
}

/** `ledger/events/<first seq, 12 digits>.jsonl` */
export function segmentPath(layout: LedgerLayout, firstSeq: number): string {
  return join(eventsDir(layout), `${String(firstSeq).padStart(12, '0')}.jsonl`);
}

export function snapshotsDir(layout: LedgerLayout): string {
  return join(layout.paths.ledger, 'snapshots');
}

/** `ledger/snapshots/<seq>.json` */
export function snapshotPath(layout: LedgerLayout, seq: number): string {
  return join(snapshotsDir(layout), `${seq}.json`);
}

/** `ledger/checkpoint` — the latest signed checkpoint. */
export function checkpointPath(layout: LedgerLayout): string {
  return join(layout.paths.ledger, 'checkpoint');
}

export function checkpointsDir(layout: LedgerLayout): string {
  return join(layout.paths.ledger, 'checkpoints');
}

/** `ledger/checkpoints/<size>.note` */
export function archivedCheckpointPath(layout: LedgerLayout, size: number): string {
  return join(checkpointsDir(layout), `${size}.note`);
}

/** Whether entry `seq` is a snapshot position. */
export function isSnapshotSeq(layout: LedgerLayout, seq: number): boolean {
  const every = layout.ledger.snapshot_every;
  return every > 0 && seq > 0 && seq % every === 0;
}
