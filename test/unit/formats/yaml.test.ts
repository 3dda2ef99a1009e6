import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { GatehouseError } from '../../../src/core/errors.js';
import { firstInvalidUtf8, parseYaml } from '../../../src/formats/yaml.js';

function problemsOf(fn: () => unknown): { line?: number; col?: number; message: string }[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GatehouseError);
    expect((e as GatehouseError).code).toBe('bad-input');
    return [...(e as GatehouseError).problems];
  }
  throw new Error('expected bad input');
}

describe('parseYaml', () => {
  it('parses plain YAML into JSON values', () => {
    expect(parseYaml('a: 1\nb: [x, y]\n', 'f.yaml').value).toEqual({ a: 1, b: ['x', 'y'] });
  });

  it('keeps timestamps, dates and yes/no as strings (YAML 1.2 core schema)', () => {
    const { value } = parseYaml('t: 2026-01-18T14:00:00Z\nd: 2026-01-18\ny: yes\nn: off\n', 'f.yaml');
    expect(value).toEqual({ t: '2026-01-18T14:00:00Z', d: '2026-01-18', y: 'yes', n: 'off' });
  });

  it('ignores a %YAML 1.1 directive rather than switching to 1.1 booleans', () => {
    const { value } = parseYaml('%YAML 1.1\n---\na: yes\n', 'f.yaml');
    expect(value).toEqual({ a: 'yes' });
  });

  it('reports a syntax error with its line and column', () => {
    const [p, ...rest] = problemsOf(() => parseYaml('a: 1\nb: [1, 2\nc: 3\n', 'f.yaml'));
    expect(p?.message).toMatch(/^YAML syntax error: /);
    expect(p?.line).toBeGreaterThanOrEqual(2);
    expect(p?.col).toBeGreaterThanOrEqual(1);
    expect(rest.every((r) => r.line !== undefined)).toBe(true);
  });

  it('refuses a duplicate key, naming both lines', () => {
    const ps = problemsOf(() => parseYaml('a: 1\nb:\n  x: 1\n  x: 2\n', 'f.yaml'));
    expect(ps).toEqual([
      { file: 'f.yaml', line: 4, col: 3, message: 'duplicate key "x" (first defined at line 3)' },
    ]);
  });

  it('treats keys that differ only in YAML spelling as duplicates', () => {
    const ps = problemsOf(() => parseYaml('1: a\n"1": b\n', 'f.yaml'));
    expect(ps[0]?.message).toBe('duplicate key "1" (first defined at line 1)');
  });

  it('reports every problem at once', () => {
    const ps = problemsOf(() => parseYaml('a: 1\na: 2\nb: !custom x\nc: 3\nc: 4\n', 'f.yaml'));
    expect(ps.map((p) => p.line)).toEqual([2, 3, 5]);
  });

  it('refuses an alias bomb without expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    // 10^9 leaves if expanded: the guard must stop it long before that.
    const ps = problemsOf(() => parseYaml(`${levels.join('\n')}\n`, 'bomb.yaml'));
    expect(ps[0]?.message).toMatch(/aliases expand too far.*more than 100 alias expansions are refused/);
    expect(ps[0]?.line).toBe(2);
  });

  it('allows a few ordinary aliases', () => {
    const { value } = parseYaml('base: &b { open: false }\ngate: *b\n', 'f.yaml');
    expect(value).toEqual({ base: { open: false }, gate: { open: false } });
  });

  it('refuses a file over the size cap, naming the size and the cap', () => {
    const ps = problemsOf(() => parseYaml('a: 1\n'.repeat(300), 'big.yaml', { maxBytes: 1024 }));
    expect(ps[0]?.message).toBe(
      'file is 1.5 KiB (1500 bytes), over the 1 KiB (1024 bytes) cap for governed YAML',
    );
  });

  it('has a default cap of 1 MiB', () => {
    const big = `a: "${'x'.repeat(1024 * 1024)}"\n`;
    const ps = problemsOf(() => parseYaml(big, 'big.yaml'));
    expect(ps[0]?.message).toMatch(/over the 1 MiB \(1048576 bytes\) cap/);
  });

  it('reports the line and column of the first invalid UTF-8 byte', () => {
    const bytes = Buffer.concat([
      Buffer.from('a: 1\nname: "Al'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"\n'),
    ]);
    const ps = problemsOf(() => parseYaml(bytes, 'f.yaml'));
    expect(ps).toEqual([
      {
        file: 'f.yaml',
        line: 2,
        col: 10,
        message: 'invalid UTF-8 (byte 0xc3 at offset 14): save the file as UTF-8',
      },
    ]);
  });

  it('finds invalid UTF-8 sequences the way RFC 3629 defines them', () => {
    expect(firstInvalidUtf8(Buffer.from('héllo ✓ 😀'))).toBe(Buffer.byteLength('héllo ✓ 😀'));
    expect(firstInvalidUtf8(Uint8Array.of(0x41, 0xc0, 0x80))).toBe(1); // overlong
    expect(firstInvalidUtf8(Uint8Array.of(0xed, 0xa0, 0x80))).toBe(0); // surrogate
    expect(firstInvalidUtf8(Uint8Array.of(0x41, 0xf0, 0x9f))).toBe(1); // truncated
    expect(firstInvalidUtf8(Uint8Array.of(0xf5, 0x80, 0x80, 0x80))).toBe(0); // above U+10FFFF
  });

  it('refuses a second document in one file', () => {
    const ps = problemsOf(() => parseYaml('a: 1\n---\nb: 2\n', 'f.yaml'));
    expect(ps).toEqual([
      {
        file: 'f.yaml',
        line: 2,
        col: 1,
        message: 'a second YAML document ("---") in one file: each governed file holds exactly one document',
      },
    ]);
  });

  it('refuses custom and non-core tags', () => {
    for (const [src, tag] of [
      ['a: !secret x\n', '!secret'],
      ['a: !!binary aGk=\n', '!!binary'],
      ['a: !!set { x: null }\n', '!!set'],
      ['a: !!timestamp 2026-01-01\n', '!!timestamp'],
    ] as const) {
      const ps = problemsOf(() => parseYaml(src, 'f.yaml'));
      expect(ps[0]?.message).toBe(`custom tag ${tag} is not allowed: governed files hold plain YAML`);
      expect(ps[0]?.line).toBe(1);
    }
  });

  it('accepts explicit core tags', () => {
    expect(parseYaml('a: !!str 5\nb: !!int "7"\n', 'f.yaml').value).toEqual({ a: '5', b: 7 });
  });

  it('refuses integers too large to be exact and non-finite numbers', () => {
    const ps = problemsOf(() => parseYaml('a: 12345678901234567890\nb: .inf\n', 'f.yaml'));
    expect(ps.map((p) => [p.line, p.message])).toEqual([
      [1, 'integer 12345678901234567890 is too large to be exact; quote it to keep it as a string'],
      [2, '.inf is not a finite number (JSON cannot carry it): quote it to keep it as a string'],
    ]);
  });

  it('returns null for an empty file', () => {
    expect(parseYaml('', 'f.yaml').value).toBeNull();
    expect(parseYaml('# only a comment\n', 'f.yaml').value).toBeNull();
  });

  it('locates values and keys by JSON Pointer', () => {
    const src = 'actors:\n  - id: alice\n    roles: [a, b]\n    "we/ird~key": 1\n';
    const { locate } = parseYaml(src, 'f.yaml');
    expect(locate('')).toEqual({ line: 1, col: 1 });
    expect(locate('/actors/0/id')).toEqual({ line: 2, col: 9 });
    expect(locate.key?.('/actors/0/id')).toEqual({ line: 2, col: 5 });
    expect(locate('/actors/0/roles/1')).toEqual({ line: 3, col: 16 });
    expect(locate('/actors/0/we~1ird~0key')).toEqual({ line: 4, col: 19 });
    expect(locate('/actors/1')).toBeUndefined();
    expect(locate('/nope')).toBeUndefined();
  });

  it('locates through aliases', () => {
    const { locate } = parseYaml('base: &b\n  open: false\ngate: *b\n', 'f.yaml');
    expect(locate('/gate/open')).toEqual({ line: 2, col: 9 });
  });

  it('locates a key whose value is empty', () => {
    const { locate } = parseYaml('a:\nb: 1\n', 'f.yaml');
    expect(locate('/a')).toEqual({ line: 1, col: 3 });
    expect(locate.key?.('/a')).toEqual({ line: 1, col: 1 });
  });

  it('offsets lines for YAML embedded in a larger file', () => {
    const { locate } = parseYaml('a: 1\nb: 2\n', 'f.md', { lineOffset: 1 });
    expect(locate('/b')).toEqual({ line: 3, col: 4 });
    const ps = problemsOf(() => parseYaml('a: 1\na: 2\n', 'f.md', { lineOffset: 1 }));
    expect(ps[0]).toMatchObject({ line: 3, message: 'duplicate key "a" (first defined at line 2)' });
  });

  it('locates every integer leaf of any document at the text of that integer', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
    const doc = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(key, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, doc, { minKeys: 1, maxKeys: 4 }), fc.boolean(), (value, flow) => {
        const text = stringify(value, flow ? { collectionStyle: 'flow' } : {});
        const parsed = parseYaml(text, 'p.yaml');
        expect(parsed.value).toEqual(value);
        const lines = text.split('\n');
        const walk = (v: unknown, pointer: string): void => {
          if (typeof v === 'number') {
            const pos = parsed.locate(pointer);
            expect(pos).toBeDefined();
            expect(lines[pos!.line - 1]!.slice(pos!.col - 1).startsWith(String(v))).toBe(true);
          } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${pointer}/${i}`));
          else if (v && typeof v === 'object')
            for (const [k, x] of Object.entries(v)) walk(x, `${pointer}/${k}`);
        };
        walk(value, '');
      }),
      { numRuns: 300 },
    );
  });
});
