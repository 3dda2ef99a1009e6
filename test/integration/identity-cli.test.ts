import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadDocument } from '../../src/formats/validate.js';
import { parseYaml } from '../../src/formats/yaml.js';
import { FsTree } from '../../src/repo/fs-tree.js';
import { keyringFromTree } from '../../src/repo/policy-keyring.js';
import { verifyDocument } from '../../src/identity/verify.js';
import { examplePolicyFiles } from '../../src/example/park.js';
import { gnupgHome, type GnupgHome, testRepo, type TestRepo } from '../unit/identity/tools.js';

async function run(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(
    (s: string | Uint8Array) => ((out += String(s)), true),
  );
  vi.spyOn(process.stderr, 'write').mockImplementation(
    (s: string | Uint8Array) => ((err += String(s)), true),
  );
  try {
    return { code: await main(argv, env), out, err };
  } finally {
    vi.restoreAllMocks();
  }
}

const MANIFEST = `# proposed by the ops agent
id: CHG-0042
kind: change
title: Raise holiday capacity   # keep this comment
proposer: ops
level: 2
proposed_at: 2026-01-18T14:00:00Z
justification: Holiday crowd forecast
`;
const DIGEST = `sha256:${'9f'.repeat(32)}`;
const NOW = '2026-01-18T14:10:00Z';

let g: GnupgHome;
let repo: TestRepo;
let gpgFpr: string;
let keys: string;

/** `approve CHG-0042 --digest DIGEST` signed with the ops agent's SSH key, then `extra`. */
const approveAsOps = (...extra: string[]): string[] => [
  'approve',
  'CHG-0042',
  '--repo',
  repo.dir,
  '--digest',
  DIGEST,
  '--ssh-key',
  join(keys, 'ops'),
  ...extra,
];

function put(path: string, text: string): void {
  mkdirSync(dirname(join(repo.dir, path)), { recursive: true });
  writeFileSync(join(repo.dir, path), text);
}

/** Everything in the work tree (names and bytes), to prove a failing command wrote nothing. */
function snapshot(): string {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.name === '.git'
        ? []
        : e.isDirectory()
          ? walk(join(d, e.name))
          : [`${join(d, e.name)}:${readFileSync(join(d, e.name), 'base64')}`],
    );
  return walk(repo.dir).sort().join('\n');
}

function actorsYaml(extra = ''): string {
  return `actors:
  - id: alice
    kind: human
    roles: [operator, security]
    max_level: 3
    keys:
      - { type: openpgp, file: keys/alice.asc }
      - { type: openpgp, file: keys/alice-gpg.asc }
  - id: ops
    kind: agent
    roles: [automation]
    max_level: 3
    keys:
      - { type: ssh, file: keys/ops.pub }
${extra}`;
}

beforeAll(async () => {
  g = gnupgHome();
  gpgFpr = g.genKey('Alice GPG <alice@example.test>', 'ed25519');
  repo = testRepo(g.env);
  for (const [p, t] of examplePolicyFiles()) if (!p.startsWith('policies/keys/')) put(p, t);
  keys = join(repo.dir, 'secrets');
  // keygen writes the public halves under policies/keys and the secrets elsewhere.
  expect(
    (await run(['keygen', '--repo', repo.dir, '--actor', 'alice', '--out', 'policies/keys', '--now', NOW]))
      .code,
  ).toBe(0);
  expect(
    (await run(['keygen', '--repo', repo.dir, '--actor', 'ops', '--type', 'ssh', '--out', 'policies/keys']))
      .code,
  ).toBe(0);
  mkdirSync(keys);
  for (const f of ['alice.secret.asc', 'ops']) {
    writeFileSync(join(keys, f), readFileSync(join(repo.dir, 'policies/keys', f)), { mode: 0o600 });
    rmSync(join(repo.dir, 'policies/keys', f));
  }
  put('policies/keys/alice-gpg.asc', g.exportPublic(gpgFpr));
  put('policies/actors.yaml', actorsYaml());
  put('changes/CHG-0042/change.yaml', MANIFEST);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', 'governed repo']);
});

afterAll(() => {
  g.close();
  rmSync(repo.dir, { recursive: true, force: true });
});

