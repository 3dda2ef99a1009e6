import { describe, expect, it } from 'vitest';
import { GatehouseError, formatProblem, type Problem } from '../../../src/core/errors.js';
import { checkSchema, loadDocument, SCHEMA_KINDS, type SchemaKind } from '../../../src/formats/validate.js';
import { parseYaml } from '../../../src/formats/yaml.js';
import { SAMPLE_BY_KIND as VALID } from '../../integration/validate-fixture.js';

function problems(kind: SchemaKind, src: string, file = `${kind}.yaml`): string[] {
  const { value, locate } = parseYaml(src, file);
  return checkSchema(kind, value, file, locate).map(formatProblem);
}

describe('checkSchema', () => {
  it('has a schema for every governed kind', () => {
    expect(SCHEMA_KINDS).toEqual([
      'gatehouse',
      'actors',
      'authority',
      'quorum',
      'blast-radius',
      'incident-policy',
      'kill-switches',
      'state',
      'change',
      'approval',
      'override',
      'override-signature',
      'incident',
      'ledger-entry',
      'checkpoint',
      'witnesses',
    ]);
  });

  for (const [kind, src] of Object.entries(VALID) as [SchemaKind, string][]) {
    it(`accepts the design's example ${kind} document`, () => {
      expect(problems(kind, src)).toEqual([]);
    });
  }

  it('names the field, what is expected and what was found, at the value', () => {
    const src =
      'actors:\n  - id: alice\n    kind: human\n    roles: [a]\n    max_level: three\n    keys: []\n';
    expect(problems('actors', src)).toEqual([
      'actors.yaml:5:16: /actors/0/max_level: expected an integer 0..4, found "three"',
    ]);
  });

  it('points an unknown field at its key and lists the allowed fields', () => {
    const src =
      'actors:\n  - id: alice\n    kind: human\n    roles: [a]\n    max_level: 1\n    keys: []\n    colour:\n      - red\n';
    expect(problems('actors', src)).toEqual([
      'actors.yaml:7:5: /actors/0/colour: unknown field "colour" (allowed: id, kind, name, roles, max_level, github, keys)',
    ]);
  });

  it('reports a missing required field at its parent', () => {
    expect(problems('approval', 'change: CHG-1\n')).toEqual([
      'approval.yaml:1:1: /: missing required field "digest"',
      'approval.yaml:1:1: /: missing required field "actor"',
      'approval.yaml:1:1: /: missing required field "decision"',
      'approval.yaml:1:1: /: missing required field "ts"',
      'approval.yaml:1:1: /: missing required field "signature"',
    ]);
  });

  it('lists the allowed values of an enum', () => {
    const src = VALID.approval!.replace('decision: approve', 'decision: maybe');
    expect(problems('approval', src)).toEqual([
      'approval.yaml:4:11: /decision: expected one of approve, reject, found "maybe"',
    ]);
  });

  it('refuses fractions outside 0 < x ≤ 1, bad durations and timestamps without a zone', () => {
    expect(
      problems(
        'blast-radius',
        'limits: { percent: 0, service: 1.5 }\nwindow: { duration: 90, levels: [3] }\n',
      ),
    ).toEqual([
      'blast-radius.yaml:1:20: /limits/percent: expected a fraction 0 < x ≤ 1, found 0',
      'blast-radius.yaml:1:32: /limits/service: expected a fraction 0 < x ≤ 1, found 1.5',
      'blast-radius.yaml:2:21: /window/duration: expected a duration like 30s, 30m, 1h or 2h30m, found 90',
    ]);
    const change = VALID.change!.replace('2026-01-18T14:00:00Z', '2026-01-18T14:00:00');
    expect(problems('change', change)).toEqual([
      'change.yaml:6:14: /proposed_at: expected an RFC 3339 time with a zone, like 2026-01-18T14:00:00Z, found "2026-01-18T14:00:00"',
    ]);
  });

  it('refuses impossible calendar times', () => {
    const change = VALID.change!.replace('2026-01-18T14:00:00Z', '2026-02-30T25:00:00Z');
    expect(problems('change', change)).toHaveLength(1);
  });

  it('checks id patterns', () => {
    const change = VALID.change!.replace('id: CHG-0042', 'id: chg 42').replace(
      'proposer: ops-agent',
      'proposer: Ops Agent',
    );
    expect(problems('change', change)).toEqual([
      'change.yaml:1:5: /id: expected a change id like CHG-0042, found "chg 42"',
      'change.yaml:4:11: /proposer: expected an actor id (lower-case letters, digits, ".", "_", "-"), found "Ops Agent"',
    ]);
  });

  it('requires every authority level to be stated', () => {
    const src = 'environment: staging\nlevels:\n  0: { enabled: true }\n';
    expect(problems('authority', src)).toEqual([
      'authority.yaml:3:3: /levels: missing required field "1"',
      'authority.yaml:3:3: /levels: missing required field "2"',
      'authority.yaml:3:3: /levels: missing required field "3"',
      'authority.yaml:3:3: /levels: missing required field "4"',
    ]);
  });

  it('refuses non-integer numbers in state with the reason', () => {
    const src = 'service: s\nresources:\n  - id: a\n    spec: { ratio: 0.5, list: [1, 2.25] }\n';
    expect(problems('state', src)).toEqual([
      'state.yaml:4:20: /resources/0/spec/ratio: expected an integer (the ledger carries integers only; write it as a string)',
      'state.yaml:4:35: /resources/0/spec/list/1: expected an integer (the ledger carries integers only; write it as a string)',
    ]);
  });

  it('requires each resource to have a service and a unique id within it', () => {
    const src = 'resources:\n  - id: a\n    service: s\n  - id: b\n  - id: a\n    service: s\n';
    expect(problems('state', src)).toEqual([
      'state.yaml:4:5: /resources/1: resource "b" has no service: set "service" at the top of the file or on the resource',
      'state.yaml:5:9: /resources/2/id: duplicate resource "s/a" (first at line 2)',
    ]);
  });

  it('refuses duplicate actor ids and GitHub ids, and keys without exactly one of file or key', () => {
    const src = `actors:
  - { id: a, kind: human, roles: [], max_level: 1, github: { login: x, id: 5 }, keys: [{ type: ssh }] }
  - { id: a, kind: human, roles: [], max_level: 1, github: { login: y, id: 5 }, keys: [] }
`;
    expect(problems('actors', src)).toEqual([
      'actors.yaml:2:88: /actors/0/keys/0: a key needs exactly one of "file" (a path under policies/) or "key" (the key itself)',
      'actors.yaml:3:11: /actors/1/id: duplicate actor id "a" (first at line 2)',
      'actors.yaml:3:76: /actors/1/github/id: duplicate GitHub id "5" (first at line 2)',
    ]);
  });

  it('refuses duplicate rule names and roles_all longer than count', () => {
    const src = `rules:
  - { name: r, when: {}, require: { count: 1, roles_all: [security, charter] } }
  - { name: r, when: {}, require: { count: 2, roles_all: [security, security] } }
`;
    expect(problems('quorum', src)).toEqual([
      'quorum.yaml:2:44: /rules/0/require/count: count 1 is less than the 2 roles in roles_all, each filled by a different approver; raise count to 2',
      'quorum.yaml:3:13: /rules/1/name: duplicate rule name "r" (first at line 2)',
      'quorum.yaml:3:69: /rules/1/require/roles_all/1: duplicate role "security" (first at line 3)',
    ]);
  });

  it('refuses duplicate kill switch ids', () => {
    const src = 'switches:\n  - { id: s, blocks: {} }\n  - { id: s, blocks: { levels: [3] } }\n';
    expect(problems('kill-switches', src)).toEqual([
      'kill-switches.yaml:3:11: /switches/1/id: duplicate switch id "s" (first at line 2)',
    ]);
  });

  it('ties a change kind to the field it needs', () => {
    const ks = VALID.change!.replace('kind: change', 'kind: killswitch');
    expect(problems('change', ks)).toEqual([
      'change.yaml:1:1: /: a killswitch change needs a "killswitch: { id, action }" field',
    ]);
    const esc = `${VALID.change!}escalation: { actor: alice, level: 3 }\n`;
    expect(problems('change', esc)).toEqual([
      'change.yaml:10:1: /escalation: only a change of kind escalation may carry this field (kind is change)',
    ]);
  });

  it('checks ledger entries, including floats in the body', () => {
    const entry = {
      v: 1,
      seq: 3,
      prev: `sha256:${'a'.repeat(64)}`,
      ts: '2026-01-18T14:30:45Z',
      type: 'alert.raised',
      actor: 'ci',
      body: { value: 0.5 },
    };
    const at = () => ({ line: 1, col: 1 });
    expect(checkSchema('ledger-entry', entry, 'l.jsonl', at)).toEqual([
      {
        file: 'l.jsonl',
        line: 1,
        col: 1,
        pointer: '/body/value',
        message: 'expected an integer (the ledger carries integers only; write it as a string)',
      },
    ]);
    const bad = { ...entry, v: 2, type: 'party', prev: 'sha1:00', body: {} };
    expect(checkSchema('ledger-entry', bad, 'l.jsonl', at).map((p) => p.message)).toEqual([
      'expected 1, found 2',
      'expected a digest like sha256:<64 hex digits>, found "sha1:00"',
      expect.stringMatching(/^expected one of genesis, snapshot, change\.applied, .*, found "party"$/),
    ]);
  });
});

