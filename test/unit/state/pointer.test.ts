import { describe, expect, it } from 'vitest';
import { escapeToken, formatPointer, parsePointer, unescapeToken } from '../../../src/core/pointer.js';

describe('JSON Pointer (RFC 6901)', () => {
  it('escapes ~ as ~0 and / as ~1', () => {
    expect(escapeToken('a/b~c')).toBe('a~1b~0c');
    expect(formatPointer(['spec', 'a/b', '~'])).toBe('/spec/a~1b/~0');
  });

  it('decodes ~01 as ~1, not as / (RFC 6901 §4 order)', () => {
    expect(unescapeToken('~01')).toBe('~1');
    expect(parsePointer('/~01/~10')).toEqual(['~1', '/0']);
  });

  it('round-trips any tokens, including empty ones', () => {
    const tokens = ['', 'a/b', '~1', '~0/', 'x'];
    expect(parsePointer(formatPointer(tokens))).toEqual(tokens);
    expect(parsePointer('')).toEqual([]);
  });

  it('rejects a pointer without a leading slash or with a bad escape', () => {
    expect(() => parsePointer('spec')).toThrow(/must be empty or start with "\/"/);
    expect(() => parsePointer('/a~2')).toThrow(/invalid "~" escape/);
    expect(() => parsePointer('/a~')).toThrow(/invalid "~" escape/);
  });
});
