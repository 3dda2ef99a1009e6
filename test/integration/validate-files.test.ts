import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { FULL, MINIMAL, makeRepo, treeDigest } from './validate-fixture.js';

let stdout: string;

beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function validate(
  changes: Record<string, string | Uint8Array | undefined>,
  base = FULL,
): Promise<string[]> {
  const files: Record<string, string | Uint8Array> = { ...base };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete files[k];
    else files[k] = v;
  }
  const dir = await makeRepo(files);
  const before = await treeDigest(dir);
  const code = await main(['validate', '--repo', dir]);
  expect(code).toBe(2);
  expect(await treeDigest(dir)).toEqual(before); // nothing written
  const lines = stdout.trimEnd().split('\n');
  expect(lines.at(-1)).toMatch(/^validated \d+ files: [1-9]\d* problems?$/);
  return lines.slice(0, -1);
}

const actors = FULL['policies/actors.yaml']!;

describe('gatehouse validate: YAML hazards', () => {
  it('reports a duplicate key naming both lines', async () => {
    expect(await validate({ 'policies/actors.yaml': `${actors}actors: []\n` })).toEqual([
      'policies/actors.yaml:16:1: duplicate key "actors" (first defined at line 1)',
    ]);
  });

  it('reports YAML syntax errors with their position', async () => {
    const lines = await validate({ 'state/park-ticketing.yaml': 'service: [a\nresources: []\n' });
    expect(lines[0]).toMatch(/^state\/park-ticketing\.yaml:\d+:\d+: YAML syntax error: /);
  });

  it('reports invalid UTF-8 at the first bad byte', async () => {
    const bytes = Buffer.concat([Buffer.from('actors:\n  - id: al'), Buffer.from([0xff]), Buffer.from('\n')]);
    expect(await validate({ 'policies/actors.yaml': bytes })).toEqual([
      'policies/actors.yaml:2:11: invalid UTF-8 (byte 0xff at offset 18): save the file as UTF-8',
    ]);
  });

  it('reports a second document in one file', async () => {
    expect(
      await validate({ 'policies/quorum.yaml': `${FULL['policies/quorum.yaml']!}---\nrules: []\n` }),
    ).toEqual([
      'policies/quorum.yaml:11:1: a second YAML document ("---") in one file: each governed file holds exactly one document',
    ]);
  });

  it('reports custom tags', async () => {
    const lines = await validate({
      'state/park-ticketing.yaml': 'service: !secret vault:x\nresources: []\n',
    });
    expect(lines).toEqual([
      'state/park-ticketing.yaml:1:18: custom tag !secret is not allowed: governed files hold plain YAML',
    ]);
  });

  it('refuses an alias bomb', async () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) {
      const [p, n] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      rows.push(`${n}: &${n} [${Array(10).fill(`*${p}`).join(', ')}]`);
    }
    const lines = await validate({ 'state/bomb.yaml': `${rows.join('\n')}\n` });
    expect(lines[0]).toMatch(/^state\/bomb\.yaml:2:\d+: YAML aliases expand too far/);
  });

  it('refuses a YAML file over 1 MiB', async () => {
    const big = `service: s\nresources: []\n# ${'x'.repeat(1024 * 1024)}\n`;
    expect(await validate({ 'state/big.yaml': big })).toEqual([
      'state/big.yaml: file is 1.0 MiB (1048604 bytes), over the 1 MiB (1048576 bytes) cap for governed YAML',
    ]);
  });
});