describe('gatehouse keygen', () => {
  it('prints the actors.yaml stanza and writes the secret half with mode 0600', async () => {
    const out = join(repo.dir, '..', `kg-${process.pid}`);
    const res = await run([
      'keygen',
      '--repo',
      repo.dir,
      '--actor',
      'carol',
      '--type',
      'ssh',
      '--out',
      out,
      '--json',
    ]);
    expect(res.code).toBe(0);
    const info = JSON.parse(res.out) as {
      stanza: string;
      secret_key: string;
      public_key: string;
      fingerprint: string;
    };
    expect(info.stanza).toContain('id: carol');
    expect(info.stanza).toContain('type: ssh');
    expect(statSync(info.secret_key).mode & 0o777).toBe(0o600);
    // ssh-keygen reads the secret key back to the same public key.
    const derived = execFileSync('ssh-keygen', ['-y', '-f', info.secret_key])
      .toString()
      .split(' ')
      .slice(0, 2);
    expect(readFileSync(info.public_key, 'utf8').split(' ').slice(0, 2)).toEqual(derived);
    expect(res.out).not.toMatch(/PRIVATE KEY/);
    // Never overwrites: exit 2 and the files stay as they were.
    const before = readFileSync(info.secret_key, 'utf8');
    const again = await run([
      'keygen',
      '--repo',
      repo.dir,
      '--actor',
      'carol',
      '--type',
      'ssh',
      '--out',
      out,
    ]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already exists/);
    expect(readFileSync(info.secret_key, 'utf8')).toBe(before);
    rmSync(out, { recursive: true, force: true });
  });

  it('names the key file relative to policies/ in the text stanza', async () => {
    const text = readFileSync(join(repo.dir, 'policies/actors.yaml'), 'utf8');
    expect(text).toContain('keys/alice.asc');
    const res = await run(['keygen', '--repo', repo.dir, '--actor', 'x', '--out', 'policies/keys/tmp']);
    expect(res.out).toContain('file: keys/tmp/x.asc');
    rmSync(join(repo.dir, 'policies/keys/tmp'), { recursive: true });
  });
});

describe('gatehouse approve and sign', () => {
  const verifyFile = async (path: string, actor?: string) => {
    const { keyring } = await keyringFromTree(new FsTree(repo.dir));
    const doc = parseYaml(readFileSync(join(repo.dir, path)), path).value as Record<string, unknown>;
    return verifyDocument(doc, keyring, { ...(actor ? { actor } : {}), at: new Date(Date.now() + 60_000) });
  };

  it('writes changes/<ID>/approvals/<actor>.yaml signed with an OpenPGP key file, the actor found from the key', async () => {
    const res = await run([
      'approve',
      'CHG-0042',
      '--repo',
      repo.dir,
      '--digest',
      DIGEST,
      '--key',
      join(keys, 'alice.secret.asc'),
      '--role',
      'security',
      '--comment',
      'Checked the forecast',
      '--now',
      NOW,
    ]);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const file = 'changes/CHG-0042/approvals/alice.yaml';
    expect(res.out).toContain(file);
    const text = readFileSync(join(repo.dir, file), 'utf8');
    const { value } = loadDocument('approval', text, file);
    expect(value).toMatchObject({
      change: 'CHG-0042',
      digest: DIGEST,
      actor: 'alice',
      decision: 'approve',
      role: 'security',
      ts: NOW,
    });
    expect(await verifyFile(file)).toMatchObject({ ok: true, actor: 'alice', signedAt: NOW });
  });

  it('signs through gpg (--gpg KEYID) and records a --reject veto', async () => {
    const res = await run(
      ['approve', 'CHG-0042', '--repo', repo.dir, '--digest', DIGEST, '--gpg', gpgFpr, '--reject', '--json'],
      g.env,
    );
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out)).toMatchObject({ actor: 'alice', decision: 'reject', fingerprint: gpgFpr });
    expect(await verifyFile('changes/CHG-0042/approvals/alice.yaml')).toMatchObject({
      ok: true,
      fingerprint: gpgFpr,
    });
  });

  it('computes the digest itself from --base/--head, the same value gatehouse digest prints', async () => {
    const r = testRepo();
    for (const [p, t] of examplePolicyFiles()) {
      mkdirSync(dirname(join(r.dir, p)), { recursive: true });
      writeFileSync(join(r.dir, p), t);
    }
    mkdirSync(join(r.dir, 'policies/keys'), { recursive: true });
    writeFileSync(
      join(r.dir, 'policies/keys/ops.pub'),
      readFileSync(join(repo.dir, 'policies/keys/ops.pub')),
    );
    writeFileSync(
      join(r.dir, 'policies/actors.yaml'),
      actorsYaml()
        .replace(/\n {6}- \{ type: openpgp[^\n]*/g, '')
        .replace('keys:\n  - id: ops', 'keys: []\n  - id: ops'),
    );
    r.git(['add', '-A']);
    r.git(['commit', '-q', '-m', 'base']);
    r.git(['checkout', '-q', '-b', 'pr']);
    mkdirSync(join(r.dir, 'changes/CHG-0042'), { recursive: true });
    writeFileSync(join(r.dir, 'changes/CHG-0042/change.yaml'), MANIFEST);
    r.git(['add', '-A']);
    r.git(['commit', '-q', '-m', 'change']);
    const digest = (await run(['digest', '--repo', r.dir, '--base', 'main'])).out
      .split('\n')[0]!
      .split(' ')[1];
    const res = await run([
      'approve',
      'CHG-0042',
      '--repo',
      r.dir,
      '--base',
      'main',
      '--ssh-key',
      join(keys, 'ops'),
      '--json',
    ]);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out)).toMatchObject({ actor: 'ops', digest });
    rmSync(r.dir, { recursive: true, force: true });
  });

  it('signs a manifest in place with an SSH key, keeping comments and order', async () => {
    const res = await run([
      'sign',
      'changes/CHG-0042/change.yaml',
      '--repo',
      repo.dir,
      '--ssh-key',
      join(keys, 'ops'),
    ]);
    expect(res.code).toBe(0);
    const text = readFileSync(join(repo.dir, 'changes/CHG-0042/change.yaml'), 'utf8');
    expect(text.startsWith('# proposed by the ops agent\nid: CHG-0042\n')).toBe(true);
    expect(text).toContain('# keep this comment');
    expect(text).toMatch(/signature:\n\s+type: ssh\n\s+value: \|/);
    expect(await verifyFile('changes/CHG-0042/change.yaml')).toMatchObject({
      ok: true,
      actor: 'ops',
      signedAt: '2026-01-18T14:00:00Z',
    });
    // Re-signing replaces the signature rather than adding a second one.
    expect(
      (
        await run([
          'sign',
          'changes/CHG-0042/change.yaml',
          '--repo',
          repo.dir,
          '--ssh-key',
          join(keys, 'ops'),
        ])
      ).code,
    ).toBe(0);
    expect(
      readFileSync(join(repo.dir, 'changes/CHG-0042/change.yaml'), 'utf8').match(/signature:/g),
    ).toHaveLength(1);
    put('changes/CHG-0042/change.yaml', MANIFEST);
  });

  it('warns when the key signing a document is not its actor', async () => {
    const res = await run([
      'sign',
      'changes/CHG-0042/change.yaml',
      '--repo',
      repo.dir,
      '--key',
      join(keys, 'alice.secret.asc'),
    ]);
    expect(res.code).toBe(0);
    expect(res.err).toMatch(/names ops, but the key belongs to alice/);
    put('changes/CHG-0042/change.yaml', MANIFEST);
  });
});

