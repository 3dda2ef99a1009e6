import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, isDuration, parseDuration } from '../../../src/core/duration.js';

describe('durations', () => {
  it('reads the spellings policies use', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('2h30m')).toBe(9_000_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('1m500ms')).toBe(60_500);
  });

  it('refuses anything else, naming the value', () => {
    for (const bad of ['', 'h', '1', '1x', '30m1h', '1h1h', '-1h', '1.5h', ' 1h', '1H']) {
      expect(isDuration(bad)).toBe(false);
      expect(() => parseDuration(bad)).toThrow(
        `expected a duration like 30s, 30m, 1h or 2h30m, found "${bad}"`,
      );
    }
  });

  it('formats whole seconds back to a spelling that parses to the same value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 86_400 }), (seconds) => {
        const text = formatDuration(seconds * 1000);
        expect(isDuration(text)).toBe(true);
        expect(parseDuration(text)).toBe(seconds * 1000);
      }),
      { numRuns: 300 },
    );
  });
});
