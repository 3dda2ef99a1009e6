import { describe, expect, it } from 'vitest';
import { anyPathMatches, matchGlob } from '../../../src/core/glob.js';
import { formatDuration, parseDuration } from '../../../src/core/timestamps.js';

describe('matchGlob', () => {
  it.each([
    ['policies/**', 'policies/quorum.yaml', true],
    ['policies/**', 'policies/keys/alice.asc', true],
    ['policies/**', 'policies', true],
    ['policies/**', 'policies-old/x', false],
    ['state/*.yaml', 'state/a.yaml', true],
    ['state/*.yaml', 'state/park/a.yaml', false],
    ['state/**/*.yaml', 'state/a.yaml', true],
    ['state/**/*.yaml', 'state/park/us/a.yaml', true],
    ['**/approvals/*', 'changes/CHG-1/approvals/bob.yaml', true],
    ['**', 'anything/at/all', true],
    ['changes/CHG-?/change.yaml', 'changes/CHG-1/change.yaml', true],
    ['changes/CHG-?/change.yaml', 'changes/CHG-12/change.yaml', false],
    ['a.b/(x)+', 'a.b/(x)+', true],
    ['a.b', 'axb', false],
  ])('%s against %s is %s', (pattern, path, expected) => {
    expect(matchGlob(pattern, path)).toBe(expected);
  });

  it('matches when any pattern matches any path', () => {
    expect(anyPathMatches(['x/**', 'policies/*.yaml'], ['src/a.ts', 'policies/actors.yaml'])).toBe(true);
    expect(anyPathMatches(['x/**'], ['src/a.ts'])).toBe(false);
  });
});

describe('parseDuration', () => {
  it('reads policy durations and rejects anything else', () => {
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('2h30m')).toBe(9_000_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('45s')).toBe(45_000);
    expect(parseDuration('1 h')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
    expect(parseDuration('h')).toBeUndefined();
    expect(formatDuration(9_000_000)).toBe('2h30m');
  });
});
