import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jcs } from '../../../src/core/jcs.js';
import { exactCanonical, fastCanonical } from '../../../src/ledger/canonical-line.js';
import { ENTRY_TYPES, ZERO_HASH, type LedgerEntry } from '../../../src/core/ledger-entry.js';
import { entryShapeProblems } from '../../../src/ledger/entry-shape.js';
import { leafHashHex } from '../../../src/ledger/merkle.js';
import { lineLeafHex, readLineFast } from '../../../src/ledger/verify-line.js';
import { segmentLines } from '../../../src/ledger/verify-segment.js';

const PREV = `sha256:${'ab'.repeat(32)}`;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const BODY_READ = ['file', 'ops', 'state', 'switch'] as const;

// Strings with the characters that matter to the scanner: quotes, backslashes, controls, non-ASCII.
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', 'a"b', 'c\\d', 'e\nf', '\u001f', 'é', '😀', '\u2028', 'x/y~z'),
);
const scalar = fc.oneof(fc.integer(), text, fc.boolean(), fc.constant(null));
const op = fc.record(
  {
    after: fc.oneof(scalar, fc.jsonValue({ maxDepth: 2 })),
    before: scalar,
    key: text,
    op: fc.constantFrom('create', 'update', 'delete'),
    path: text,
    extra: fc.integer(),
  },
  { requiredKeys: ['key', 'op', 'path'] },
);
const timestamp = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) })
  .map((t) => new Date(t).toISOString().replace(/\.000Z$/, 'Z'));
