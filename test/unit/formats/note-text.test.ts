import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/core/errors.js';
import { checkCheckpointText } from '../../../src/formats/checkpoint.js';
import { readCheckpoint } from '../../../src/formats/note-text.js';
import { NoteError } from '../../../src/ledger/note.js';
import { parseCheckpoint } from '../../../src/ledger/checkpoint.js';

const ROOT = Buffer.alloc(32, 3).toString('base64');
const SIG = `\u2014 o ${Buffer.alloc(68, 1).toString('base64')}`;
const noteOf = (size: string) => `o\n${size}\n${ROOT}\n\n${SIG}\n`;
const TOO_BIG =
  'the tree size 9007199254740993 is above 9007199254740991 (2^53 - 1), the largest size Gatehouse verifies';

describe('the one checkpoint-note reader', () => {
  it('reads 2^53 - 1 exactly and refuses 2^53 + 1 (which a Number would round to 2^53) with one wording', () => {
    expect(readCheckpoint(noteOf('9007199254740991')).checkpoint?.size).toBe(Number.MAX_SAFE_INTEGER);
    expect(readCheckpoint(noteOf('9007199254740993')).problems).toEqual([
      { line: 2, col: 1, pointer: '/size', message: TOO_BIG },
    ]);
    // validate/report (file:line) and verify/--since/history (NoteError) say the same thing.
    expect(
      checkCheckpointText(noteOf('9007199254740993'), 'ledger/checkpoint').problems.map(formatProblem),
    ).toEqual([`ledger/checkpoint:2:1: /size: ${TOO_BIG}`]);
    expect(() => parseCheckpoint(noteOf('9007199254740993'))).toThrow(
      new NoteError('format', `line 2: ${TOO_BIG}`),
    );
  });

  it('words a malformed size, root and signature line the same for validate and for verify', () => {
    for (const [text, line] of [
      [noteOf('03'), 2],
      [`o\n1\nnot-a-root\n\n${SIG}\n`, 3],
      [`o\n1\n${ROOT}\n\n- o AAAA\n`, 5],
    ] as const) {
      const p = checkCheckpointText(text, 'f').problems[0];
      expect(p?.line).toBe(line);
      expect(() => parseCheckpoint(text)).toThrow(`line ${line}: ${p?.message}`);
    }
  });

  it('splits the signatures off at the last blank line (a note text may hold blank lines)', () => {
    const r = readCheckpoint(`o\n1\n${ROOT}\n\nextra\n\n${SIG}\n`);
    expect(r.signatures).toHaveLength(1);
    expect(r.problems.map((p) => [p.line, p.message])).toEqual([
      [4, 'an empty line in the checkpoint text: extension lines must be non-empty'],
    ]);
  });
});
