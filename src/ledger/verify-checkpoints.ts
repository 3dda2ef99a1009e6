/**
 * Checkpoint checks for verifyLedger (DESIGN §4): each archived checkpoint and the latest one must be
 * signed by the ledger's checkpoint key, name the configured origin, and carry the RFC 9162 root of the
 * ledger's first `size` entries. A checkpoint larger than the ledger means entries were cut off. With a
 * checkpoint key configured, a non-empty ledger must carry its latest checkpoint, archived under its size
 * (the store writes both), and no archived checkpoint may be newer than the latest: otherwise checkpoints
 * were deleted or the latest was swapped for an older one.
 */
import { NoteError, parseVerifierKey, type NoteVerifier } from './note.js';
import { parseCheckpoint, verifyCheckpoint, type Checkpoint } from './checkpoint.js';
import { archivedCheckpointPath, checkpointPath } from './layout.js';
import type { Finding, VerifyInput } from './verify-types.js';
import { checkWitnessed, type WitnessItem, type WitnessReport } from '../witness/check.js';
export type { TextFile, WitnessInput } from './verify-types.js';

interface PlannedCheckpoint {
  file: string;
  text: string;
  checkpoint?: Checkpoint;
}

export interface CheckpointPlan {
  items: PlannedCheckpoint[];
  wantedSizes: Set<number>;
}

/** Parses every checkpoint up front so the stream knows at which sizes to take the root. */
export function planCheckpoints(input: VerifyInput, findings: Finding[]): CheckpointPlan {
  const items: PlannedCheckpoint[] = [];
  const wantedSizes = new Set<number>();
  const all = [...input.checkpoints, ...(input.latestCheckpoint ? [input.latestCheckpoint] : [])];
  for (const f of all) {
    if (f.unreadable !== undefined) {
      findings.push({ check: 'checkpoint', file: f.file, message: `malformed checkpoint: ${f.unreadable}` });
      items.push(f);
      continue;
    }
    try {
      const checkpoint = parseCheckpoint(f.text);
      wantedSizes.add(checkpoint.size);
      items.push({ ...f, checkpoint });
    } catch (err) {
      if (!(err instanceof NoteError)) throw err;
      findings.push({ check: 'checkpoint', file: f.file, message: `malformed checkpoint: ${err.message}` });
      items.push(f);
    }
  }
  // A witnessed --since checkpoint is relied on too: take the root at its size to judge its cosignatures.
  if (input.witnesses && input.since) {
    try {
      wantedSizes.add(parseCheckpoint(input.since.text).size);
    } catch (err) {
      if (!(err instanceof NoteError)) throw err;
    }
  }
  return { items, wantedSizes };
}

/**
 * The cosigners of every checkpoint read (archived, latest, and --since), judged against the witness policy;
 * quorum and rejected cosignatures become `witness` findings. Undefined without a witness policy.
 */
export function checkWitnesses(
  input: VerifyInput,
  plan: CheckpointPlan,
  rootsAt: ReadonlyMap<number, Buffer>,
  size: number,
  findings: Finding[],
): WitnessReport | undefined {
  if (!input.witnesses) return undefined;
  const latestFile = checkpointPath(input.layout);
  const consistent = (c: Checkpoint | undefined): boolean =>
    c !== undefined && c.size <= size && rootsAt.get(c.size)?.equals(c.root) === true;
  const items: WitnessItem[] = plan.items.map((i) => ({
    file: i.file,
    text: i.text,
    ...(i.checkpoint ? { checkpoint: i.checkpoint } : {}),
    consistent: consistent(i.checkpoint),
    role: input.latestCheckpoint && i.file === input.latestCheckpoint.file ? 'latest' : 'archived',
  }));
  if (input.since) {
    let c: Checkpoint | undefined;
    try {
      c = parseCheckpoint(input.since.text);
    } catch (err) {
      if (!(err instanceof NoteError)) throw err;
    }
    items.push({
      file: input.since.file,
      text: input.since.text,
      ...(c ? { checkpoint: c } : {}),
      consistent: consistent(c),
      role: 'since',
    });
  }
  let logKey: { name: string; keyId: number } | undefined;
  try {
    if (input.verifierKey !== undefined) logKey = parseVerifierKey(input.verifierKey);
  } catch (err) {
    if (!(err instanceof NoteError)) throw err;
  }
  const { report, problems } = checkWitnessed({
    policy: input.witnesses.policy,
    items,
    witnessedOnly: input.witnesses.witnessedOnly,
    ...(logKey ? { logKey } : {}),
    size,
    latestFile,
  });
  for (const p of problems)
    findings.push({
      check: 'witness',
      file: p.file,
      ...(p.line !== undefined ? { line: p.line } : {}),
      message: p.message,
    });
  return report;
}

