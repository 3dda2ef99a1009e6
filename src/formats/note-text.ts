/**
 * The one reader of signed checkpoint notes (C2SP signed-note § Format, tlog-checkpoint § Note text), pure and
 * never throwing: every problem comes back with its line. validate and report (checkpoint.ts), and through
 * src/ledger/note.ts and src/ledger/checkpoint.ts also verify, --since, monitor and the git history proof, read
 * notes with it, so a malformed note is worded one way everywhere and no size is rounded.
 */

export const EM_DASH = '\u2014';

/** signed-note: key names are non-empty and hold no Unicode spaces and no `+`. */
export function isValidKeyName(name: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
  return name.length > 0 && !/[\s+]/u.test(name) && !/[\u0000-\u001f]/.test(name);
}

/** Canonical standard base64 (RFC 4648 § 4) or undefined. */
export function strictBase64(s: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return undefined;
  const b = Buffer.from(s, 'base64');
  return b.toString('base64') === s ? b : undefined;
}

/** A problem found while splitting a note, at its 1-based line (and column, when it points into a line). */
export interface NoteProblem {
  line: number;
  col?: number;
  /** The field it concerns, as a JSON pointer into the checkpoint shape (`/size`, `/signatures/0`). */
  pointer?: string;
  message: string;
}

export interface LocatedSignature {
  name: string;
  keyId: number;
  /** The signature bytes after the 4-byte key ID. */
  sig: Buffer;
  /** The 1-based line of the signature line. */
  line: number;
}

export interface NoteSplit {
  /** The signed text: every line before the last blank line, each ending in a newline. */
  text: string;
  signatures: LocatedSignature[];
  /** Every structural problem, in line order; the note is well formed when this is empty. */
  problems: NoteProblem[];
}

// signed-note § Format: verifiers MUST accept at least 16 signatures and SHOULD bound them.
const MAX_SIGNATURES = 100;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL = /[\u0000-\u0009\u000b-\u001f]/;

/**
 * The one splitter of signed notes (signed-note § Format): the text ends at the last blank line, and every
 * line after it up to the final newline is a signature line `— <name> <base64(key ID ‖ signature)>`. Never
 * throws: every problem is returned with its line, so file:line messages and thrown NoteErrors word it alike.
 */
export function splitNote(note: string): NoteSplit {
  const problems: NoteProblem[] = [];
  const lines = note.split('\n');
  lines.forEach((line, i) => {
    if (CONTROL.test(line)) problems.push({ line: i + 1, message: 'the note contains control characters' });
    else if (/\p{Cs}/u.test(line))
      problems.push({ line: i + 1, message: 'the note contains a lone surrogate (not Unicode text)' });
  });
  if (!note.endsWith('\n'))
    problems.push({ line: Math.max(1, lines.length), message: 'a signed note must end with a newline' });
  // signed-note § Format: the text may hold blank lines; the signatures follow the last one.
  let blank = -1;
  for (let i = lines.length - 2; i >= 0; i--)
    if (lines[i] === '') {
      blank = i;
      break;
    }
  const bodyEnd = blank === -1 ? lines.length : blank;
  const text = lines
    .slice(0, bodyEnd)
    .map((l) => `${l}\n`)
    .join('');
  const signatures: LocatedSignature[] = [];
  const sigLines = blank === -1 ? [] : lines.slice(blank + 1);
  sigLines.forEach((line, i) => {
    const lineNo = blank + 2 + i;
    if (line === '' && i === sigLines.length - 1) return; // the final newline
    const m = new RegExp(`^${EM_DASH} (\\S+) (\\S+)$`, 'u').exec(line);
    if (!m || !isValidKeyName(m[1] ?? '')) {
      problems.push({
        line: lineNo,
        col: 1,
        message: `expected a signature line "${EM_DASH} <name> <base64>", found ${JSON.stringify(line)}`,
      });
      return;
    }
    const [, name = '', b64 = ''] = m;
    const blob = strictBase64(b64);
    if (blob === undefined || blob.length < 5) {
      problems.push({
        line: lineNo,
        col: 4 + name.length,
        pointer: `/signatures/${signatures.length}`,
        message: 'the signature must be base64 of a 4-byte key id followed by the signature',
      });
      return;
    }
    signatures.push({ name, keyId: blob.readUInt32BE(0), sig: Buffer.from(blob.subarray(4)), line: lineNo });
  });
  if (blank === -1 || (signatures.length === 0 && !problems.some((p) => p.line > bodyEnd)))
    problems.push({
      line: lines.length,
      message: `no signature lines: a checkpoint needs a blank line and then "${EM_DASH} <name> <signature>" lines`,
    });
  if (signatures.length > MAX_SIGNATURES)
    problems.push({
      line: signatures[MAX_SIGNATURES]?.line ?? lines.length,
      message: `too many signature lines (more than ${MAX_SIGNATURES})`,
    });
  problems.sort((a, b) => a.line - b.line);
  return { text, signatures, problems };
}