describe('bad input: exit 2, a file:line message, nothing written', () => {
  const expectRefused = async (argv: string[], message: RegExp, env?: NodeJS.ProcessEnv) => {
    const before = snapshot();
    const res = await run(argv, env);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(message);
    expect(snapshot()).toBe(before);
  };

  it('refuses to sign YAML with a syntax error', async () => {
    put('changes/CHG-0050/change.yaml', 'id: CHG-0050\nkind: change\ntitle: [unclosed\n');
    await expectRefused(
      ['sign', 'changes/CHG-0050/change.yaml', '--repo', repo.dir, '--ssh-key', join(keys, 'ops')],
      /changes\/CHG-0050\/change\.yaml:\d+:\d+/,
    );
  });

  it('refuses to sign a manifest with an unknown field, naming its line', async () => {
    put('changes/CHG-0051/change.yaml', `${MANIFEST.replace('CHG-0042', 'CHG-0051')}colour: blue\n`);
    await expectRefused(
      ['sign', 'changes/CHG-0051/change.yaml', '--repo', repo.dir, '--ssh-key', join(keys, 'ops')],
      /change\.yaml:9:1: \/colour: unknown field "colour"/,
    );
  });

  it('refuses to sign a file that is not a signable kind, or with two signers', async () => {
    await expectRefused(
      ['sign', 'policies/quorum.yaml', '--repo', repo.dir, '--ssh-key', join(keys, 'ops')],
      /not a signable file/,
    );
    await expectRefused(
      [
        'sign',
        'changes/CHG-0042/change.yaml',
        '--repo',
        repo.dir,
        '--ssh-key',
        join(keys, 'ops'),
        '--key',
        join(keys, 'alice.secret.asc'),
      ],
      /exactly one of --key/,
    );
  });

  it('refuses to approve a change that does not exist', async () => {
    await expectRefused(
      ['approve', 'CHG-9999', '--repo', repo.dir, '--digest', DIGEST, '--ssh-key', join(keys, 'ops')],
      /changes\/CHG-9999\/change\.yaml not found/,
    );
  });

  it('refuses a malformed digest and a role the actor does not hold', async () => {
    await expectRefused(
      ['approve', 'CHG-0042', '--repo', repo.dir, '--digest', 'sha1:abc', '--ssh-key', join(keys, 'ops')],
      /--digest must look like/,
    );
    await expectRefused(approveAsOps('--role', 'charter'), /ops does not hold role "charter"/);
  });

  it('refuses a key that belongs to no actor, naming policies/actors.yaml', async () => {
    const stranger = join(keys, 'stranger');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    await expectRefused(
      ['approve', 'CHG-0042', '--repo', repo.dir, '--digest', DIGEST, '--ssh-key', stranger],
      /policies\/actors\.yaml: key SHA256:\S+ .* belongs to no actor/,
    );
  });

  it('refuses a gpg approval dated before gpg signs it (the gate would ignore it): exit 2, nothing written', async () => {
    // gpg stamps the real time; an approval whose ts is hours earlier is one the gate does not count.
    await expectRefused(
      ['approve', 'CHG-0042', '--repo', repo.dir, '--digest', DIGEST, '--gpg', gpgFpr, '--now', NOW],
      /would not verify for alice: not-yet-valid: .*; nothing written/,
      g.env,
    );
  });

  it('refuses to sign a manifest with gpg dated before gpg signs it: exit 2, nothing written', async () => {
    put(
      'changes/CHG-0061/change.yaml',
      MANIFEST.replace('CHG-0042', 'CHG-0061').replace('proposer: ops', 'proposer: alice'),
    );
    await expectRefused(
      ['sign', 'changes/CHG-0061/change.yaml', '--repo', repo.dir, '--gpg', gpgFpr, '--now', NOW],
      /signature of changes\/CHG-0061\/change\.yaml would not verify for alice: not-yet-valid: .*; nothing written/,
      g.env,
    );
  });

  it('refuses --actor naming someone whose key did not sign', async () => {
    await expectRefused(approveAsOps('--actor', 'alice'), /would not verify for alice: wrong-actor/);
  });

  it('refuses to approve when actors.yaml is invalid, with its file:line', async () => {
    const good = readFileSync(join(repo.dir, 'policies/actors.yaml'), 'utf8');
    put('policies/actors.yaml', good.replace('max_level: 3', 'max_level: three'));
    try {
      await expectRefused(approveAsOps(), /policies\/actors\.yaml:5:\d+: .*max_level/);
    } finally {
      put('policies/actors.yaml', good);
    }
  });

  it('refuses verify-commits with an unknown ref or without --base', async () => {
    await expectRefused(
      ['verify-commits', '--repo', repo.dir, '--base', 'no-such-branch'],
      /unknown git ref "no-such-branch"/,
    );
    await expectRefused(['verify-commits', '--repo', repo.dir], /--base is required/);
  });

  it('refuses keygen without --out or with an unknown --type', async () => {
    await expectRefused(['keygen', '--repo', repo.dir, '--actor', 'z'], /--out is required/);
    await expectRefused(
      ['keygen', '--repo', repo.dir, '--actor', 'z', '--type', 'dsa', '--out', 'x'],
      /--type must be openpgp or ssh/,
    );
  });
});

