/**
 * Reads the text of a checkpoint (DESIGN §4; C2SP signed-note and tlog-checkpoint):
 *
 *   <origin>\n<size>\n<base64 root>\n\n— <key name> <base64(keyID ‖ signature)>\n
 *
 * into the CheckpointNote shape, with a Locate for schema messages. Signatures are not verified here.
 */
import { badInput, type Problem } from '../errors/errors.js';
import type { CheckpointNote, Locate } from './types.js';
import { checkSchema } from './validate.js';

const EM_DASH = '\u2014';

export interface ParsedNote {
  /** Best-effort shape; check it with the `checkpoint` schema. */
  value: unknown;
  locate: Locate;
  /** Structural problems found while splitting the note (before any schema check). */
  problems: Problem[];
}

/** Split a checkpoint note into its fields; never throws for bad text (problems are returned). */
export function parseCheckpointNote(text: string, file: string): ParsedNote {
  const problems: Problem[] = [];
  const lines = text.split('\n');
  const at = new Map<string, { line: number; col: number }>();
  const locate: Locate = (pointer: string) => {
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const hit = at.get(p);
      if (hit) return hit;
      if (p === '') return { line: 1, col: 1 };
    }
  };
  const fail = (line: number, message: string): void => {
    problems.push({ file, line, col: 1, message });
  };

  if (!text.endsWith('\n')) fail(Math.max(1, lines.length), 'a signed note must end with a newline');
  const blank = lines.indexOf('');
  const bodyEnd = blank === -1 ? lines.length : blank;
  if (blank === -1 || blank === lines.length - 1) {
    fail(
      lines.length,
      'no signature lines: a checkpoint needs a blank line and then "— <name> <signature>" lines',
    );
  }
  const [origin, size, root] = lines.slice(0, bodyEnd);
  at.set('/origin', { line: 1, col: 1 });
  at.set('/size', { line: 2, col: 1 });
  at.set('/root', { line: 3, col: 1 });
  // tlog-checkpoint: extension lines after the root are allowed and ignored here.

  const signatures: unknown[] = [];
  const sigLines = blank === -1 ? [] : lines.slice(blank + 1);
  sigLines.forEach((line, i) => {
    const lineNo = blank + 2 + i;
    if (line === '' && i === sigLines.length - 1) return; // the final newline
    const m = new RegExp(`^${EM_DASH} (\\S+) (\\S+)$`).exec(line);
    if (!m) {
      fail(lineNo, `expected a signature line "${EM_DASH} <name> <base64>", found ${JSON.stringify(line)}`);
      return;
    }
    const [, name = '', blob = ''] = m;
    const ptr = `/signatures/${signatures.length}`;
    at.set(ptr, { line: lineNo, col: 1 });
    at.set(`${ptr}/name`, { line: lineNo, col: 3 });
    at.set(`${ptr}/key_id`, { line: lineNo, col: 4 + name.length });
    at.set(`${ptr}/signature`, { line: lineNo, col: 4 + name.length });
    const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(blob) ? Buffer.from(blob, 'base64') : undefined;
    if (!bytes || bytes.length < 5 || bytes.toString('base64') !== blob) {
      problems.push({
        file,
        line: lineNo,
        col: 4 + name.length,
        message: 'the signature must be base64 of a 4-byte key id followed by the signature',
      });
      return;
    }
    signatures.push({
      name,
      key_id: bytes.subarray(0, 4).toString('hex'),
      signature: bytes.subarray(4).toString('base64'),
    });
  });
  if (signatures.length > 0) at.set('/signatures', at.get('/signatures/0') ?? { line: 1, col: 1 });

  const value = {
    origin: origin ?? '',
    size: size !== undefined && /^(0|[1-9]\d*)$/.test(size) ? Number(size) : (size ?? ''),
    root: root ?? '',
    signatures,
  };
  return { value, locate, problems };
}

/**
 * Every problem with a checkpoint note: the structural ones, then schema problems not already explained
 * by them (a malformed signature line is not reported again as "no signatures").
 */
export function checkCheckpointText(text: string, file: string): { parsed: ParsedNote; problems: Problem[] } {
  const parsed = parseCheckpointNote(text, file);
  const lines = new Set(parsed.problems.map((p) => p.line));
  const schema = checkSchema('checkpoint', parsed.value, file, parsed.locate).filter(
    (p) => !lines.has(p.line) && !(parsed.problems.length > 0 && p.pointer === '/signatures'),
  );
  return { parsed, problems: [...parsed.problems, ...schema] };
}

/** Parse and schema-check a checkpoint note; throws badInput with every problem. */
export function loadCheckpointNote(text: string, file: string): { value: CheckpointNote; locate: Locate } {
  const { parsed, problems } = checkCheckpointText(text, file);
  if (problems.length > 0) throw badInput(problems);
  return { value: parsed.value as CheckpointNote, locate: parsed.locate };
}
