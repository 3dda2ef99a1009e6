/**
 * Reads the text of a checkpoint (DESIGN §4; C2SP signed-note and tlog-checkpoint):
 *
 *   <origin>\n<size>\n<base64 root>\n\n— <key name> <base64(keyID ‖ signature)>\n
 *
 * into the CheckpointNote shape, with a Locate for schema messages. Signatures are not verified here.
 */
import { badInput, type Problem } from '../core/errors.js';
import type { CheckpointNote, Locate } from '../core/documents.js';
import { readCheckpoint, readCheckpointSize } from './note-text.js';
import { checkSchema } from './validate.js';

export interface ParsedNote {
  /** Best-effort shape; check it with the `checkpoint` schema. */
  value: unknown;
  locate: Locate;
  /** Structural problems found while splitting the note (before any schema check). */
  problems: Problem[];
}

/** Split a checkpoint note into its fields with the one note parser (readCheckpoint); never throws. */
export function parseCheckpointNote(text: string, file: string): ParsedNote {
  const r = readCheckpoint(text);
  const at = new Map<string, { line: number; col: number }>([
    ['/origin', { line: 1, col: 1 }],
    ['/size', { line: 2, col: 1 }],
    ['/root', { line: 3, col: 1 }],
  ]);
  const locate: Locate = (pointer: string) => {
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const hit = at.get(p);
      if (hit) return hit;
      if (p === '') return { line: 1, col: 1 };
    }
  };
  r.signatures.forEach((sig, i) => {
    const ptr = `/signatures/${i}`;
    at.set(ptr, { line: sig.line, col: 1 });
    at.set(`${ptr}/name`, { line: sig.line, col: 3 });
    at.set(`${ptr}/key_id`, { line: sig.line, col: 4 + sig.name.length });
    at.set(`${ptr}/signature`, { line: sig.line, col: 4 + sig.name.length });
  });
  if (r.signatures.length > 0) at.set('/signatures', at.get('/signatures/0') ?? { line: 1, col: 1 });
  const problems: Problem[] = r.problems.map((p) => ({
    file,
    line: p.line,
    col: p.col ?? 1,
    ...(p.pointer !== undefined && !p.pointer.startsWith('/signatures') ? { pointer: p.pointer } : {}),
    message: p.message,
  }));
  const size = readCheckpointSize(r.sizeText);
  const value = {
    origin: r.origin,
    size: 'size' in size ? size.size : r.sizeText,
    root: r.rootText,
    signatures: r.signatures.map((s) => ({
      name: s.name,
      key_id: s.keyId.toString(16).padStart(8, '0'),
      signature: s.sig.toString('base64'),
    })),
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
