/**
 * RFC 8785 through gatehouse/lib: cyberphone/json-canonicalization's testdata (input → output, byte for byte) and
 * the RFC's number samples, read from the shared vector folder at test time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jcs } from 'gatehouse/lib';

const DIR = fileURLToPath(new URL('../../../shared/interop-vectors/part-a/jcs/', import.meta.url));

describe('JCS (RFC 8785) vectors', () => {
  const names = readdirSync(`${DIR}input`).filter((n) => n.endsWith('.json'));
  it('has the reference cases', () => expect(names.length).toBeGreaterThanOrEqual(6));
  for (const name of names)
    it(`canonicalises ${name} as the reference does`, () => {
      const input = JSON.parse(readFileSync(`${DIR}input/${name}`, 'utf8')) as unknown;
      const want = readFileSync(`${DIR}output/${name}`);
      expect(Buffer.from(jcs(input), 'utf8').equals(want)).toBe(true);
    });

  it('serialises every IEEE 754 sample of RFC 8785 Appendix B as the RFC does, refusing NaN and infinities', () => {
    const rows = readFileSync(`${DIR}numbers.csv`, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(','));
    expect(rows.length).toBeGreaterThan(20);
    for (const [hex, expected] of rows) {
      const value = Buffer.from(hex!, 'hex').readDoubleBE(0);
      if (expected === 'null') expect(() => jcs(value), hex).toThrow();
      else expect(jcs(value), hex).toBe(expected);
    }
  });
});
