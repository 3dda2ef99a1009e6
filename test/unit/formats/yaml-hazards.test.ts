import { describe, expect, it } from 'vitest';
import { formatProblem, GatehouseError } from '../../../src/core/errors.js';
import { loadDocument } from '../../../src/formats/validate.js';
import { parseYaml } from '../../../src/formats/yaml.js';
import { yaml11Hazard } from '../../../src/formats/yaml-hazards.js';
import { writeState } from '../../../src/rollback/write-state.js';
import { buildState } from '../../../src/state/build.js';
import { applyOps } from '../../../src/state/ops.js';
import type { Op } from '../../../src/core/state-types.js';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof GatehouseError) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}

const state = (spec: string): string =>
  `service: park-ticketing\nregion: us-east-1\nresources:\n  - id: gate-a\n    spec:\n      ${spec}\n`;
const loadState = (spec: string): string[] =>
  problems(() => loadDocument('state', state(spec), 'state/park.yaml'));

describe('plain scalars that YAML 1.1 reads differently, in state files', () => {
  it.each([
    ['capacity: 0500', 'state/park.yaml:6:17: 0500 is the integer 500 in YAML 1.2 but the octal number 320'],
    ['open: yes', 'state/park.yaml:6:13: yes is a string in YAML 1.2 but the boolean true in YAML 1.1'],
    ['open: No', 'state/park.yaml:6:13: No is a string in YAML 1.2 but the boolean false in YAML 1.1'],
    ['open: oN', 'state/park.yaml:6:13: oN is a string in YAML 1.2 but the boolean true'],
    ['open: OFF', 'state/park.yaml:6:13: OFF is a string in YAML 1.2 but the boolean false'],
    ['open: y', 'state/park.yaml:6:13: y is a string in YAML 1.2 but the boolean true'],
    ['open: N', 'state/park.yaml:6:13: N is a string in YAML 1.2 but the boolean false'],
    [
      'opens: 1:30',
      'state/park.yaml:6:14: 1:30 is a string in YAML 1.2 but the base-60 number 90 in YAML 1.1',
    ],
    [
      'opens: 190:20:30',
      'state/park.yaml:6:14: 190:20:30 is a string in YAML 1.2 but the base-60 number 685230',
    ],
    ['mask: 0b1010', 'state/park.yaml:6:13: 0b1010 is a string in YAML 1.2 but the binary number 10'],
    ['mode: 0o755', 'state/park.yaml:6:13: 0o755 is the integer 493 in YAML 1.2 but a string in YAML 1.1'],
    ['seats: 1_000', 'state/park.yaml:6:14: 1_000 is a string in YAML 1.2 but the number 1000 in YAML 1.1'],
    ['seats: 1e3', 'state/park.yaml:6:14: 1e3 is a number in YAML 1.2 but a string in YAML 1.1'],
    [
      'delta: -0x1F',
      'state/park.yaml:6:14: -0x1F is a string in YAML 1.2 but a hexadecimal number in YAML 1.1',
    ],
    ['limit: .inf', 'state/park.yaml:6:14: .inf is not a finite number (JSON cannot carry it): quote it'],
    ['limit: -.Inf', 'state/park.yaml:6:14: -.Inf is not a finite number'],
    ['limit: .NaN', 'state/park.yaml:6:14: .NaN is not a finite number'],
    ['{ on: 1 }', 'state/park.yaml:6:9: on is a string in YAML 1.2 but the boolean true in YAML 1.1'],
  ])('refuses %s with file:line:col and what to write instead', (spec, message) => {
    const found = loadState(spec);
    expect(found.length, found.join('\n')).toBeGreaterThan(0);
    expect(found[0]).toContain(message);
    expect(found[0]).toMatch(/write|quote it/);
  });

  it('says what to write: the number without the leading zero, or the string quoted', () => {
    expect(loadState('capacity: 0500')).toEqual([
      'state/park.yaml:6:17: 0500 is the integer 500 in YAML 1.2 but the octal number 320 in YAML 1.1 (a leading zero means octal there): write 500 for the number, or quote it ("0500") to keep the string',
    ]);
  });

  it.each([
    'capacity: 500',
    'capacity: "0500"',
    "open: 'yes'",
    'open: true',
    'opens: "1:30"',
    'note: |\n        yes',
    'gone: ~',
    'gone: null',
    'hex: 0x1F',
    'zero: 0',
    'negative: -12',
    'day: 2026-01-18',
    'name: yesterday',
  ])('accepts %s, which both versions read alike (or which is quoted)', (spec) => {
    expect(loadState(spec)).toEqual([]);
  });

  it('applies to hand-written policies too, not to files gatehouse itself writes', () => {
    const policy =
      'limits: { percent: 0.05, service: 0.10, region: 0.20 }\nregions: { no: { max_affected: 010 } }\n';
    expect(problems(() => loadDocument('blast-radius', policy, 'policies/blast-radius.yaml'))).toEqual([
      expect.stringContaining(
        'policies/blast-radius.yaml:2:12: no is a string in YAML 1.2 but the boolean false',
      ),
      expect.stringContaining(
        'policies/blast-radius.yaml:2:32: 010 is the integer 10 in YAML 1.2 but the octal number 8',
      ),
    ]);
    // An approval's comment is free text that `gatehouse approve` writes; YAML 1.2 is the only reader.
    expect(() => parseYaml('comment: yes\n', 'changes/CHG-1/approvals/alice.yaml')).not.toThrow();
  });

  it('knows which forms agree between the versions', () => {
    for (const same of [
      'true',
      'false',
      'null',
      '~',
      '12',
      '+12',
      '-3',
      '0',
      '0x1f',
      '1.5',
      '.5',
      '1.0e+3',
      'abc',
    ])
      expect(yaml11Hazard(same), same).toBeUndefined();
  });
});

