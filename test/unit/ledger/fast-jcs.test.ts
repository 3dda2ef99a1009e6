import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jcs } from '../../../src/core/jcs.js';
import { fastJcs } from '../../../src/ledger/fast-jcs.js';

const same = (v: unknown): void => {
  let expected: string | Error;
  try {
    expected = jcs(v);
  } catch (err) {
    expected = err as Error;
  }
  if (expected instanceof Error) expect(() => fastJcs(v)).toThrow(expected.message);
  else expect(fastJcs(v)).toBe(expected);
};

describe('fast JCS', () => {
  it('is byte-identical to jcs for any JSON value, including full-Unicode strings and keys', () => {
    fc.assert(fc.property(fc.jsonValue(), same), { numRuns: 500 });
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: 'binary' }), fc.oneof(fc.string({ unit: 'binary' }), fc.double())),
        same,
      ),
      { numRuns: 500 },
    );
  });

  it('matches jcs on the edge cases: -0, exponents, undefined members, lone surrogates, toJSON', () => {
    for (const v of [
      -0,
      1e21,
      1e-7,
      { a: undefined, b: [undefined, 1] },
      { '\ud800': 1 },
      ['\udc00'],
      { toJSON: () => ({ x: 1 }) },
      new Date(0),
      { b: 1, a: { d: [true, false, null], c: 'é\n"' } },
    ])
      same(v);
    expect(() => fastJcs(Number.NaN)).toThrow();
  });

  it('answers the same for strings it has met before, short or long, well-formed or not', () => {
    const long = 'x'.repeat(100);
    const value = { region: 'us-east-1', 'us-east-1': [long, long, 'us-east-1'], s: '\ud800' };
    for (let i = 0; i < 3; i++) {
      same(value);
      same({ region: 'us-east-1', [long]: long });
      same(['\ud800', 'us-east-1']);
    }
  });
});