describe('gatehouse verify-commits', () => {
  it('prints one row per commit with its actor, and exits 1 when a commit is unsigned', async () => {
    const base = repo.git(['rev-parse', 'HEAD']);
    const gpgCfg = ['gpg.program=gpg', `user.signingkey=${gpgFpr}`];
    const sshCfg = ['gpg.format=ssh', `user.signingkey=${join(keys, 'ops')}`];
    const a = repo.commit('signed by alice through gpg', gpgCfg, ['-S']);
    const o = repo.commit('signed by the ops agent', sshCfg, ['-S']);
    const ok = await run(['verify-commits', '--repo', repo.dir, '--base', base, '--head', o], g.env);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`${a.slice(0, 12)} ok   alice (openpgp ${gpgFpr})  signed by alice through gpg`);
    expect(ok.out).toContain(`${o.slice(0, 12)} ok   ops (ssh SHA256:`);
    expect(ok.out).toMatch(/2 commits in .*: 2 signed by an actor, 0 not/);
    const u = repo.commit('nobody signed this');
    const bad = await run(['verify-commits', '--repo', repo.dir, '--base', base, '--json']);
    expect(bad.code).toBe(1);
    const doc = JSON.parse(bad.out) as {
      ok: boolean;
      commits: { sha: string; ok: boolean; actor?: string; code?: string }[];
    };
    expect(doc.ok).toBe(false);
    expect(doc.commits.map((c) => [c.sha, c.ok, c.actor ?? c.code])).toEqual([
      [a, true, 'alice'],
      [o, true, 'ops'],
      [u, false, 'unsigned'],
    ]);
  });
});
