/**
 * The chunk scripts built from runs of segment text (src/report/chunks.ts) are byte for byte the ones built from
 * the lines alone, for chunks inside one segment, chunks across segment ends and a last short chunk.
 */
import { describe, expect, it } from 'vitest';
import { ChunkIndexer } from '../../../src/report/chunks.js';
import type { LedgerEntry } from '../../../src/core/ledger-entry.js';
import { parkLines } from '../../browser/park-ledger.js';

function chunksOf(segments: string[][], chunkSize: number, spans: boolean): Map<number, string> {
  const out = new Map<number, string>();
  const ix = new ChunkIndexer({ chunk: (i, s) => out.set(i, s), state: () => {}, rare: () => {} }, chunkSize);
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
