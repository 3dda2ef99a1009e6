import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GovernedRepo } from './governed.js';
import { baseEnv, Clock, json, readText, removeTempDirs, runCli, tempDir, writeFiles } from './harness.js';
import { makeIdentities, type Identities } from './identities.js';
import { sarifErrors, type SarifLog } from './sarif.js';

// The change lifecycle through the shipped CLI only, in one real governed repository: keygen, sign (--key,
// --ssh-key, --gpg), approve (--gpg, --ssh-key, --key, --reject), check in every format, record, log,
// verify and verify --history. The steps run in order and share the repository, as a team's history does.

interface Counted {
  actor: string;
  role?: string;
  source: string;
  fingerprint?: string;
  rules: string[];
}
interface Node {
  id: string;
  status: string;
  reason: string;
  children: Node[];
}
interface Decision {
  allowed: boolean;
  change: string;
  level: number;
  digest: string;
  counted: Counted[];
  root: Node;
}
interface Entry {
  seq: number;
  type: string;
  actor: string;
  body: Record<string, unknown>;
}

/** The ledger as written: every line of every segment, parsed. */
function ledgerLines(dir = repo.dir): Entry[] {
  const events = join(dir, 'ledger/events');
  return readdirSync(events)
    .sort()
    .flatMap((f) => readFileSync(join(events, f), 'utf8').split('\n'))
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Entry);
}

const find = (n: Node, id: string): Node | undefined =>
  n.id === id ? n : n.children.map((c) => find(c, id)).find((x) => x !== undefined);

let ids: Identities;
let repo: GovernedRepo;
/** pr-1 after alice's approval only, and after bob's too. */
const head: Record<string, string> = {};

function check(base: string, headRef: string, minute: number, format = 'json') {
  return repo.cli(['check', '--base', base, '--head', headRef, '--format', format], minute, null);
}

beforeAll(() => {
  ids = makeIdentities(baseEnv(tempDir('home')));
  repo = GovernedRepo.create(ids, new Clock());
}, 120_000);

afterAll(() => {
  ids?.close();
  removeTempDirs();
});

describe('keygen and the base policy', () => {
  it('writes an OpenPGP and an SSH key pair, secret halves 0600, and a stanza that names the public file', () => {
    const { openpgp, ssh } = repo.keygens;
    expect(openpgp.fingerprint).toMatch(/^[0-9A-F]{40}$/);
    expect(readFileSync(openpgp.public_key, 'utf8')).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
    expect(statSync(openpgp.secret_key).mode & 0o777).toBe(0o600);
    expect(statSync(ssh.secret_key).mode & 0o777).toBe(0o600);
    expect(readFileSync(ssh.public_key, 'utf8')).toMatch(/^ssh-ed25519 /);
    expect(parse(openpgp.stanza)).toEqual([
      expect.objectContaining({ id: 'ops-agent', keys: [{ type: 'openpgp', file: openpgp.key_file }] }),
    ]);
  });

  it('validates the base policy holding every key kind', () => {
    const run = repo.cli(['validate'], 1);
    expect(run.stdout).toMatch(/validated \d+ files: 0 problems/);
    expect(repo.cli(['verify'], 1).code).toBe(0);
  });
});

