import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateCheckpointKey } from '../../../src/ledger/checkpoint.js';
import { readLedgerFiles } from '../../../src/store/ledger-files.js';
import { openLedger } from '../../../src/store/ledger-store.js';
import { verifyLedger, type VerifyInput } from '../../../src/ledger/verify.js';
import { referenceVerify } from '../../support/reference-verify.js';
import { capacityDraft, genesisDraft, layout, tempRepo } from './helpers.js';

// A real ledger (3 segments of 4, snapshots every 3, checkpoints), read into memory once; each run
// changes its text and compares the fast reading with the plain one (JSON.parse per line, whole state).
let input: VerifyInput;
let texts: string[];
let cleanup: () => void;

beforeAll(async () => {
  const repo = tempRepo();
  cleanup = repo.cleanup;
  const lay = layout({ segment_size: 4, snapshot_every: 3 });
  const key = generateCheckpointKey(lay.ledger.origin);
  const ledger = await openLedger(repo.dir, lay);
  await ledger.append([genesisDraft(), ...Array.from({ length: 9 }, (_, i) => capacityDraft(i + 1))]);
  await ledger.writeCheckpoint(key.signerKey);
  const files = await readLedgerFiles(repo.dir, lay);
  texts = files.segments.map((s) => (typeof s.text === 'string' ? s.text : s.text()));
  input = { ...files, verifierKey: key.verifierKey, layout: lay };
});
afterAll(() => cleanup());

const edit = fc.tuple(
  fc.nat(),
  fc.nat(),
  fc.constantFrom(
    '',
    ' ',
    '"',
    '\\',
    ',',
    '}',
    '{',
    '1',
    '0',
    '-',
    '.5',
    'e1',
    '\\u0041',
    '\\"',
    'é',
    '\t',
    '\ud83d',
    '"x":1,',
    '"level":7,',
    '"seq":',
    'null',
    '\n',
  ),
  fc.nat({ max: 3 }),
);

describe('verifyLedger, fast reading against the plain one', () => {
  it('reports exactly what the plain reading reports, for any edit of the ledger text', () => {
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 3 }), (edits) => {
        const changed = [...texts];
        for (const [seg, at, ins, cut] of edits) {
          const k = seg % changed.length;
          const t = changed[k] as string;
          const i = at % (t.length + 1);
          changed[k] = t.slice(0, i) + ins + t.slice(i + cut);
        }
        const segments = input.segments.map((s, k) => ({ file: s.file, text: changed[k] as string }));
        const fast = verifyLedger({ ...input, segments });
        const plain = referenceVerify({ ...input, segments });
        expect(fast).toEqual(plain);
      }),
      { numRuns: 400 },
    );
  });

  it('agrees on the untouched ledger, which verifies', () => {
    const fast = verifyLedger(input);
    expect(fast.findings).toEqual([]);
    expect(fast).toEqual(referenceVerify(input));
  });
});

describe('verifyLedger on a lone surrogate', () => {
  it('reports the line as not canonical and stops replay instead of failing on the next snapshot', () => {
    const [first, ...rest] = texts;
    const lines = (first ?? '').split('\n');
    // Entry 1 is a change with string values: give one of them a lone high surrogate (escaped, valid JSON).
    lines[1] = (lines[1] ?? '').replace('"actor":"', '"actor":"\\ud83d');
    const report = verifyLedger({
      ...input,
      segments: input.segments.map((s, i) =>
        i === 0 ? { ...s, text: lines.join('\n') } : { ...s, text: rest[i - 1] ?? '' },
      ),
    });
    expect(report.findings).toContainEqual(expect.objectContaining({ check: 'canonical', seq: 1 }));
    expect(report.findings).toContainEqual(
      expect.objectContaining({ check: 'replay', seq: 1, message: expect.stringMatching(/lone surrogate/) }),
    );
  });
});