describe('merge keys', () => {
  it('refuses <<: *base in state and in every other governed file, naming the line', () => {
    const text = `service: s\nresources:\n  - &base\n    id: a\n  - <<: *base\n    id: b\n`;
    expect(problems(() => loadDocument('state', text, 'state/s.yaml'))).toEqual([
      expect.stringMatching(
        /^state\/s\.yaml:5:5: merge key "<<" is not allowed: YAML 1\.2 keeps it as a literal "<<" key/,
      ),
    ]);
    expect(problems(() => parseYaml('a: &x { b: 1 }\nc:\n  <<: *x\n', 'changes/CHG-1/change.yaml'))).toEqual([
      expect.stringMatching(/^changes\/CHG-1\/change\.yaml:3:3: merge key "<<"/),
    ]);
    // Quoted, it is an ordinary key in both versions.
    expect(() => parseYaml('"<<": 1\n', 'x.yaml')).not.toThrow();
  });
});

describe('nesting depth', () => {
  it.each([
    ['flow sequences', '['.repeat(10_000) + ']'.repeat(10_000), 'x.yaml:1:65:'],
    ['flow mappings', '{a: '.repeat(10_000) + '1' + '}'.repeat(10_000), 'x.yaml:1:257:'],
    ['block sequences', `${'- '.repeat(10_000)}x\n`, 'x.yaml:1:129:'],
  ])('refuses 10,000-deep %s with the nesting limit and where it is crossed', (_what, text, where) => {
    expect(problems(() => parseYaml(text, 'x.yaml'))).toEqual([
      `${where} nesting deeper than 64 levels: flatten the document (governed YAML nests at most 64 levels)`,
    ]);
  });

  it('accepts 64 levels and refuses 65', () => {
    expect(() => parseYaml('['.repeat(64) + ']'.repeat(64), 'x.yaml')).not.toThrow();
    expect(problems(() => parseYaml('['.repeat(65) + ']'.repeat(65), 'x.yaml'))[0]).toContain(
      'x.yaml:1:65: nesting deeper than 64 levels',
    );
  });

  it('counts the levels that aliases add once expanded', () => {
    const lines = ['a: &a0 [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]'];
    for (let i = 1; i <= 3; i++)
      lines.push(`b${i}: &a${i} [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*a${i - 1}]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`);
    expect(problems(() => parseYaml(`${lines.join('\n')}\n`, 'x.yaml'))[0]).toMatch(
      /^x\.yaml:2:\d+: nesting deeper than 64 levels: .* once its aliases are expanded$/,
    );
  });
});

describe('state that gatehouse writes passes its own YAML 1.1 check', () => {
  it('quotes a restored "15:00" or "yes" when a rollback writes it back into a state file', () => {
    const text = 'service: park\nresources:\n  - id: parade\n    spec: { start: "15:00", open: "yes" }\n';
    const file = 'state/park.yaml';
    const built = buildState([{ file, ...loadDocument('state', text, file) }]);
    const ops: Op[] = [
      { op: 'update', key: 'park/parade', path: '/spec/start', before: '15:00', after: '16:30' },
      { op: 'update', key: 'park/parade', path: '/spec/open', before: 'yes', after: 'no' },
    ];
    const [edit] = writeState(new Map([[file, text]]), ops, built.state, applyOps(built.state, ops), {
      stateDir: 'state',
      origins: built.origins,
    });
    expect(edit!.text).toContain('start: "16:30"');
    expect(edit!.text).toContain('open: "no"');
    expect(problems(() => loadDocument('state', edit!.text, file))).toEqual([]);
  });
});

describe('what else a YAML 1.1 reader or JSON reads differently', () => {
  it.each([
    [
      'capacity: !!int "0500"',
      'state/park.yaml:6:23: explicit tag !!int is resolved differently by YAML 1.1 and 1.2',
    ],
    ['open: !!bool "off"', 'state/park.yaml:6:20: explicit tag !!bool is resolved differently'],
    [
      'capacity: 500 #\u0085      capacity: 9999',
      'state/park.yaml:6:22: U+0085 is a line break in YAML 1.1 but not in YAML 1.2',
    ],
    ['capacity: 500 #\u2028 x', 'state/park.yaml:6:22: U+2028 is a line break in YAML 1.1'],
    ['route: "\\ud800"', 'state/park.yaml:6:14: a lone UTF-16 surrogate escape'],
  ])('refuses %j with its position', (spec, message) => {
    expect(loadState(spec).join('\n')).toContain(message);
  });

  it('keeps a surrogate pair escape, and refuses a lone one in any governed file', () => {
    expect(loadState('route: "\\ud83d\\ude00"')).toEqual([]);
    expect(problems(() => parseYaml('type: "\\udc00"\n', 'incidents/x.md')).join('\n')).toContain(
      'incidents/x.md:1:7: a lone UTF-16 surrogate escape',
    );
  });
});
