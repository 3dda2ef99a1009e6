/**
 * The monitor's ledger verification (DESIGN §4, §5 `verify`): incremental from the newest archived checkpoint
 * (`ledger/checkpoints/<size>.note`) signed by the ledger's checkpoint key, as `verify --since <size>` does
 * (src/ledger/verify-since.ts), else in full. Fail-closed: the incremental run is kept only when its checkpoint
 * is signed and consistent with the ledger as it is now and it found nothing but drift; any other outcome — no
 * checkpoint key, no signed archived checkpoint, an unsigned, forged or inconsistent one, or any finding — runs
 * the full verification, whose findings are the ones reported. So a problem is always worded as `verify`
 * words it, and the monitor's alert fingerprints do not depend on which way the ledger was verified.
 */
import { parseCheckpoint, verifyCheckpoint } from '../ledger/checkpoint.js';
import { archivedCheckpointPath } from '../ledger/layout.js';
import { NoteError } from '../ledger/note.js';
import { verifyLedger, type TextFile, type VerifyInput, type VerifyReport } from '../ledger/verify.js';

export interface MonitorVerification {
  report: VerifyReport;
  /** How the ledger was verified, in words (one of the monitor's notes). */
  note: string;
  /** The checkpoint the incremental run started from, when it was kept. */
  from?: { file: string; size: number; snapshot: number | null };
}

/**
 * The newest archived checkpoint that is readable, named for its size, of the ledger's origin and signed by
 * the checkpoint key; undefined when there is none. Its consistency with the ledger is proven by the run.
 */
export function newestSignedCheckpoint(input: VerifyInput): { file: TextFile; size: number } | undefined {
  const key = input.verifierKey;
  if (key === undefined) return undefined;
  let best: { file: TextFile; size: number } | undefined;
  for (const f of input.checkpoints) {
    if (f.unreadable !== undefined) continue;
    let size: number;
    try {
      const c = parseCheckpoint(f.text);
      if (c.origin !== input.layout.ledger.origin) continue;
      size = c.size;
    } catch (err) {
      if (err instanceof NoteError) continue;
      throw err;
    }
    if (size === 0 || f.file !== archivedCheckpointPath(input.layout, size)) continue;
    if (best !== undefined && size <= best.size) continue;
    // verifyCheckpoint parses the key too: a malformed key verifies nothing.
    if (verifyCheckpoint(f.text, key).ok) best = { file: f, size };
  }
  return best;
}

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

/** Why an incremental run from `size` is not kept, or undefined when it is. */
function rejection(report: VerifyReport, size: number): string | undefined {
  const since = report.since;
  if (!since?.signed) return `checkpoint ${size} does not verify`;
  if (!since.consistent) return `the ledger is not consistent with checkpoint ${size}`;
  const found = report.findings.filter((f) => f.check !== 'drift').length;
  if (found > 0) return `the run from checkpoint ${size} found ${plural(found, 'problem')}`;
  return undefined;
}

/** The ledger verified for the monitor: from the newest signed checkpoint when that holds, else in full. */
export function verifyForMonitor(input: VerifyInput): MonitorVerification {
  const full = (why: string): MonitorVerification => ({
    report: verifyLedger(input),
    note: `ledger verified in full (${why})`,
  });
  if (input.verifierKey === undefined) return full('no checkpoint verifier key');
  const start = newestSignedCheckpoint(input);
  if (start === undefined) return full('no signed archived checkpoint');
  const report = verifyLedger({ ...input, since: start.file });
  const why = rejection(report, start.size);
  if (why !== undefined) return full(why);
  const snapshot = report.since?.from ?? null;
  return {
    report,
    note: `ledger verified from checkpoint ${start.size} (signed, consistent); state replayed from ${
      snapshot === null ? 'genesis' : `the snapshot at seq ${snapshot}`
    }`,
    from: { file: start.file.file, size: start.size, snapshot },
  };
}