describe('a level-2 batch: OpenPGP manifest, approvals through gpg and ssh-keygen', () => {
  it('signs the manifest with the armored OpenPGP key from keygen (--key)', () => {
    repo.branch('pr-1', 10);
    for (const n of [1, 2, 3, 4])
      repo.setSpec('park-ticketing', 'us-east-1', `us-east-1-gate-0${n}`, 'open', true);
    const m = repo.manifest({
      id: 'CHG-0001',
      title: 'Open four gates',
      proposer: 'ops-agent',
      level: 2,
      minute: 10,
    });
    const run = repo.cli(['sign', m, '--key', repo.opsKey], 10);
    expect(run.stdout).toContain(`${m}: signed (openpgp`);
    expect(run.stderr).toBe('');
    const doc = parse(readText(repo.dir, m)) as { signature: { type: string; value: string } };
    expect(doc.signature.type).toBe('openpgp');
    expect(doc.signature.value).toContain('-----BEGIN PGP SIGNATURE-----');
    repo.commit(['state', 'changes'], 'CHG-0001: open four gates', 10);
  });

  it('approve --gpg with an RSA 3072 key signs through the real gpg and names its fingerprint', () => {
    const g = ids.gpg.rsa3072;
    const run = repo.cli(
      ['approve', 'CHG-0001', '--base', 'main', '--gpg', g.fpr, '--role', 'operator', '--json'],
      11,
    );
    expect(json(run)).toMatchObject({ actor: 'alice', decision: 'approve', fingerprint: g.fpr });
    const doc = parse(readText(repo.dir, 'changes/CHG-0001/approvals/alice.yaml')) as Record<string, unknown>;
    expect(doc).toMatchObject({
      change: 'CHG-0001',
      actor: 'alice',
      role: 'operator',
      signature: { type: 'openpgp' },
    });
    head.alice = repo.commit(['changes'], 'CHG-0001: approval by alice', 11);
  });

  it('denies with one approval in every format, saying what would pass', () => {
    const j = check('main', 'pr-1', 12);
    expect(j.code).toBe(1);
    const d = json<Decision>(j, 'check');
    expect(d.allowed).toBe(false);
    expect(find(d.root, 'quorum/batch-two-roles')?.status).toBe('pending');
    expect(find(d.root, 'quorum/approval')?.status).toBe('pass');
    const text = check('main', 'pr-1', 12, 'text');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('quorum/batch-two-roles: 1/2 approvals');
    expect(text.stdout).toMatch(/fix: needs 1 more .*approval.*eligible: /);
    expect(text.stdout).toContain('CHG-0001 (level 2) denied');
    const md = check('main', 'pr-1', 12, 'markdown');
    expect(md.code).toBe(1);
    expect(md.stdout).toContain('Gatehouse: denied');
    expect(md.stdout).toContain('`quorum/batch-two-roles`');
    const sarif = check('main', 'pr-1', 12, 'sarif');
    expect(sarif.code).toBe(1);
    const log = json<SarifLog>(sarif, 'check --format sarif');
    expect(sarifErrors(log)).toBe('');
    expect(log.runs[0]?.properties.allowed).toBe(false);
    const r = log.runs[0]?.results.find((x) => x.ruleId === 'quorum/batch-two-roles');
    expect(r?.locations?.[0]?.physicalLocation).toMatchObject({
      artifactLocation: { uri: 'policies/quorum.yaml' },
      region: { startLine: 6 },
    });
  });

  it('approve --ssh-key with an SSH RSA key (ssh-keygen -Y sign) fills the second role', () => {
    const s = ids.ssh.rsa;
    const run = repo.cli(
      ['approve', 'CHG-0001', '--base', 'main', '--ssh-key', s.path, '--role', 'sre', '--json'],
      13,
    );
    expect(json(run)).toMatchObject({ actor: 'bob', decision: 'approve' });
    expect(json<{ fingerprint: string }>(run).fingerprint).toMatch(/^SHA256:/);
    head.both = repo.commit(['changes'], 'CHG-0001: approval by bob', 13);
  });

  it('allows the batch and counts the approval alice made through gpg with her RSA key', () => {
    const run = check('main', 'pr-1', 14);
    expect(run.code).toBe(0);
    const d = json<Decision>(run, 'check');
    expect(d).toMatchObject({ allowed: true, change: 'CHG-0001', level: 2 });
    expect(d.counted).toContainEqual(
      expect.objectContaining({
        actor: 'alice',
        role: 'operator',
        source: 'signed',
        fingerprint: ids.gpg.rsa3072.fpr,
        rules: ['approval', 'batch-two-roles'],
      }),
    );
    expect(d.counted.map((c) => c.actor).sort()).toEqual(['alice', 'bob']);
    // The manifest's OpenPGP signature (made by openpgp.js in the bundle) is verified by the bundle too.
    expect(find(d.root, 'authority/signature')?.reason).toContain(
      `manifest signed by ops-agent (openpgp/eddsaLegacy ${repo.keygens.openpgp.fingerprint})`,
    );
  });

  it('prints the same allowed decision as text, markdown and a valid SARIF log', () => {
    const digest = json<Decision>(check('main', 'pr-1', 14)).digest;
    const text = check('main', 'pr-1', 14, 'text');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('✓ quorum/batch-two-roles: 2/2 approvals: alice, bob');
    expect(text.stdout).toContain(`CHG-0001 (level 2) allowed: `);
    expect(text.stdout).toContain(digest);
    const md = check('main', 'pr-1', 14, 'markdown');
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('### ✅ Gatehouse: allowed');
    const sarif = check('main', 'pr-1', 14, 'sarif');
    expect(sarif.code).toBe(0);
    const log = json<SarifLog>(sarif, 'check --format sarif');
    expect(sarifErrors(log)).toBe('');
    expect(log.runs[0]?.properties).toMatchObject({ allowed: true, change: 'CHG-0001', digest });
    expect(log.runs[0]?.results).toEqual([]);
  });

  it('records the merged batch: change.applied with both counted approvals and a signed checkpoint', () => {
    const { entries } = repo.mergeAndRecord('pr-1', 1, 15);
    expect(entries.map((e) => e.type)).toEqual(['change.applied']);
    const applied = ledgerLines().find((e) => e.type === 'change.applied');
    const approvals = (applied?.body.approvals ?? []) as { actor: string; fingerprint?: string }[];
    expect(approvals).toContainEqual(
      expect.objectContaining({ actor: 'alice', fingerprint: ids.gpg.rsa3072.fpr }),
    );
    expect(approvals.map((a) => a.actor).sort()).toEqual(['alice', 'bob']);
    expect(readText(repo.dir, 'ledger/checkpoint')).toMatch(/\n2\n/);
  });
});

