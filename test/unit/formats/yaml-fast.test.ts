import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatProblem, GatehouseError } from '../../../src/core/errors.js';
import { loadStateDocumentFast } from '../../../src/formats/load-fast.js';
import { loadDocument } from '../../../src/formats/validate.js';
import { parseYaml } from '../../../src/formats/yaml.js';
import { parseYamlFast } from '../../../src/formats/yaml-fast.js';

/** parseYaml's value, or the problems it reports. */
function strict(text: string, yaml11 = true): { value?: unknown; problems?: string[] } {
  try {
    return { value: parseYaml(text, 'f.yaml', { yaml11 }).value };
  } catch (e) {
    if (e instanceof GatehouseError) return { problems: e.problems.map(formatProblem) };
    throw e;
  }
}

/** The contract: whatever the fast reader accepts, parseYaml accepts with the same value and item positions. */
function agrees(text: string, yaml11 = true): boolean {
  const fast = parseYamlFast(text, { yaml11 });
  if (fast === undefined) return false;
  const s = strict(text, yaml11);
  expect(s.problems, text).toBeUndefined();
  expect(fast.value, text).toStrictEqual(s.value);
  const locate = parseYaml(text, 'f.yaml', { yaml11 }).locate;
  const items = (v: unknown, ptr: string): string[] =>
    Array.isArray(v) ? v.map((_x, i) => `${ptr}/${i}`) : [];
  const pointers = [
    ...items(fast.value, ''),
    ...(fast.value && typeof fast.value === 'object' && !Array.isArray(fast.value)
      ? Object.entries(fast.value).flatMap(([k, v]) => items(v, `/${k}`))
      : []),
  ];
  for (const p of pointers) {
    const at = fast.itemPos(p);
    if (at !== undefined) expect(at, `${text}\n${p}`).toStrictEqual(locate(p));
  }
  return true;
}

const state = (body: string): string => `service: park-ticketing\nregion: us-east-1\nresources:\n${body}`;

