/**
 * The chunk files written straight from segment bytes (src/report/chunk-files.ts, by the verification thread)
 * are byte for byte the ones the report writes from its text of the same segments (ChunkIndexer's chunk scripts,
 * chunkScriptText): for any lines, any chunk size, segments split anywhere, a last line without its newline,
 * and segments that are not valid UTF-8.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkFileWriter } from '../../../src/report/chunk-files.js';
import { ChunkIndexer, chunkScriptText } from '../../../src/report/chunks.js';
import { chunkFile } from '../../../src/report/write.js';
import type { LedgerEntry } from '../../../src/core/ledger-entry.js';

/** What the report writes for these segments: its UTF-8 text of each, split into lines, chunked. */
function expected(segments: Uint8Array[], chunkSize: number): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const ix = new ChunkIndexer(
    {
      chunk: (i, s) => out.set(chunkFile(i), Buffer.from(chunkScriptText(s), 'utf8')),
      state: () => {},
      rare: () => {},
    },
    chunkSize,
  );
  const entry = {
    type: 'change.applied',
    actor: 'a',
    ts: '2026-01-01T00:00:00Z',
    body: {},
  } as unknown as LedgerEntry;
  for (const bytes of segments) {
    const text = Buffer.from(bytes).toString('utf8');
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      ix.add(entry, text.slice(start, end), text, start);
      start = end + 1;
    }
  }
  ix.finish();
  return out;
}

function written(segments: Uint8Array[], chunkSize: number): { files: Map<string, Buffer>; bytes: number } {
  const dir = mkdtempSync(join(tmpdir(), 'gh-chunk-files-'));
  try {
    mkdirSync(join(dir, 'data'));
    const w = new ChunkFileWriter(dir, chunkSize);
    for (const s of segments) w.add(s);
    const r = w.finish();
    const files = new Map<string, Buffer>();
    for (const f of readdirSync(join(dir, 'data')).sort())
      files.set(`data/${f}`, readFileSync(join(dir, 'data', f)));
    expect(r.files).toBe(files.size);
    return { files, bytes: r.bytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A line: any text without a newline, or raw bytes without 0x0A (not always UTF-8).
const line = fc.oneof(
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: 40 })
    .map((s) => s.replaceAll('\n', ' '))
    .filter((s) => s !== ''),
  fc
    .uint8Array({ minLength: 1, maxLength: 30 })
    .map((b) => Buffer.from(b.map((x) => (x === 0x0a ? 0x20 : x))).toString('latin1')),
);

describe('chunk files from segment bytes', () => {
  it('are the chunk scripts of the report, byte for byte', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(line, fc.boolean()), { minLength: 0, maxLength: 12 }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.integer({ min: 1, max: 7 }),
        fc.boolean(),
        (segs, chunkSize, lastNewline) => {
          // each line is text (UTF-8 encoded) or raw bytes (latin1 → bytes as given)
          const segments = segs.map((lines, k) => {
            const parts = lines.map(([l, raw]) => Buffer.from(l, raw ? 'latin1' : 'utf8'));
            const joined = Buffer.concat(parts.flatMap((p) => [p, Buffer.of(0x0a)]));
            return k === segs.length - 1 && !lastNewline && joined.length > 0
              ? joined.subarray(0, -1)
              : joined;
          });
          const want = expected(segments, chunkSize);
          const got = written(segments, chunkSize);
          expect([...got.files.keys()]).toEqual([...want.keys()]);
          for (const [f, b] of want) expect(got.files.get(f)!.equals(b), f).toBe(true);
          expect(got.bytes).toBe([...want.values()].reduce((n, b) => n + b.length, 0));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('writes nothing for a ledger without lines', () => {
    expect(written([new Uint8Array(0)], 3).files.size).toBe(0);
  });
});
