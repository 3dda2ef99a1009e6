/**
 * Ledger checkpoints (DESIGN §4): a C2SP tlog-checkpoint — the signed note
 *   <origin>\n<size>\n<base64 root>\n
 * signed with the ledger's Ed25519 checkpoint key (see note.ts for the key and note formats).
 */
import {
  describeNoteProblem,
  generateNoteKey,
  isValidKeyName,
  NoteError,
  openNote,
  parseVerifierKey,
  signNote,
  type NoteFailure,
  type NoteSigner,
  type NoteVerifier,
} from './note.js';
import { MAX_CHECKPOINT_SIZE, readCheckpoint, type CheckpointFields } from '../formats/note-text.js';

export { MAX_CHECKPOINT_SIZE, readCheckpoint, readCheckpointSize } from '../formats/note-text.js';
export type { CheckpointReading } from '../formats/note-text.js';

export { NoteError, parseSignerKey, parseVerifierKey, verifierKeyOf } from './note.js';
export type { NoteFailure } from './note.js';

export type Checkpoint = CheckpointFields;

export type CheckpointVerification =
  | { ok: true; checkpoint: Checkpoint }
  | { ok: false; failure: NoteFailure; message: string; checkpoint?: Checkpoint };

/** A fresh checkpoint key pair; `name` is the key name (conventionally the ledger origin). */
export function generateCheckpointKey(name: string): { signerKey: string; verifierKey: string } {
  return generateNoteKey(name);
}

/** tlog-checkpoint § Note text: the body a checkpoint signs. */
export function checkpointBody(c: Checkpoint): string {
  if (!c.origin || /\n/.test(c.origin))
    throw new NoteError('format', 'checkpoint origin must be one non-empty line');
  if (!Number.isSafeInteger(c.size) || c.size < 0)
    throw new NoteError('format', `checkpoint size must be an integer from 0 to ${MAX_CHECKPOINT_SIZE}`);
  if (c.root.length !== 32) throw new NoteError('format', 'checkpoint root must be 32 bytes');
  return `${c.origin}\n${c.size}\n${c.root.toString('base64')}\n`;
}

export function signCheckpoint(c: Checkpoint, signerKey: NoteSigner | string): string {
  return signNote(checkpointBody(c), signerKey);
}

/** Parses a signed checkpoint without checking its signatures. Throws NoteError('format') naming the first problem. */
export function parseCheckpoint(note: string): Checkpoint {
  const r = readCheckpoint(note);
  const first = r.problems[0];
  if (first || !r.checkpoint) throw new NoteError('format', first ? describeNoteProblem(first) : 'malformed');
  return r.checkpoint;
}

/** Verifies a signed checkpoint against the verifier key; failures are data, never thrown. */
export function verifyCheckpoint(note: string, verifierKey: NoteVerifier | string): CheckpointVerification {
  let checkpoint: Checkpoint | undefined;
  try {
    checkpoint = parseCheckpoint(note);
    const v = typeof verifierKey === 'string' ? parseVerifierKey(verifierKey) : verifierKey;
    openNote(note, [v]);
    return { ok: true, checkpoint };
  } catch (err) {
    if (err instanceof NoteError)
      return { ok: false, failure: err.kind, message: err.message, ...(checkpoint ? { checkpoint } : {}) };
    throw err;
  }
}

export { isValidKeyName };
