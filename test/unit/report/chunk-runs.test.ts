/**
 * The chunk scripts built from runs of segment text (src/report/chunks.ts) are byte for byte the ones built from
 * the lines alone, for chunks inside one segment, chunks across segment ends and a last short chunk; and the file
 * the report writer encodes from the runs is byte for byte chunkScriptText and evaluates to the parsed lines.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkIndexer, chunkScriptText, type ChunkScript } from '../../../src/report/chunks.js';
import { ReportWriter, chunkFile } from '../../../src/report/write.js';
import { evalDataScript } from './helpers.js';
import type { LedgerEntry } from '../../../src/core/ledger-entry.js';
import { parkLines } from '../../browser/park-ledger.js';

function chunksOf(segments: string[][], chunkSize: number, spans: boolean): Map<number, string> {
  const out = new Map<number, string>();
  const ix = new ChunkIndexer(
    { chunk: (i, s) => out.set(i, chunkScriptText(s)), state: () => {}, rare: () => {} },
    chunkSize,
  );
  for (const lines of segments) {
    const text = `${lines.join('\n')}\n`;
    let start = 0;
    for (const line of lines) {
      const e = JSON.parse(line) as LedgerEntry;
      if (spans) ix.add(e, text.slice(start, start + line.length), text, start);
      else ix.add(e, line);
      start += line.length + 1;
    }
  }
  ix.finish();
  return out;
}

describe('chunk scripts from segment text', () => {
  const { lines } = parkLines();
  // segments of 5, 6 and the rest: chunks of 4 cross every segment end; 16 entries leave a short last chunk
  const segments = [lines.slice(0, 5), lines.slice(5, 11), lines.slice(11)];
  for (const size of [1, 3, 4, 7, 100])
    it(`chunk size ${size}`, () => {
      const fromText = chunksOf(segments, size, true);
      expect(fromText.size).toBe(Math.ceil(lines.length / size));
      expect(fromText).toEqual(chunksOf(segments, size, false));
      expect([...fromText.values()].join('')).toContain(lines[7]);
    });
});

describe('chunk files written from runs', () => {
  it('hold exactly the UTF-8 of chunkScriptText and evaluate to the parsed lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-chunk-'));
    try {
      const writer = ReportWriter.open(join(dir, 'site'));
      // lines with escaped newlines, non-ASCII text and astral characters, in runs of several segment texts
      const value = fc.oneof(fc.string({ unit: 'binary' }), fc.integer(), fc.boolean(), fc.constant(null));
      const line = fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 4 }), value, { maxKeys: 4 });
      fc.assert(
        fc.property(
          fc.array(fc.array(line, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }),
          (segs) => {
            const runs = segs.map((objs) => {
              const lines = objs.map((o) => JSON.stringify(o));
              const text = `x\n${lines.join('\n')}\ny`;
              return { text, start: 2, end: text.length - 2 };
            });
            const script: ChunkScript = { head: 'gatehouseChunk(3,[', runs, tail: ']);\n' };
            writer.chunk(3, script);
            const written = readFileSync(join(writer.staging, chunkFile(3)), 'utf8');
            expect(written).toBe(chunkScriptText(script));
            expect(evalDataScript(written)).toEqual([
              3,
              segs.flat().map((o) => JSON.parse(JSON.stringify(o))),
            ]);
          },
        ),
        { numRuns: 200 },
      );
      writer.abort();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
