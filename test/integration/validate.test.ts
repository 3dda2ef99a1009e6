import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { FULL, MINIMAL, ROOT_B64, makeRepo, treeDigest } from './validate-fixture.js';

let stdout: string;
let stderr: string;

beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Run `validate` on a fresh repo made of FULL with `changes` applied (undefined deletes a file). */
async function validate(
  changes: Record<string, string | Uint8Array | undefined>,
  flags: string[] = [],
): Promise<{ code: number; digestBefore: Record<string, string>; digestAfter: Record<string, string> }> {
  const files: Record<string, string | Uint8Array> = { ...FULL };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete files[k];
    else files[k] = v;
  }
  const dir = await makeRepo(files);
  const digestBefore = await treeDigest(dir);
  const code = await main(['validate', '--repo', dir, ...flags]);
  return { code, digestBefore, digestAfter: await treeDigest(dir) };
}

/** FULL's `file` with one edit, as a change for validate(); throws when `from` is not in it. */
function edit(file: string, from: string | RegExp, to: string): Record<string, string> {
  const text = FULL[file]!;
  if (!(typeof from === 'string' ? text.includes(from) : from.test(text)))
    throw new Error(`${String(from)} is not in ${file}`);
  return { [file]: text.replace(from, to) };
}

describe('gatehouse validate', () => {
  it('accepts a minimal governed repository with exit 0', async () => {
    const dir = await makeRepo(MINIMAL);
    expect(await main(['validate', '--repo', dir])).toBe(0);
    expect(stdout).toBe('validated 5 files: 0 problems\n');
  });

  it('accepts a repository holding every governed file kind', async () => {
    const { code } = await validate({});
    expect(stdout).toBe('validated 17 files: 0 problems\n');
    expect(code).toBe(0);
  });

  it('prints one JSON document with --json', async () => {
    const { code } = await validate({ 'policies/quorum.yaml': 'rules: 5\n' }, ['--json']);
    expect(code).toBe(2);
    const doc = JSON.parse(stdout) as { ok: boolean; files: string[]; problems: unknown[] };
    expect(doc.ok).toBe(false);
    expect(doc.files).toContain('policies/quorum.yaml');
    expect(doc.files).toHaveLength(17);
    expect(doc.problems).toEqual([
      {
        file: 'policies/quorum.yaml',
        line: 1,
        col: 8,
        pointer: '/rules',
        message: 'expected a list, found 5',
      },
    ]);
  });

  it('prints {ok: true} with --json on a clean repository', async () => {
    const dir = await makeRepo(MINIMAL);
    expect(await main(['validate', '--repo', dir, '--json'])).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, problems: [] });
  });

  it('refuses positional arguments as a usage error', async () => {
    const dir = await makeRepo(MINIMAL);
    expect(await main(['validate', 'extra', '--repo', dir])).toBe(2);
    expect(stderr).toMatch(/validate takes no arguments/);
  });

  // One bad-input case per governed kind: exit 2, a file:line:col message, nothing written.
  const cases: [string, Record<string, string | Uint8Array | undefined>, string][] = [
    [
      'gatehouse.yaml',
      { 'gatehouse.yaml': 'ledger:\n  segment_size: 0\n' },
      'gatehouse.yaml:2:17: /ledger/segment_size: expected a positive integer, found 0',
    ],
    [
      'actors.yaml',
      edit('policies/actors.yaml', 'max_level: 3', 'max_level: three'),
      'policies/actors.yaml:6:16: /actors/0/max_level: expected an integer 0..4, found "three"',
    ],
    [
      'authority.yaml',
      edit('policies/authority.yaml', 'approval_ttl: 1h', 'approval_ttl: soon'),
      'policies/authority.yaml:4:37: /levels/1/approval_ttl: expected a duration like 30s, 30m, 1h or 2h30m, found "soon"',
    ],
    [
      'quorum.yaml',
      edit('policies/quorum.yaml', 'count: 1,', 'count: 0,'),
      'policies/quorum.yaml:4:23: /rules/0/require/count: expected a positive integer, found 0',
    ],
    [
      'blast-radius.yaml',
      edit('policies/blast-radius.yaml', 'percent: 0.05', 'percent: 5'),
      'policies/blast-radius.yaml:1:20: /limits/percent: expected a fraction 0 < x ≤ 1, found 5',
    ],
    [
      'incident.yaml',
      edit('policies/incident.yaml', 'owner: sre', 'owner: sre, pager: 1'),
      'policies/incident.yaml:3:47: /severities/critical/pager: unknown field "pager" (allowed: response_time, owner)',
    ],
    [
      'kill-switches.yaml',
      edit('policies/kill-switches.yaml', 'levels: [2, 3, 4]', 'levels: [2, 7]'),
      'policies/kill-switches.yaml:4:55: /switches/0/blocks/levels/1: expected an integer 0..4, found 7',
    ],
    [
      'state',
      edit(
        'state/park-ticketing.yaml',
        'capacity: 500 }\n  - id: gate-b',
        'capacity: 500.5 }\n  - id: gate-b',
      ),
      'state/park-ticketing.yaml:5:36: /resources/0/spec/capacity: expected an integer (the ledger carries integers only; write it as a string)',
    ],
    [
      'change manifest',
      edit('changes/CHG-0042/change.yaml', 'level: 2', 'level: 5'),
      'changes/CHG-0042/change.yaml:5:8: /level: expected an integer 0..4, found 5',
    ],
    [
      'approval',
      edit('changes/CHG-0042/approvals/alice.yaml', /digest: .*/, 'digest: sha256:abc'),
      'changes/CHG-0042/approvals/alice.yaml:2:9: /digest: expected a digest like sha256:<64 hex digits>, found "sha256:abc"',
    ],
    [
      'override',
      edit('overrides/OVR-0001/override.yaml', 'impact: high', 'impact: huge'),
      'overrides/OVR-0001/override.yaml:5:9: /impact: expected one of critical, high, medium, low, found "huge"',
    ],
    [
      'override signature',
      edit('overrides/OVR-0001/signatures/alice.yaml', 'role: security\n', ''),
      'overrides/OVR-0001/signatures/alice.yaml:1:1: /: missing required field "role"',
    ],
    [
      'incident record',
      edit('incidents/INC-20260118-143045.md', 'severity: high', 'severity: sev1'),
      'incidents/INC-20260118-143045.md:4:11: /severity: expected one of critical, high, medium, low, found "sev1"',
    ],
    [
      'ledger entry',
      edit('ledger/events/000000000000.jsonl', '"value":3', '"value":3.5'),
      'ledger/events/000000000000.jsonl:2:52: /body/value: expected an integer (the ledger carries integers only; write it as a string)',
    ],
    [
      'checkpoint',
      edit('ledger/checkpoint', '\n2\n', '\ntwo\n'),
      'ledger/checkpoint:2:1: /size: expected the tree size (a non-negative integer), found "two"',
    ],
    [
      'archived checkpoint',
      { 'ledger/checkpoints/2.note': `example.com/park-ops\n2\n${ROOT_B64}\n` },
      'ledger/checkpoints/2.note:4:1: no signature lines: a checkpoint needs a blank line and then "— <name> <signature>" lines',
    ],
  ];

  for (const [kind, change, message] of cases) {
    it(`rejects a bad ${kind} with exit 2, file:line:col, and no write`, async () => {
      const { code, digestBefore, digestAfter } = await validate(change);
      expect(code).toBe(2);
      expect(stdout.split('\n')).toContain(message);
      expect(stdout).toMatch(/\nvalidated \d+ files: [1-9]\d* problems?\n$/);
      expect(digestAfter).toEqual(digestBefore);
    });
  }
});