describe('more signers: ssh in-process, a gpg-exported P-256 key, a gpg subkey, and a veto', () => {
  it('counts a level-1 approval made with --key from a P-256 secret key exported by gpg', () => {
    repo.branch('pr-2', 20);
    repo.setSpec('park-ticketing', 'us-east-1', 'us-east-1-gate-05', 'capacity', 600);
    const m = repo.manifest({
      id: 'CHG-0002',
      title: 'Raise gate-05',
      proposer: 'ops-agent',
      level: 1,
      minute: 20,
    });
    expect(repo.cli(['sign', m, '--ssh-key', ids.ssh.ed25519.path], 20).stdout).toContain('signed (ssh');
    repo.commit(['state', 'changes'], 'CHG-0002: raise gate-05', 20);
    const key = ids.exportSecret('nistp256');
    const run = repo.cli(['approve', 'CHG-0002', '--base', 'main', '--key', key, '--json'], 21);
    expect(json(run)).toMatchObject({ actor: 'erin', fingerprint: ids.gpg.nistp256.fpr });
    repo.commit(['changes'], 'CHG-0002: approval by erin', 21);
    const d = json<Decision>(check('main', 'pr-2', 22), 'check');
    expect(d.allowed).toBe(true);
    expect(d.counted).toEqual([
      expect.objectContaining({ actor: 'erin', source: 'signed', fingerprint: ids.gpg.nistp256.fpr }),
    ]);
    expect(find(d.root, 'authority/signature')?.reason).toContain('manifest signed by ops-agent (ssh');
  });

  it('denies the same change once bob vetoes it through gpg with his RSA 4096 key', () => {
    repo.branch('pr-2-veto', 23, 'pr-2');
    const run = repo.cli(
      ['approve', 'CHG-0002', '--base', 'main', '--gpg', ids.gpg.rsa4096.fpr, '--reject', '--json'],
      23,
    );
    expect(json(run)).toMatchObject({ actor: 'bob', decision: 'reject', fingerprint: ids.gpg.rsa4096.fpr });
    repo.commit(['changes'], 'CHG-0002: veto by bob', 23);
    const j = check('main', 'pr-2-veto', 24);
    expect(j.code).toBe(1);
    expect(j.stdout).toMatch(/veto|reject/i);
    expect(json<Decision>(j).allowed).toBe(false);
    repo.git(['checkout', '-q', 'pr-2'], 24);
  });

  it('allows and records a level-3 change a human signed with sign --gpg through an ed25519 signing subkey', () => {
    repo.mergeAndRecord('pr-2', 2, 25);
    repo.branch('pr-3', 30);
    repo.setSpec('park-ticketing', 'us-west-2', 'us-west-2-gate-05', 'capacity', 1200);
    const m = repo.manifest({ id: 'CHG-0003', title: 'Lunch peak', proposer: 'dave', level: 3, minute: 30 });
    expect(repo.cli(['sign', m, '--gpg', ids.gpg['ed25519-subkey'].fpr], 30).stdout).toContain(
      'signed (openpgp',
    );
    repo.commit(['state', 'changes'], 'CHG-0003: lunch peak', 30);
    // Level 3: no one else approves, so dave binds the change digest with the same key.
    repo.cli(['approve', 'CHG-0003', '--base', 'main', '--gpg', ids.gpg['ed25519-subkey'].fpr], 30);
    repo.commit(['changes'], 'CHG-0003: dave binds the digest', 30);
    const d = json<Decision>(check('main', 'pr-3', 31), 'check');
    expect(d.allowed).toBe(true);
    expect(find(d.root, 'authority/signature')?.reason).toContain(`manifest signed by dave (openpgp/`);
    expect(find(d.root, 'authority/signature')?.reason).toContain(ids.gpg['ed25519-subkey'].fpr);
    expect(repo.mergeAndRecord('pr-3', 3, 31).entries.map((e) => e.type)).toEqual(['change.applied']);
  });
});