describe('loadDocument', () => {
  it('returns the typed value and its locate', () => {
    const { value, locate } = loadDocument('quorum', VALID.quorum!, 'policies/quorum.yaml');
    expect(value.rules.map((r) => r.name)).toEqual(['approval', 'policy-change', 'emergency-override']);
    expect(locate('/rules/1/name')).toEqual({ line: 5, col: 11 });
  });

  it('throws bad input carrying every problem at once', () => {
    const src = 'limits: { percent: 2 }\nextra: 1\nwindow: { duration: x, levels: [9] }\n';
    let caught: unknown;
    try {
      loadDocument('blast-radius', src, 'b.yaml');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(GatehouseError);
    const ps = (caught as GatehouseError).problems as Problem[];
    expect(ps.map((p) => p.line)).toEqual([1, 2, 3, 3]);
    expect((caught as GatehouseError).message).toMatch(/^4 problems in input:\nb\.yaml:1:20: /);
  });

  it('throws YAML problems before schema problems', () => {
    expect(() => loadDocument('quorum', 'rules: []\nrules: []\n', 'q.yaml')).toThrow(
      'q.yaml:2:1: duplicate key "rules" (first defined at line 1)',
    );
  });

  it('reports an empty file as a document of the wrong type', () => {
    expect(() => loadDocument('actors', '', 'a.yaml')).toThrow(
      'a.yaml:1:1: /: expected a mapping, found null',
    );
  });
});
