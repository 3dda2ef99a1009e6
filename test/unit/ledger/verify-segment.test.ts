import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCheckpointKey } from '../../../src/ledger/checkpoint.js';
import { readLedgerFiles } from '../../../src/store/ledger-files.js';
import { openLedger } from '../../../src/store/ledger-store.js';
import { verifyLedger } from '../../../src/ledger/verify.js';
import { segmentLines, type SegmentLines } from '../../../src/ledger/verify-segment.js';
import { leafHashHex } from '../../../src/ledger/merkle.js';
import { capacityDraft, genesisDraft, layout, tempRepo } from './helpers.js';

// A real ledger on disk (3 segments of 4, snapshots every 3, a checkpoint); each run edits its bytes and
// verifies it twice: from the bytes the store reads, and from the same files read as UTF-8 text.
let repo: { dir: string; cleanup: () => void };
let original: Buffer[];
let files: string[];
const lay = layout({ segment_size: 4, snapshot_every: 3 });
const key = generateCheckpointKey(lay.ledger.origin);

beforeAll(async () => {
  repo = tempRepo();
  const ledger = await openLedger(repo.dir, lay);
  await ledger.append([genesisDraft(), ...Array.from({ length: 9 }, (_, i) => capacityDraft(i + 1))]);
  await ledger.writeCheckpoint(key.signerKey);
  files = (await readLedgerFiles(repo.dir, lay)).segments.map((s) => s.file);
  original = files.map((f) => readFileSync(join(repo.dir, f)));
});
afterAll(() => repo.cleanup());

const bytes = (...b: number[]): Buffer => Buffer.from(b);
const edit = fc.tuple(
  fc.nat(),
  fc.nat(),
  fc.constantFrom(
    Buffer.alloc(0),
    Buffer.from('\n'),
    Buffer.from('é'),
    Buffer.from('😀'),
    Buffer.from('"x":1,'),
    bytes(0xff), // never UTF-8
    bytes(0xc3), // a lead byte with no continuation
    bytes(0x80), // a lone continuation byte
    bytes(0xed, 0xa0, 0x80), // a surrogate, encoded (not UTF-8)
    bytes(0xc0, 0xaf), // overlong
    bytes(0xef, 0xbb, 0xbf), // a byte order mark
    bytes(0x00),
  ),
  fc.nat({ max: 3 }),
);

async function both(): Promise<[unknown, unknown]> {
  const input = await readLedgerFiles(repo.dir, lay);
  const common = { verifierKey: key.verifierKey, layout: lay };
  expect(input.segments.every((s) => s.bytes !== undefined)).toBe(true);
  const fromBytes = verifyLedger({ ...input, ...common });
  const segments = input.segments.map((s) => ({
    file: s.file,
    text: readFileSync(join(repo.dir, s.file), 'utf8'),
  }));
  const fromText = verifyLedger({ ...input, ...common, segments });
  return [fromBytes, fromText];
}

describe('verifyLedger from segment bytes', () => {
  it('reports exactly what it reports from the text, for any edit of the bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { maxLength: 3 }), async (edits) => {
        const changed = [...original];
        for (const [seg, at, ins, cut] of edits) {
          const k = seg % changed.length;
          const b = changed[k] as Buffer;
          const i = at % (b.length + 1);
          changed[k] = Buffer.concat([b.subarray(0, i), ins, b.subarray(Math.min(b.length, i + cut))]);
        }
        changed.forEach((b, k) => writeFileSync(join(repo.dir, files[k] as string), b));
        const [fromBytes, fromText] = await both();
        expect(fromBytes).toEqual(fromText);
      }),
      { numRuns: 300 },
    );
    original.forEach((b, k) => writeFileSync(join(repo.dir, files[k] as string), b));
  });

  it('verifies the untouched ledger from its bytes', async () => {
    const [fromBytes, fromText] = await both();
    expect(fromBytes).toMatchObject({ ok: true, findings: [] });
    expect(fromBytes).toEqual(fromText);
  });
});