const entry = fc.record(
  {
    v: fc.constantFrom<unknown>(1, 1, 1, 2, '1'),
    seq: fc.oneof(fc.nat(), fc.constantFrom<unknown>(-1, 2 ** 53, 'x', 1.5)),
    prev: fc.constantFrom<unknown>(PREV, ZERO_HASH, `sha256:${'0'.repeat(63)}`, 7),
    ts: fc.oneof(
      timestamp,
      fc.constantFrom<unknown>(
        '2026-02-30T00:00:00Z',
        '2026-13-01T00:00:00Z',
        '2026-01-01T23:59:60Z',
        '2026-01-01T00:00:00.5Z',
        'now',
        3,
      ),
    ),
    type: fc.oneof(fc.constantFrom<unknown>(...ENTRY_TYPES), fc.constantFrom<unknown>('change', 1)),
    actor: fc.oneof(text, fc.constantFrom<unknown>(true, 'ru', 5)),
    level: fc.oneof(fc.integer({ min: -1, max: 6 }), fc.constantFrom<unknown>('3', null)),
    subject: fc.oneof(fc.record({ change: text, pr: fc.nat() }), fc.constantFrom<unknown>('s', [])),
    body: fc.oneof(
      fc.record(
        {
          approvals: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 2 }),
          digest: text,
          file: fc.oneof(text, fc.integer()),
          manifest: fc.jsonValue({ maxDepth: 2 }),
          ops: fc.oneof(fc.array(op, { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
          state: fc.oneof(text, fc.jsonValue({ maxDepth: 3 })),
          switch: text,
          '': fc.integer(),
        },
        { requiredKeys: [] },
      ),
      fc.constantFrom<unknown>([], 'b'),
    ),
    zzz: fc.integer(),
    '': fc.integer(),
  },
  { requiredKeys: ['v', 'seq', 'ts', 'type', 'actor', 'body'] },
);
const mutation = fc.tuple(
  fc.nat(),
  fc.constantFrom(
    '',
    ' ',
    '"',
    '\\',
    ',',
    '1',
    '1.0',
    'e3',
    '-0',
    '\\u0041',
    '\\"',
    '}',
    ']',
    'é',
    '\t',
    '\ud800',
  ),
  fc.nat({ max: 2 }),
);

/** What verify reads of an entry, from JSON.parse: the fields the fast reader must give the same. */
function viewOf(e: LedgerEntry): unknown {
  const body = e.body as Record<string, unknown>;
  const read: Record<string, unknown> = {};
  for (const k of BODY_READ) if (Object.prototype.hasOwnProperty.call(body, k)) read[k] = body[k];
  return {
    v: e.v,
    seq: e.seq,
    prev: e.prev,
    ts: e.ts,
    type: e.type,
    actor: e.actor,
    level: e.level,
    body: read,
  };
}

function lineOf(value: unknown, [at, ins, cut]: [number, string, number]): string {
  const base = jcs(value);
  const i = at % (base.length + 1);
  return base.slice(0, i) + ins + base.slice(i + cut);
}

/**
 * The one-pass reading of each line of `text` as verify gives it: from the bytes segmentLines offers
 * (none for text with a lone surrogate, which has no UTF-8 form).
 */
function readLines(text: string, expectedPrev: string): (LedgerEntry | null)[] {
  const lines = segmentLines({ file: 'segment', text });
  if (lines === null) return [];
  const leaf = expectedPrev.slice('sha256:'.length);
  return Array.from({ length: lines.count }, (_, i) =>
    lines.bytes === null
      ? null
      : readLineFast(lines.bytes, lines.start(i), lines.end(i), lines.ascii, expectedPrev, leaf),
  );
}

/** The one-pass reading of one line (no newline in it). */
function readLine(line: string, expectedPrev: string): LedgerEntry | null {
  const [entry, ...more] = readLines(`${line}\n`, expectedPrev);
  expect(more).toEqual([]);
  return entry ?? null;
}

/** The fast reading of `line`, checked against the exact path for the same line. */
function agrees(line: string, expectedPrev: string, got: LedgerEntry | null): void {
  if (got === null) return;
  expect(exactCanonical(line), line).toBe(true);
  const parsed = JSON.parse(line) as LedgerEntry;
  expect(entryShapeProblems(parsed, expectedPrev), line).toEqual([]);
  expect(viewOf(got)).toEqual(viewOf(parsed));
}

describe('the one-pass ledger line reader', () => {
  it('reads a canonical, well-shaped line as JSON.parse does, and only such lines', () => {
    fc.assert(
      fc.property(entry, mutation, fc.boolean(), (e, m, mutate) => {
        const line = mutate ? lineOf(e, m) : jcs(e);
        for (const expectedPrev of [PREV, ZERO_HASH])
          agrees(line, expectedPrev, readLine(line, expectedPrev));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads every sound line of a generated entry', () => {
    fc.assert(
      fc.property(entry, (e) => {
        const line = jcs(e);
        const parsed = JSON.parse(line) as LedgerEntry;
        const sound = exactCanonical(line) && entryShapeProblems(parsed, PREV).length === 0;
        const fast = readLine(line, PREV);
        // The fast path may decline a sound line (non-BMP text, long integers…), never accept a bad one.
        if (fast !== null) expect(sound).toBe(true);
        if (sound && fastCanonical(line) && !/[\ud800-\udfff]/.test(line)) expect(fast).not.toBeNull();
      }),
      { numRuns: 1000 },
    );
  });

  it('reads a line inside a segment text as it reads the line alone, whatever the lines around it hold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(entry, mutation, fc.boolean()), { minLength: 1, maxLength: 6 }),
        (items) => {
          const lines = items.map(([e, m, mutate]) => (mutate ? lineOf(e, m) : jcs(e)).replace(/\n/g, ' '));
          const inText = readLines(`${lines.join('\n')}\n`, PREV);
          expect(inText).toHaveLength(lines.length);
          // Text with a lone surrogate has no UTF-8 bytes to read: every line of it takes the exact path.
          if (lines.some((l) => LONE_SURROGATE.test(l))) {
            expect(inText.every((e) => e === null)).toBe(true);
            return;
          }
          // Twice over, and backwards, so no position kept from an earlier scan can leak into a later one.
          for (const pass of [0, 1])
            for (let k = lines.length - 1; k >= 0; k--) {
              const l = lines[k] as string;
              const alone = readLine(l, PREV);
              expect(alone === null ? null : viewOf(alone), `pass ${pass} line ${k}`).toEqual(
                inText[k] === null ? null : viewOf(inText[k] as LedgerEntry),
              );
              agrees(l, PREV, alone);
            }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives the same answer when the same line is scanned twice', () => {
    for (const line of ['["\\"]', '{"a":"\\\\"}', '{"a":"\\""}', '["\\u001f","\\u0041"]']) {
      const first = fastCanonical(line);
      expect(fastCanonical(line), line).toBe(first);
      expect(first, line).toBe(exactCanonical(line));
    }
  });

  it('declines a line with a member it does not know, a wrong v, an out-of-range level or a bad time', () => {
    const good = {
      actor: 'alice',
      body: { ops: [] },
      level: 2,
      prev: PREV,
      seq: 3,
      ts: '2026-01-18T14:30:45Z',
      type: 'change.applied',
      v: 1,
    };
    const ok = jcs(good);
    expect(readLine(ok, PREV)).toMatchObject({ seq: 3, body: { ops: [] } });
    for (const bad of [
      { ...good, extra: 1 },
      { ...good, v: 2 },
      { ...good, level: 5 },
      { ...good, ts: '2026-13-01T00:00:00Z' },
      { ...good, prev: 'sha256:00' },
      { ...good, actor: '' },
    ]) {
      const line = jcs(bad);
      expect(readLine(line, PREV), line).toBeNull();
    }
  });

  it('hashes a line as the RFC 9162 leaf hash merkle.ts gives, for any text and length', () => {
    fc.assert(
      fc.property(
        fc.oneof(text, fc.string({ unit: 'binary', maxLength: 40 })),
        fc.nat({ max: 30_000 }),
        (t, n) => {
          const line = t + 'x'.repeat(n) + t;
          expect(lineLeafHex(line)).toBe(leafHashHex(line));
        },
      ),
      { numRuns: 200 },
    );
    const long = '\u00e9'.repeat(40_000);
    expect(lineLeafHex(long)).toBe(leafHashHex(long));
    expect(lineLeafHex('short')).toBe(leafHashHex('short'));
  });
});