/** `line N: message`, the wording a thrown NoteError gives a note problem. */
export function describeNoteProblem(p: NoteProblem): string {
  return `line ${p.line}: ${p.message}`;
}

/** tlog-checkpoint sizes are uint64; verification here computes in doubles, so sizes stop at 2^53 − 1. */
export const MAX_CHECKPOINT_SIZE = Number.MAX_SAFE_INTEGER;

/** The size line read as an integer without rounding (BigInt), or why it is not one Gatehouse can use. */
export function readCheckpointSize(text: string): { size: number } | { message: string } {
  if (!/^(0|[1-9][0-9]*)$/.test(text))
    return { message: `expected the tree size (a non-negative integer), found ${JSON.stringify(text)}` };
  if (BigInt(text) > BigInt(MAX_CHECKPOINT_SIZE))
    return {
      message: `the tree size ${text} is above ${MAX_CHECKPOINT_SIZE} (2^53 - 1), the largest size Gatehouse verifies`,
    };
  return { size: Number(text) };
}

/** Every field of a checkpoint note as read, with every problem at its line (nothing is thrown). */
/** origin, size and root of a checkpoint (tlog-checkpoint § Note text). */
export interface CheckpointFields {
  origin: string;
  size: number;
  /** The RFC 9162 root at `size`, 32 bytes. */
  root: Buffer;
}

export interface CheckpointReading extends NoteSplit {
  origin: string;
  sizeText: string;
  rootText: string;
  /** Set when the note has no problem at all. */
  checkpoint?: CheckpointFields;
}

/**
 * The one checkpoint-note parser (tlog-checkpoint § Note text over signed-note § Format): origin, size and
 * base64 root on lines 1-3, optional non-empty extension lines, then the signature lines. validate and report
 * (src/formats/checkpoint.ts), verify, --since and the history proof all read notes through it, so a malformed
 * note is worded one way everywhere.
 */
export function readCheckpoint(note: string): CheckpointReading {
  const split = splitNote(note);
  const problems: NoteProblem[] = [...split.problems];
  const body = split.text.split('\n').slice(0, -1);
  const [origin = '', sizeText = '', rootText = ''] = body;
  if (origin === '')
    problems.push({ line: 1, col: 1, pointer: '/origin', message: 'expected the log origin, found ""' });
  const size = readCheckpointSize(sizeText);
  if ('message' in size) problems.push({ line: 2, col: 1, pointer: '/size', message: size.message });
  const root = strictBase64(rootText);
  if (root === undefined || root.length !== 32)
    problems.push({
      line: 3,
      col: 1,
      pointer: '/root',
      message: `expected a base64 SHA-256 root hash (44 characters), found ${JSON.stringify(rootText)}`,
    });
  // tlog-checkpoint § Note text: extension lines are non-empty (a blank line there is no checkpoint).
  body.forEach((l, i) => {
    if (l === '' && i > 2)
      problems.push({
        line: i + 1,
        col: 1,
        message: 'an empty line in the checkpoint text: extension lines must be non-empty',
      });
  });
  problems.sort((a, b) => a.line - b.line);
  const reading: CheckpointReading = { ...split, problems, origin, sizeText, rootText };
  if (problems.length === 0 && 'size' in size && root) reading.checkpoint = { origin, size: size.size, root };
  return reading;
}