/** Everything segmentLines gives of a segment, read before the next call (which reuses its buffer). */
function readAll(lines: SegmentLines | null) {
  if (lines === null) return null;
  return {
    count: lines.count,
    cutShort: lines.cutShort,
    lines: Array.from({ length: lines.count }, (_, i) => {
      const line = lines.line(i);
      expect(lines.leaf(i)).toBe(leafHashHex(line));
      if (lines.bytes === null) return { line, bytes: null };
      const { bytes } = lines;
      // The bytes offered to the one-pass reader are the line's own, between zero bytes.
      expect([bytes[lines.start(i) - 1], bytes[lines.end(i)]]).toEqual([0, 0]);
      return { line, bytes: bytes.toString('utf8', lines.start(i), lines.end(i)) };
    }),
  };
}

describe('segmentLines', () => {
  it('gives the lines and leaf hashes of the text, from bytes as from text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constant('\n'), fc.constant('é\n')), { maxLength: 12 }),
        (parts) => {
          const text = parts.join('');
          const buf = Buffer.from(text, 'utf8');
          const decoded = buf.toString('utf8');
          const a = readAll(segmentLines({ file: 'f', text: () => decoded, bytes: () => buf }));
          const b = readAll(segmentLines({ file: 'f', text: decoded }));
          // Framed by the reader: the file's bytes between two free bytes (junk until the verifier writes them).
          const framed = Buffer.concat([Buffer.of(0x7b), buf, Buffer.of(0x22)]);
          const c = readAll(
            segmentLines({ file: 'f', text: () => decoded, bytes: () => buf, framed: () => framed }),
          );
          expect(a).toEqual(b);
          expect(c).toEqual(b);
          if (b === null) return;
          for (const { line, bytes } of b.lines) expect(bytes).toBe(line);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('offers no bytes for text with a lone surrogate, and hashes its lines as their text encodes', () => {
    const read = readAll(segmentLines({ file: 'f', text: 'a\ud800b\n{"c":1}\n' }));
    expect(read).toEqual({
      count: 2,
      cutShort: false,
      lines: [
        { line: 'a\ud800b', bytes: null },
        { line: '{"c":1}', bytes: null },
      ],
    });
  });

  it('offers no bytes for a segment that is not UTF-8, and hashes its lines as they decode', () => {
    const read = readAll(
      segmentLines({ file: 'f', text: () => '', bytes: () => Buffer.from([0x7b, 0xff, 0x7d, 0x0a]) }),
    );
    expect(read).toEqual({ count: 1, cutShort: false, lines: [{ line: '{\ufffd}', bytes: null }] });
  });
});

describe('the segment reader', () => {
  it('reads each segment file as its bytes, framed or not, whatever the sizes that come before it', async () => {
    const dir = tempRepo();
    try {
      const events = join(dir.dir, 'ledger', 'events');
      mkdirSync(events, { recursive: true });
      // Larger than the reader's first buffer, then smaller again: the buffer grows and is reused.
      const sizes = [5, 3 << 20, 1, 1 << 20, 7];
      const contents = sizes.map((n, k) => Buffer.alloc(n, `{"k":${k}}\n`));
      contents.forEach((c, k) => writeFileSync(join(events, `${String(k * 10).padStart(12, '0')}.jsonl`), c));
      const input = await readLedgerFiles(dir.dir, layout({ segment_size: 10 }));
      expect(input.segments).toHaveLength(sizes.length);
      input.segments.forEach((s, k) => {
        const framed = s.framed!();
        expect(framed.length).toBe(sizes[k]! + 2);
        expect(framed.subarray(1, framed.length - 1).equals(contents[k]!)).toBe(true);
        expect(Buffer.from(s.bytes!()).equals(contents[k]!)).toBe(true);
      });
    } finally {
      dir.cleanup();
    }
  });
});
