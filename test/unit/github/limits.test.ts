import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annotationBatches } from '../../../src/github/annotations.js';
import { capWorkflowAnnotations, chunks, truncateChars, truncateUtf8 } from '../../../src/github/limits.js';
import type { Annotation } from '../../../src/github/types.js';

describe('GitHub size limits', () => {
  it('never exceeds the byte budget nor splits a code point when cutting UTF-8', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.integer({ min: 120, max: 600 }),
        (s, max) => {
          const out = truncateUtf8(s, max);
          expect(Buffer.byteLength(out, 'utf8')).toBeLessThanOrEqual(Math.max(max, Buffer.byteLength(s)));
          if (Buffer.byteLength(s) > max) expect(Buffer.byteLength(out, 'utf8')).toBeLessThanOrEqual(max);
          expect(out.includes('\uFFFD')).toBe(s.includes('\uFFFD'));
          if (Buffer.byteLength(s) <= max) expect(out).toBe(s);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cuts to at most max UTF-16 units and never leaves a lone high surrogate', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.integer({ min: 100, max: 400 }),
        (s, max) => {
          const out = truncateChars(s, max);
          expect(out.length).toBeLessThanOrEqual(Math.max(max, s.length <= max ? s.length : max));
          expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(out)).toBe(
            /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(s),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('splits into batches of at most 50 that together keep every annotation once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), (n) => {
        const anns: Annotation[] = Array.from({ length: n }, (_, i) => ({
          path: `f${i % 9}.yaml`,
          line: i + 1,
          level: (['failure', 'warning', 'notice'] as const)[i % 3] ?? 'failure',
          message: `m${i}`,
        }));
        const batches = annotationBatches(anns);
        expect(batches.every((b) => b.length <= 50 && b.length > 0)).toBe(true);
        expect(
          batches
            .flat()
            .map((a) => a.message)
            .sort(),
        ).toEqual(anns.map((a) => a.message).sort());
        expect(batches.length).toBe(Math.ceil(n / 50));
      }),
      { numRuns: 200 },
    );
    expect(chunks([1, 2, 3], 2)).toEqual([[1, 2], [3]]);
  });

  it('puts failures before warnings and notices', () => {
    const batches = annotationBatches([
      { path: 'a', line: 1, level: 'notice', message: 'n' },
      { path: 'b', line: 2, level: 'failure', message: 'f' },
      { path: 'c', line: 0, level: 'warning', message: 'w' },
    ]);
    expect(batches[0]?.map((a) => a.annotation_level)).toEqual(['failure', 'warning', 'notice']);
    expect(batches[0]?.[1]?.start_line).toBe(1); // line 0 is not a line: clamped to 1
  });

  it('keeps the first 10 workflow annotations of each level and counts the rest', () => {
    const list = [
      ...Array.from({ length: 12 }, (_, i) => ({ level: 'failure', i })),
      ...Array.from({ length: 3 }, (_, i) => ({ level: 'warning', i })),
    ];
    const { shown, omitted } = capWorkflowAnnotations(list);
    expect(shown.filter((a) => a.level === 'failure').map((a) => a.i)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(shown.filter((a) => a.level === 'warning')).toHaveLength(3);
    expect(omitted).toBe(2);
  });
});