describe('verification of what was recorded', () => {
  it('verifies the ledger and its git history, and replays the recorded state', () => {
    const v = json<{ ok: boolean; entries: number; checkpoints: number }>(
      repo.cli(['verify', '--history', '--json'], 40),
      'verify --history',
    );
    expect(v).toMatchObject({ ok: true, entries: 4 });
    expect(v.checkpoints).toBeGreaterThanOrEqual(4);
    expect(repo.cli(['verify'], 40).code).toBe(0);
    const state = json<Record<string, { spec: Record<string, unknown> }>>(
      repo.cli(['replay', '--json'], 40),
      'replay',
    );
    const flat = JSON.stringify(state);
    expect(flat).toContain('us-west-2-gate-05');
    const log = json<{ entries: Entry[] }>(repo.cli(['log', '--json'], 40), 'log');
    expect(log.entries.map((e) => e.type)).toEqual([
      'genesis',
      'change.applied',
      'change.applied',
      'change.applied',
    ]);
  });

  it('finds a rewritten ledger line in a copy of the repository (exit 1)', () => {
    const copy = join(tempDir('tampered'), 'repo');
    cpSync(repo.dir, copy, { recursive: true });
    const file = join(copy, 'ledger/events/000000000000.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = (lines[1] ?? '').replace('"CHG-0001"', '"CHG-9999"');
    writeFileSync(file, lines.join('\n'));
    const run = runCli(['verify', '--repo', copy, '--json'], { cwd: copy, env: repo.env });
    expect(run.code).toBe(1);
    expect(json<{ ok: boolean }>(run).ok).toBe(false);
  });
});

describe('bad input to the shipped CLI: exit 2, a message, nothing written', () => {
  it('refuses approve --gpg with a key gpg does not hold', () => {
    repo.branch('pr-4', 50);
    repo.setSpec('park-ticketing', 'us-east-1', 'us-east-1-gate-06', 'open', true);
    const m = repo.manifest({ id: 'CHG-0004', title: 'Gate 6', proposer: 'ops-agent', level: 1, minute: 50 });
    repo.cli(['sign', m, '--ssh-key', ids.ssh.ed25519.path], 50);
    repo.commit(['state', 'changes'], 'CHG-0004', 50);
    const run = repo.cli(
      ['approve', 'CHG-0004', '--base', 'main', '--gpg', '0123456789ABCDEF0123456789ABCDEF01234567'],
      51,
      null,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('0123456789ABCDEF0123456789ABCDEF01234567: gpg does not know this key');
    expect(existsSync(join(repo.dir, 'changes/CHG-0004/approvals'))).toBe(false);
    expect(repo.git(['status', '--porcelain'], 51)).toBe('');
  });

  it('refuses an approval whose key belongs to someone else than --actor', () => {
    const run = repo.cli(
      ['approve', 'CHG-0004', '--base', 'main', '--gpg', ids.gpg.rsa3072.fpr, '--actor', 'bob'],
      52,
      null,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /would not verify for bob: wrong-actor: .*belongs to alice, not to bob; nothing written/,
    );
    expect(repo.git(['status', '--porcelain'], 52)).toBe('');
  });

  it('validate refuses a manifest with a bad time and an unknown field through the build-time validators', () => {
    // dist/ carries ajv standalone code generated by scripts/build.mjs; the sources compile schemas at run time.
    repo.branch('pr-5', 52);
    writeFiles(repo.dir, {
      'changes/CHG-0005/change.yaml':
        'id: CHG-0005\nkind: change\ntitle: T\nproposer: ops-agent\nlevel: 1\nproposed_at: yesterday\njustification: x\ncolour: blue\n',
    });
    repo.commit(['changes'], 'CHG-0005: bad manifest', 52);
    const run = repo.cli(['validate'], 52, 2);
    expect(run.stdout).toContain(
      'changes/CHG-0005/change.yaml:6:14: /proposed_at: expected an RFC 3339 time with a zone, like 2026-01-18T14:00:00Z, found "yesterday"',
    );
    expect(run.stdout).toContain('changes/CHG-0005/change.yaml:8:1: /colour: unknown field "colour"');
    expect(run.stdout).toContain('2 problems');
    expect(repo.git(['status', '--porcelain'], 52)).toBe('');
    repo.git(['checkout', '-q', 'pr-4'], 53);
  });

  it('refuses a state file that is not valid YAML at head, naming file:line', () => {
    writeFileSync(join(repo.dir, 'state/park-ticketing/us-east-1.yaml'), 'resources:\n  - id: [unclosed\n');
    repo.commit(['state'], 'broken state', 53);
    const run = check('main', 'pr-4', 53, 'text');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/state\/park-ticketing\/us-east-1\.yaml:\d+:\d+: YAML syntax error/);
    expect(repo.git(['status', '--porcelain'], 53)).toBe('');
  });
});
