/**
 * The one segment reader (src/ledger/segments.ts `segmentList`) and its drivers over the file system
 * (store/ledger-store.ts `listSegments`) and a tree (assembly/tree-segments.ts): after a crash in any step of
 * an append (DESIGN §4, the crash ordering in ledger-store.ts), the ledger is exactly the committed files, in
 * order, and every other pending file is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { makeEntry, type EntryDraft } from '../../../src/ledger/chain.js';
import { filesIn, segmentList, splitLines } from '../../../src/ledger/segments.js';
import { listSegments } from '../../../src/store/ledger-store.js';
import { treeSegments } from '../../../src/assembly/tree-segments.js';
import { FsTree } from '../../../src/repo/fs-tree.js';
import { layout, tempRepo } from './helpers.js';

const name = (seq: number): string => `${String(seq).padStart(12, '0')}.jsonl`;

/** `count` chained lines; `tag` makes chains of different ledgers differ. */
function chain(count: number, tag: string): string[] {
  const lines: string[] = [];
  for (let seq = 0; seq < count; seq++) {
    const fields: EntryDraft =
      seq === 0
        ? { ts: '2026-01-18T14:00:00Z', type: 'genesis', actor: 'alice', body: { tag } }
        : { ts: '2026-01-18T14:01:00Z', type: 'change.applied', actor: 'ops-agent', body: { tag, n: seq } };
    lines.push(makeEntry({ ...fields, seq }, seq === 0 ? null : lines[seq - 1]!).line);
  }
  return lines;
}

const text = (lines: readonly string[]): string => lines.map((l) => `${l}\n`).join('');

interface Scenario {
  segmentSize: number;
  /** name → text of every file in the events folder */
  files: Map<string, string>;
  /** what the reader must answer */
  segments: { name: string; firstSeq: number; stored: string }[];
  stale: string[];
  /** the committed ledger's lines */
  lines: string[];
}

/**
 * A ledger of `size` lines whose last append started at `lastAppend`, the renames of its later segments
 * (step 4) cut after `renamed` of them; then an append of `extra` more lines that crashed before its commit
 * point (its later segments left as pending), and, when `foreign`, a pending file of another ledger's chain
 * at the ledger's end.
 */
const scenario = fc
  .record({
    segmentSize: fc.integer({ min: 1, max: 5 }),
    size: fc.integer({ min: 1, max: 24 }),
    lastAppend: fc.nat({ max: 23 }),
    renamed: fc.nat({ max: 6 }),
    extra: fc.nat({ max: 12 }),
    foreign: fc.boolean(),
  })
  .map(({ segmentSize, size, lastAppend, renamed, extra, foreign }): Scenario => {
    const all = chain(size + extra, 'ours');
    const lines = all.slice(0, size);
    const start = Math.min(lastAppend, size - 1);
    const f0 = Math.floor(start / segmentSize) * segmentSize;
    const files = new Map<string, string>();
    const segments: Scenario['segments'] = [];
    const stale: string[] = [];
    let later = 0;
    for (let first = 0; first < size; first += segmentSize) {
      const pending = first > f0 && later++ >= renamed;
      const stored = pending ? `${name(first)}.pending` : name(first);
      files.set(stored, text(lines.slice(first, first + segmentSize)));
      segments.push({ name: name(first), firstSeq: first, stored });
    }
    // The crashed append: f0' (the segment holding seq `size`) is never replaced; f1'.. are pending.
    const g0 = Math.floor(size / segmentSize) * segmentSize;
    for (let first = g0 + segmentSize; first < size + extra; first += segmentSize) {
      files.set(
        `${name(first)}.pending`,
        text(all.slice(first, Math.min(first + segmentSize, size + extra))),
      );
      stale.push(`${name(first)}.pending`);
    }
    if (foreign && size % segmentSize === 0) {
      const other = chain(size + segmentSize, 'theirs').slice(size);
      files.set(`${name(size)}.pending`, text(other));
      stale.push(`${name(size)}.pending`);
    }
    return { segmentSize, files, segments, stale: stale.sort(), lines };
  });

const readFrom =
  (files: Map<string, string>) =>
  (n: string): Promise<string | undefined> =>
    Promise.resolve(files.get(n));

describe('segmentList', () => {
  it('returns exactly the committed segments in order, and every other pending file as stale', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, fc.boolean(), async (s, reversed) => {
        const names = [...s.files.keys()];
        if (reversed) names.reverse();
        const got = await segmentList(names, s.segmentSize, readFrom(s.files));
        expect(got.segments).toEqual(s.segments);
        expect([...got.stale].sort()).toEqual(s.stale);
        const read = got.segments.flatMap((g) => splitLines(s.files.get(g.stored)!));
        expect(read).toEqual(s.lines);
      }),
      { numRuns: 300 },
    );
  });

  it('reads no file when there is no pending file', async () => {
    const asked: string[] = [];
    const got = await segmentList([name(4), 'notes.txt', name(0), '.lock'], 4, (n) => {
      asked.push(n);
      return Promise.resolve(undefined);
    });
    expect(got).toEqual({
      segments: [
        { name: name(0), firstSeq: 0, stored: name(0) },
        { name: name(4), firstSeq: 4, stored: name(4) },
      ],
      stale: [],
    });
    expect(asked).toEqual([]);
  });

  it('takes a pending file after a segment that is not full as stale', async () => {
    const lines = chain(5, 'ours');
    const files = new Map([
      [name(0), text(lines.slice(0, 3))],
      [`${name(3)}.pending`, text(lines.slice(3))],
    ]);
    const got = await segmentList(files.keys(), 4, readFrom(files));
    expect(got).toEqual({
      segments: [{ name: name(0), firstSeq: 0, stored: name(0) }],
      stale: [`${name(3)}.pending`],
    });
  });
});

describe('filesIn', () => {
  it('keeps only the files directly in the folder, by name', () => {
    const got = filesIn('./ledger/events/', [
      'ledger/events/000000000000.jsonl',
      'ledger/events/old/000000000004.jsonl',
      'ledger/eventsx/000000000008.jsonl',
      'ledger/checkpoint',
    ]);
    expect([...got]).toEqual([['000000000000.jsonl', 'ledger/events/000000000000.jsonl']]);
  });
});

describe('the file system and tree drivers', () => {
  const made: (() => void)[] = [];
  afterAll(() => made.forEach((f) => f()));

  it('answer what segmentList answers for the same folder', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { dir, cleanup } = tempRepo();
        made.push(cleanup);
        const lay = layout({ segment_size: s.segmentSize });
        mkdirSync(join(dir, 'ledger/events'), { recursive: true });
        for (const [n, t] of s.files) writeFileSync(join(dir, 'ledger/events', n), t);
        const fs = await listSegments(dir, lay);
        expect(fs.segments).toEqual(
          s.segments.map((g) => ({
            file: `ledger/events/${g.name}`,
            firstSeq: g.firstSeq,
            abs: join(dir, 'ledger/events', g.stored),
            stored: `ledger/events/${g.stored}`,
          })),
        );
        expect([...fs.stale].sort()).toEqual(s.stale.map((n) => join(dir, 'ledger/events', n)));
        const tree = await treeSegments(new FsTree(dir), lay);
        expect(tree.segments).toEqual(
          s.segments.map((g) => ({
            file: `ledger/events/${g.name}`,
            firstSeq: g.firstSeq,
            path: `ledger/events/${g.stored}`,
          })),
        );
        expect(tree.stale).toEqual(s.stale.map((n) => `ledger/events/${n}`));
      }),
      { numRuns: 40 },
    );
  });
});
