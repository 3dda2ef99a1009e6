/**
 * Ledger checkpoints (DESIGN §4): a C2SP tlog-checkpoint — the signed note
 *   <origin>\n<size>\n<base64 root>\n
 * signed with the ledger's Ed25519 checkpoint key (see note.ts for the key and note formats).
 */
import {
  generateNoteKey,
  isValidKeyName,
  NoteError,
  openNote,
  parseNote,
  parseVerifierKey,
  signNote,
  type NoteFailure,
  type NoteSigner,
  type NoteVerifier,
} from './note.js';

export { NoteError, parseSignerKey, parseVerifierKey, verifierKeyOf } from './note.js';
export type { NoteFailure } from './note.js';

export interface Checkpoint {
  origin: string;
  size: number;
  /** The RFC 9162 root at `size`, 32 bytes. */
  root: Buffer;
}

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
    throw new NoteError('format', 'checkpoint size must be an integer ≥ 0');
  if (c.root.length !== 32) throw new NoteError('format', 'checkpoint root must be 32 bytes');
  return `${c.origin}\n${c.size}\n${c.root.toString('base64')}\n`;
}

export function signCheckpoint(c: Checkpoint, signerKey: NoteSigner | string): string {
  return signNote(checkpointBody(c), signerKey);
}

/** Parses the checkpoint body of a note text (tlog-checkpoint § Note text); extension lines are ignored. */
export function parseCheckpointBody(text: string): Checkpoint {
  const lines = text.split('\n');
  // text ends with "\n", so the last element is empty.
  if (lines.length < 4 || lines[lines.length - 1] !== '')
    throw new NoteError('format', 'checkpoint needs origin, size and root lines');
  const [origin = '', sizeText = '', rootText = ''] = lines;
  if (origin === '') throw new NoteError('format', 'checkpoint origin is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText)))
    throw new NoteError(
      'format',
      `checkpoint size "${sizeText}" is not a decimal integer without leading zeros`,
    );
  const root = Buffer.from(rootText, 'base64');
  if (root.length !== 32 || root.toString('base64') !== rootText)
    throw new NoteError('format', 'checkpoint root is not base64 of 32 bytes');
  if (lines.slice(3, -1).some((l) => l === ''))
    throw new NoteError('format', 'checkpoint extension lines must be non-empty');
  return { origin, size: Number(sizeText), root };
}

/** Parses a signed checkpoint without checking its signatures. Throws NoteError('format'). */
export function parseCheckpoint(note: string): Checkpoint {
  return parseCheckpointBody(parseNote(note).text);
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
