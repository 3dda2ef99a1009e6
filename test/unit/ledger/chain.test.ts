import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jcs } from '../../../src/core/jcs.js';
import { fastCanonical, isCanonicalLine } from '../../../src/ledger/canonical-line.js';
import { makeEntry, prevOf, serializeEntry } from '../../../src/ledger/chain.js';
import { ZERO_HASH } from '../../../src/core/ledger-entry.js';
import { GatehouseError } from '../../../src/core/errors.js';

const exact = (line: string): boolean => {
  try {
    return jcs(JSON.parse(line)) === line;
  } catch {
    return false;
  }
};

describe('canonical line check (RFC 8785)', () => {
  it('accepts the JCS form of any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const line = jcs(v);
        expect(isCanonicalLine(line)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never lets the fast path accept a line the exact check rejects', () => {
    const mutate = fc.tuple(
      fc.jsonValue(),
      fc.nat(),
      fc.constantFrom(' ', '"', '\\', ',', '1.0', '1e3', '-0', '\\u0041', '}', '\u00e9'),
    );
    fc.assert(
      fc.property(mutate, ([v, at, ins]) => {
        const base = jcs(v);
        const i = at % (base.length + 1);
        for (const line of [base, base.slice(0, i) + ins + base.slice(i), JSON.stringify(v, null, 1)]) {
          if (fastCanonical(line)) expect(exact(line)).toBe(true);
          expect(isCanonicalLine(line)).toBe(exact(line));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects duplicate keys, whitespace, key order, floats, exponents and escapes JCS would not write', () => {
    for (const bad of [
      '{"a":1,"a":1}',
      '{"a": 1}',
      '{"b":1,"a":2}',
      '{"a":1.0}',
      '{"a":1e3}',
      '{"a":-0}',
      '{"a":"\\u0041"}',
      '{"a":"\\u001F"}',
      '{"a":"\\/"}',
      '{"a":1} ',
      '{"a":01}',
    ])
      expect(isCanonicalLine(bad), bad).toBe(false);
    for (const good of [
      '{"a":"\\u001f\\n\\"é😀"}',
      '{"":0,"a":[1,-2,true,null,{}]}',
      '{"a":123456789012345678}',
    ])
      expect(isCanonicalLine(good), good).toBe(exact(good));
  });
});

describe('hash chain', () => {
  const draft = {
    ts: '2026-01-18T14:30:45Z',
    type: 'change.applied' as const,
    actor: 'alice',
    body: { n: 1 },
  };

  it('serialises an entry as JCS and chains prev to the leaf hash of the previous line', () => {
    const g = makeEntry(
      { ...draft, type: 'genesis', seq: 0, body: { state: { resources: {}, switches: {} } } },
      null,
    );
    expect(g.entry.prev).toBe(ZERO_HASH);
    expect(g.line).toBe(jcs(g.entry));
    const next = makeEntry({ ...draft, seq: 1 }, g.line);
    expect(next.entry.prev).toBe(prevOf(g.line));
    expect(next.line.startsWith('{"actor":"alice","body":{"n":1},"prev":"sha256:')).toBe(true);
  });

  it('refuses a float anywhere in an entry, naming where it is', () => {
    const e = makeEntry({ ...draft, seq: 0, type: 'genesis' }, null).entry;
    const bad = { ...e, body: { ops: [{ after: 0.5 }] } };
    expect(() => serializeEntry(bad)).toThrow(GatehouseError);
    expect(() => serializeEntry(bad)).toThrow(/\/body\/ops\/0\/after: 0.5 is not an integer/);
  });

  it('refuses a previous line for seq 0 and a missing one after it', () => {
    expect(() => makeEntry({ ...draft, seq: 1 }, null)).toThrow(GatehouseError);
    expect(() => makeEntry({ ...draft, seq: 0 }, '{}')).toThrow(GatehouseError);
  });
});