describe('gatehouse validate: the governed tree', () => {
  it('refuses an unknown policy file (fail closed)', async () => {
    expect(await validate({ 'policies/approvers.yaml': 'x: 1\n' })).toEqual([
      'policies/approvers.yaml: unknown policy file (policies hold actors.yaml, authority.yaml, quorum.yaml, blast-radius.yaml, incident.yaml, kill-switches.yaml, witnesses.yaml): rename or remove it',
    ]);
  });

  it('names a missing required policy and what to do', async () => {
    expect(await validate({ 'policies/authority.yaml': undefined })).toEqual([
      'policies/authority.yaml: missing: every governed repository needs policies/authority.yaml (run "gatehouse init" to scaffold one)',
    ]);
  });

  it('reports a key file that actors.yaml names but the repository lacks', async () => {
    expect(await validate({ 'policies/keys/ops-agent.pub': undefined })).toEqual([
      'policies/actors.yaml:15:32: /actors/1/keys/0/file: key file policies/keys/ops-agent.pub not found: add it or fix the path',
    ]);
  });

  it('reports a state file that is not YAML', async () => {
    expect(await validate({ 'state/extra.json': '{}' })).toEqual([
      'state/extra.json: not a state document: the state directory holds only .yaml/.yml files',
    ]);
  });

  it('reports a resource defined in two state files, naming both places', async () => {
    const lines = await validate({
      'state/again.yaml': 'service: park-ticketing\nresources:\n  - id: gate-a\n',
    });
    expect(lines).toEqual([
      expect.stringMatching(
        /^state\/park-ticketing\.yaml:\d+:\d+: \/resources\/0: duplicate resource park-ticketing\/gate-a: already defined at state\/again\.yaml:3/,
      ),
    ]);
  });

  it('requires a change manifest id to match its directory', async () => {
    const manifest = FULL['changes/CHG-0042/change.yaml']!;
    expect(
      await validate({ 'changes/CHG-0042/change.yaml': manifest.replace('id: CHG-0042', 'id: CHG-0043') }),
    ).toEqual(['changes/CHG-0042/change.yaml:1:5: /id: must be "CHG-0042", the name of its directory']);
  });

  it('requires an approval to sit under its change and be named after its actor', async () => {
    const approval = FULL['changes/CHG-0042/approvals/alice.yaml']!;
    expect(
      await validate({
        'changes/CHG-0042/approvals/alice.yaml': undefined,
        'changes/CHG-0042/approvals/bob.yaml': approval.replace('change: CHG-0042', 'change: CHG-0001'),
      }),
    ).toEqual([
      'changes/CHG-0042/approvals/bob.yaml:1:9: /change: must be "CHG-0042", the change this approval sits under',
      'changes/CHG-0042/approvals/bob.yaml:3:8: /actor: must be "bob", the name of the file',
    ]);
  });

  it('reports approvals without a change manifest', async () => {
    expect(await validate({ 'changes/CHG-0042/change.yaml': undefined })).toEqual([
      'changes/CHG-0042/change.yaml: missing: changes/CHG-0042/ has files but no change.yaml',
    ]);
  });

  it('requires an override signature to name its override and actor', async () => {
    const s = FULL['overrides/OVR-0001/signatures/alice.yaml']!;
    expect(
      await validate({
        'overrides/OVR-0001/signatures/alice.yaml': s.replace('override: OVR-0001', 'override: OVR-0002'),
      }),
    ).toEqual([
      'overrides/OVR-0001/signatures/alice.yaml:1:11: /override: must be "OVR-0001", the override this signature sits under',
    ]);
  });

  it('reports an incident record without front matter', async () => {
    expect(await validate({ 'incidents/INC-20260118-143045.md': '# Incident\n\nNo fields.\n' })).toEqual([
      'incidents/INC-20260118-143045.md:1:1: an incident record starts with YAML front matter: a "---" line, the fields (id, type, severity, …), and a closing "---" line',
    ]);
  });

  it('requires an incident record to be named after its id', async () => {
    const record = FULL['incidents/INC-20260118-143045.md']!;
    expect(
      await validate({
        'incidents/INC-20260118-143045.md': undefined,
        'incidents/INC-20260118-000000.md': record,
      }),
    ).toEqual([
      'incidents/INC-20260118-000000.md:2:5: /id: id INC-20260118-143045 does not match the file name INC-20260118-000000.md (expected INC-20260118-143045.md)',
    ]);
  });

  it('reports a ledger line that is not JSON, by line', async () => {
    const seg = FULL['ledger/events/000000000000.jsonl']!;
    const lines = await validate({ 'ledger/events/000000000000.jsonl': `${seg}{"seq": 2,\n` });
    expect(lines).toEqual([
      expect.stringMatching(/^ledger\/events\/000000000000\.jsonl:3:\d+: not valid JSON: /),
    ]);
  });

  it('reports a ledger segment with a name that is not its first seq', async () => {
    expect(await validate({ 'ledger/events/1.jsonl': '' })).toEqual([
      'ledger/events/1.jsonl: not a ledger segment: events/ holds only <first seq, 12 digits>.jsonl files',
    ]);
  });

  it('reports every problem across files in one run', async () => {
    const lines = await validate(
      {
        'policies/quorum.yaml': 'rules: {}\n',
        'state/park-ticketing.yaml': 'resources: 1\n',
        'gatehouse.yaml': 'colour: red\n',
      },
      MINIMAL,
    );
    expect(lines.map((l) => l.split(':')[0])).toEqual([
      'gatehouse.yaml',
      'policies/quorum.yaml',
      'state/park-ticketing.yaml',
    ]);
  });
});

describe('gatehouse validate as a process', () => {
  it('exits 2 and prints the problem when run from the command line', async () => {
    const dir = await makeRepo({ ...MINIMAL, 'policies/quorum.yaml': 'rules: 5\n' });
    const r = spawnSync('npx', ['tsx', 'src/cli.ts', 'validate', '--repo', dir], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe(
      'policies/quorum.yaml:1:8: /rules: expected a list, found 5\nvalidated 5 files: 1 problem\n',
    );
  });
});