describe('parseYamlFast', () => {
  it('reads the state files of the worked example as parseYaml does', () => {
    const dir = 'state';
    for (const svc of readdirSync(dir))
      for (const f of readdirSync(join(dir, svc))) {
        const path = join(dir, svc, f);
        if (statSync(path).isFile()) expect(agrees(readFileSync(path, 'utf8')), path).toBe(true);
      }
  });

  it.each([
    state('  - id: a\n    spec:\n      capacity: 500\n      open: true\n'),
    // a null item keeps the positions of the items after it
    state('  -\n  - id: b\n  -\n    id: c\n'),
    state('- id: a\n  spec: { }\n'.replace('{ }', 'x')),
    state("  -   id: a   # comment\n      note: \"quoted # not a comment\"\n      q: 'it''s'\n"),
    state('  - id: a\n    tags:\n      - one\n      - "two"\n      -\n        deep: ~\n    empty:\n'),
    'a: 1\n# comment\n\n   # indented comment\nb: -5\nc: 2026-01-18T14:00:00Z\nd: a:b\ne: a#b\nf: Null\ng: FALSE\n',
    '- a\n- b: 1\n  c: 2\n-\n  - x\n',
    'a:\n- 1\n- 2\nb: 3\n',
  ])('agrees with parseYaml on %j', (text) => {
    expect(agrees(text)).toBe(true);
  });

  it.each([
    ['a flow collection', 'a: [1, 2]\n'],
    ['a block scalar', 'a: |\n  x\n'],
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a document marker', '---\na: 1\n'],
    ['a tab', 'a:\t1\n'],
    ['CRLF line ends', 'a: 1\r\n'],
    ['non-ASCII text', 'a: café\n'],
    ['a multi-line plain scalar', 'a: b\n  c\n'],
    ['a multi-line quoted scalar', 'a: "b\n  c"\n'],
    ['an escape', 'a: "\\u0041"\n'],
    ['a quoted key', '"a": 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['the merge key', '<<: 1\n'],
    ['a YAML 1.1 boolean', 'a: yes\n'],
    ['a YAML 1.1 key', 'on: 1\n'],
    ['a leading-zero integer', 'a: 0500\n'],
    ['a float', 'a: 1.5\n'],
    ['hex', 'a: 0x1F\n'],
    ['an unsafe integer', 'a: 9007199254740993\n'],
    ['-0', 'a: -0\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a scalar document', 'hello\n'],
    ['an empty document', '# nothing\n'],
    ['a null key', 'null: 1\n'],
    ['a compact nested sequence', '- - a\n'],
    ['a nested mapping on the item line', 'a: b: c\n'],
  ])('gives up on %s', (_what, text) => {
    expect(parseYamlFast(text, { yaml11: true })).toBeUndefined();
  });

  it('never disagrees with parseYaml on generated block YAML', () => {
    const scalar = fc.oneof(
      fc.constantFrom(
        '1',
        '-5',
        '0',
        '007',
        'yes',
        'No',
        'on',
        'true',
        'True',
        'null',
        '~',
        '',
        '1.5',
        '1e3',
        '0x1F',
        '0o17',
        '.inf',
        '-0',
        '1_000',
        '1:30',
        '9007199254740993',
      ),
      fc.constantFrom(
        '"q"',
        "'it''s'",
        '"a # b"',
        '"unterminated',
        'a # c',
        'a#b',
        'a: b',
        'a:',
        '-x',
        '- x',
        '---',
        '[a]',
        '&x',
        '*x',
        '!t',
        '|',
        '%x',
        '@x',
        'x  ',
        'a:b',
      ),
      fc.stringMatching(/^[a-z0-9 #:'"-]{0,8}$/),
    );
    const key = fc.constantFrom(
      'id',
      'spec',
      'a',
      'b',
      'on',
      'y',
      'null',
      'true',
      '<<',
      'x-y',
      'a.b',
      '"q"',
      'k k',
      '__proto__',
    );
    const line = fc.tuple(
      fc.nat({ max: 6 }),
      fc.constantFrom('key', 'item', 'itemkey', 'comment', 'blank'),
      key,
      scalar,
      fc.boolean(),
    );
    const doc = fc.array(line, { minLength: 1, maxLength: 12 }).map((ls) =>
      ls
        .map(([indent, kind, k, v, empty]) => {
          const pad = ' '.repeat(indent);
          const val = empty ? '' : ` ${v}`;
          if (kind === 'key') return `${pad}${k}:${val}`;
          if (kind === 'item') return `${pad}-${val}`;
          if (kind === 'itemkey') return `${pad}- ${k}:${val}`;
          if (kind === 'comment') return `${pad}# c`;
          return pad;
        })
        .join('\n'),
    );
    fc.assert(
      fc.property(doc, fc.boolean(), (text, yaml11) => {
        agrees(`${text}\n`, yaml11);
      }),
      { numRuns: 3000 },
    );
  });
});

/** Block YAML serialised from a random tree, with the spellings the subset allows (indents, comments, quotes). */
type Tree = string | Tree[] | { [k: string]: Tree };
const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.constantFrom(
        '1',
        '-5',
        '0',
        '500',
        'true',
        'False',
        'null',
        '~',
        'yes',
        '1.5',
        'a b',
        'x-1',
        'a:b',
        'a#b',
        '2026-01-18T14:00:00Z',
      ),
      fc.stringMatching(/^[a-z0-9][a-z0-9 .:#'"-]{0,10}$/),
    ),
    fc.array(tie('t'), { minLength: 1, maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom('id', 'spec', 'open', 'capacity', 'region', 'a_b', 'x.y', 'k-1'),
      tie('t'),
      {
        minKeys: 1,
        maxKeys: 4,
      },
    ),
  ),
})).t;
const style = fc.record({
  step: fc.integer({ min: 1, max: 4 }),
  dash: fc.integer({ min: 1, max: 3 }),
  indentless: fc.boolean(),
  comments: fc.boolean(),
  quote: fc.constantFrom('none', 'double', 'single'),
});
function render(
  t: Tree,
  st: { step: number; dash: number; indentless: boolean; comments: boolean; quote: string },
): string {
  const scalar = (v: string): string =>
    st.quote === 'double' && !v.includes('"')
      ? `"${v}"`
      : st.quote === 'single'
        ? `'${v.replace(/'/g, "''")}'`
        : v;
  const out: string[] = [];
  const node = (v: Tree, indent: number, first: string | undefined): void => {
    const pad = ' '.repeat(indent);
    if (typeof v === 'string') throw new Error('scalars are written inline');
    const entries: [string | undefined, Tree][] = Array.isArray(v)
      ? v.map((x) => [undefined, x])
      : Object.entries(v);
    entries.forEach(([k, x], i) => {
      const lead = i === 0 && first !== undefined ? first : pad;
      const head = k === undefined ? `${lead}-${' '.repeat(st.dash)}` : `${lead}${k}:`;
      if (typeof x === 'string') {
        out.push(`${head}${k === undefined ? '' : ' '}${scalar(x)}${st.comments && i % 2 ? ' # note' : ''}`);
      } else if (k === undefined && !Array.isArray(x)) {
        node(x, indent + 1 + st.dash, head); // `- key: value`
      } else {
        out.push(k === undefined ? head.trimEnd() : head);
        if (st.comments) out.push(`${pad} # between`);
        const childIndent = Array.isArray(x) && k !== undefined && st.indentless ? indent : indent + st.step;
        node(x, childIndent, undefined);
      }
    });
  };
  if (typeof t === 'string') return `${scalar(t)}\n`;
  node(t, 0, undefined);
  return `${out.join('\n')}\n`;
}

describe('parseYamlFast on generated documents', () => {
  it('reads most generated block YAML, always as parseYaml does', () => {
    let read = 0;
    let runs = 0;
    fc.assert(
      fc.property(tree, style, fc.boolean(), (t, st, yaml11) => {
        runs++;
        if (agrees(render(t, st), yaml11)) read++;
      }),
      { numRuns: 2000 },
    );
    // The comparison above only means something if the fast reader takes most of these documents.
    expect(read / runs).toBeGreaterThan(0.3);
  });
});

describe('loadStateDocumentFast', () => {
  const bytes = (t: string): Uint8Array => new TextEncoder().encode(t);

  it('returns what loadDocument returns, with resource positions', () => {
    const text = state('  - id: a\n    spec:\n      capacity: 500\n  - id: b\n    service: other\n');
    const fast = loadStateDocumentFast(bytes(text), 'state/x.yaml');
    const slow = loadDocument('state', text, 'state/x.yaml');
    expect(fast.fast).toBe(true);
    expect(fast.value).toStrictEqual(slow.value);
    for (const p of ['/resources/0', '/resources/1', '/resources/0/spec/capacity', '/service', ''])
      expect(fast.locate(p), p).toStrictEqual(slow.locate(p));
    expect(fast.locate.key?.('/resources/1/service')).toStrictEqual(
      slow.locate.key?.('/resources/1/service'),
    );
  });

  it.each([
    ['a schema finding', state('  - spec: {}\n'.replace('{}', 'x'))],
    ['a YAML 1.1 scalar', state('  - id: a\n    spec:\n      open: yes\n')],
    ['a duplicate key', state('  - id: a\n    id: b\n')],
    ['invalid UTF-8', 'service: a\n\xff'],
  ])('reports %s exactly as loadDocument does', (_what, text) => {
    const b = _what === 'invalid UTF-8' ? Uint8Array.from([...bytes('service: a\n'), 0xff]) : bytes(text);
    const messages = (fn: () => unknown): string[] => {
      try {
        fn();
      } catch (e) {
        if (e instanceof GatehouseError) return e.problems.map(formatProblem);
        throw e;
      }
      return [];
    };
    const expected = messages(() => loadDocument('state', b, 'state/x.yaml'));
    expect(expected.length).toBeGreaterThan(0);
    expect(messages(() => loadStateDocumentFast(b, 'state/x.yaml'))).toStrictEqual(expected);
  });
});