export function checkCheckpoints(
  input: VerifyInput,
  plan: CheckpointPlan,
  rootsAt: ReadonlyMap<number, Buffer>,
  size: number,
  findings: Finding[],
  notes: string[],
): number {
  const keyFile = input.verifierKeyFile ?? 'checkpoint key';
  let verifier: NoteVerifier | undefined;
  if (input.verifierKey !== undefined) {
    try {
      verifier = parseVerifierKey(input.verifierKey);
    } catch (err) {
      if (!(err instanceof NoteError)) throw err;
      findings.push({
        check: 'checkpoint',
        file: keyFile,
        message: `checkpoint verifier key: ${err.message}`,
      });
    }
  } else if (plan.items.length > 0) {
    findings.push({
      check: 'checkpoint',
      file: keyFile,
      message: 'no checkpoint verifier key: checkpoint signatures cannot be verified',
    });
  }
  if (!input.latestCheckpoint && size > 0)
    notes.push('no ledger/checkpoint: removal of the newest entries would not be detected');

  let verified = 0;
  for (const item of plan.items) {
    const c = item.checkpoint;
    if (!c) continue;
    const before = findings.length;
    if (verifier) {
      const v = verifyCheckpoint(item.text, verifier);
      if (!v.ok)
        findings.push({
          check: 'checkpoint',
          file: item.file,
          message:
            v.failure === 'unknown-key'
              ? `not signed by the checkpoint key ${verifier.name}: ${v.message}`
              : `signature does not verify: ${v.message}`,
        });
    }
    if (c.origin !== input.layout.ledger.origin)
      findings.push({
        check: 'checkpoint',
        file: item.file,
        message: `origin "${c.origin}" is not the ledger's origin "${input.layout.ledger.origin}"`,
      });
    const name = item.file.slice(item.file.lastIndexOf('/') + 1);
    if (item !== plan.items[plan.items.length - 1] || !input.latestCheckpoint) {
      // Archived checkpoints are named by their size.
      if (/\.note$/.test(name) && name !== `${c.size}.note`)
        findings.push({
          check: 'checkpoint',
          file: item.file,
          message: `archived checkpoint of size ${c.size} is named ${name}`,
        });
    }
    if (c.size > size) {
      findings.push({
        check: 'checkpoint',
        seq: size,
        file: item.file,
        message: `checkpoint covers ${c.size} entries but the ledger holds ${size}: entries ${size}..${c.size - 1} are missing (truncated)`,
      });
    } else {
      const root = rootsAt.get(c.size);
      if (!root || !root.equals(c.root))
        findings.push({
          check: 'checkpoint',
          file: item.file,
          seq: c.size - 1,
          message: `root at size ${c.size} is ${root?.toString('base64') ?? '?'} but the checkpoint says ${c.root.toString('base64')}: the first ${c.size} entries changed`,
        });
    }
    if (findings.length === before && verifier) verified++;
  }
  if (input.verifierKey !== undefined && size > 0) checkArchive(input, plan, keyFile, size, findings);
  return verified;
}

/** A configured checkpoint key: the latest checkpoint exists, is archived, and is the newest one. */
function checkArchive(
  input: VerifyInput,
  plan: CheckpointPlan,
  keyFile: string,
  size: number,
  findings: Finding[],
): void {
  const latestFile = checkpointPath(input.layout);
  if (!input.latestCheckpoint) {
    findings.push({
      check: 'checkpoint',
      file: latestFile,
      message: `missing: the checkpoint key ${keyFile} is configured but the ledger has no signed checkpoint (record with the checkpoint key writes it)`,
    });
    return;
  }
  const latest = plan.items.find((i) => i.file === input.latestCheckpoint?.file)?.checkpoint;
  if (!latest) return; // malformed: already a finding
  const archived = plan.items.filter((i) => i.file !== latestFile && i.checkpoint);
  const copy = archivedCheckpointPath(input.layout, latest.size);
  if (!archived.some((i) => i.file === copy))
    findings.push({
      check: 'checkpoint',
      file: copy,
      message: `missing: ${latestFile} (size ${latest.size}) is not archived as ${copy}; every signed checkpoint is kept in the archive`,
    });
  // A newer archive within the ledger is a checkpoint write interrupted between its two files (the archive is
  // written first) and the next record rewrites the latest; one beyond the ledger is caught as entries cut off.
  const newer = archived.filter(
    (i) => (i.checkpoint?.size ?? 0) > latest.size && (i.checkpoint?.size ?? 0) > size,
  );
  if (newer.length > 0)
    findings.push({
      check: 'checkpoint',
      file: latestFile,
      message: `${latestFile} is at size ${latest.size} but ${newer.map((i) => i.file).join(', ')} is newer: the latest checkpoint was replaced by an older one`,
    });
}
