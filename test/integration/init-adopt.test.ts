/**
 * `init --actor` and `init --adopt` (DESIGN §4 adoption, §9 bad input): founders who could never change the
 * starter policy are refused, key files are checked, and adoption writes policies around an existing
 * state/ whose genesis snapshot `verify` finds no drift against, never overwriting a file.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gnupgHome } from '../unit/identity/tools.js';
import { StarterRepo } from './starter-fixture.js';

let r: StarterRepo;
afterEach(() => r?.cleanup());

const STATE = `service: shop\nregion: eu-west-1\nresources:\n  - id: cart\n    spec: { replicas: 2 }\n  - id: checkout\n    spec: { replicas: 2 }\n  - id: search\n    spec: { replicas: 3 }\n  - id: web\n    spec: { replicas: 4 }\n`;

/** An existing repository: state/ and a README, two commits. */
function existing(): StarterRepo {
  const repo = new StarterRepo();
  repo.commit('readme', { 'README.md': '# shop\n' });
  repo.commit('state of the shop', { 'state/shop.yaml': STATE, '.gitignore': 'node_modules/\n' });
  return repo;
}

const listing = (dir: string): string[] => readdirSync(dir, { recursive: true }).map(String).sort();

describe('init --actor', () => {
  it('refuses founders who cannot fill the policy-change rule, with exit 2, and writes nothing', async () => {
    r = new StarterRepo();
    const alice = r.key('alice');
    const before = listing(r.dir);
    const res = await r.cli('init', '--actor', `alice:security,charter:${alice.pub}`);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(
      /cannot fill the policy-change rule: it needs security and charter from different people, and no other founder holds charter.*--actor bob:charter/,
    );
    expect(listing(r.dir)).toEqual(before);
  });

  it('refuses a private key as KEYFILE and a key file that does not parse, naming the file', async () => {
    r = new StarterRepo();
    const alice = r.key('alice');
    const bob = r.key('bob');
    const before = listing(r.dir);
    const secret = await r.cli(
      'init',
      '--actor',
      `alice:security:${alice.key}`,
      '--actor',
      `bob:charter:${bob.pub}`,
    );
    expect(secret.code).toBe(2);
    expect(secret.err).toMatch(/holds a private key: give the public key/);
    const broken = join(r.keysDir, 'broken.pub');
    writeFileSync(broken, 'ssh-ed25519 AAAAnotakey bob@test\n');
    const bad = await r.cli(
      'init',
      '--actor',
      `alice:security:${alice.pub}`,
      '--actor',
      `bob:charter:${broken}`,
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`${broken}: bob: unreadable SSH public key`);
    expect(listing(r.dir)).toEqual(before);
  });

  it('refuses malformed --actor specs and combinations with exit 2, a message, and nothing written', async () => {
    r = new StarterRepo();
    const alice = r.key('alice');
    const bob = r.key('bob');
    const before = listing(r.dir);
    const cases: [string[], RegExp][] = [
      [['--actor', 'alice'], /--actor expects ID:ROLES:KEYFILE/],
      [['--actor', `Alice!:security:${alice.pub}`], /the id must be like "alice"/],
      [['--actor', `alice::${alice.pub}`], /give at least one role/],
      [
        ['--actor', `alice:security:${alice.pub}`, '--actor', `alice:charter:${bob.pub}`],
        /--actor alice is given twice/,
      ],
      [
        ['--actor', `alice:security:${join(r.keysDir, 'missing.pub')}`],
        /cannot read key file .*missing\.pub/,
      ],
      [
        ['--actor', `alice:security:${alice.pub}`, '--actor', `bob:charter:${bob.pub}`, '--admin', 'root'],
        /--admin names the single generated admin/,
      ],
      [
        ['--example', 'park', '--actor', `alice:security:${alice.pub}`],
        /--example park takes neither --adopt nor --actor/,
      ],
    ];
    for (const [args, message] of cases) {
      const res = await r.cli('init', ...args);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.err).toMatch(message);
      expect(listing(r.dir)).toEqual(before);
    }
  });

  it('copies an SSH and an armored OpenPGP public key into policies/keys/ and the result validates', async () => {
    r = new StarterRepo();
    const alice = r.key('alice');
    const gpg = gnupgHome();
    try {
      const fpr = gpg.genKey('Bob <bob@example.test>', 'ed25519');
      const bobAsc = join(r.keysDir, 'bob.asc');
      writeFileSync(bobAsc, gpg.exportPublic(fpr));
      await r.ok(
        'init',
        '--actor',
        `alice:security,operator:${alice.pub}`,
        '--actor',
        `bob:charter:${bobAsc}`,
      );
      expect(r.read('policies/keys/alice.pub')).toBe(readFileSync(alice.pub, 'utf8'));
      expect(r.read('policies/keys/bob.asc')).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
      expect(r.read('policies/actors.yaml')).toMatch(
        /id: bob[\s\S]*type: openpgp[\s\S]*file: keys\/bob\.asc/,
      );
      expect(listing(r.dir).filter((p) => p.startsWith('.gatehouse'))).toEqual([
        '.gatehouse',
        '.gatehouse/checkpoint.key',
      ]);
      expect((await r.cli('validate')).code).toBe(0);
      expect((await r.cli('verify')).code).toBe(0);
    } finally {
      gpg.close();
    }
  });

  it('warns that a lone generated admin must add the other approvers before the first commit', async () => {
    r = new StarterRepo();
    const res = await r.cli('init');
    expect(res.code).toBe(0);
    expect(res.err).toMatch(
      /warning: admin is the only actor. Add the other approvers to policies\/actors\.yaml before the first commit, or right after it as the first policy change/,
    );
  });
});

describe('init --adopt', () => {
  it('writes policies around an existing state/ whose genesis snapshot verify finds no drift against', async () => {
    r = existing();
    const alice = r.key('alice');
    const bob = r.key('bob');
    const out = await r.ok(
      'init',
      '--adopt',
      '--actor',
      `alice:security,operator:${alice.pub}`,
      '--actor',
      `bob:charter,operator:${bob.pub}`,
    );
    expect(out).toContain('genesis, 4 resources');
    expect(out).toContain('appended to .gitignore');
    expect(r.read('.gitignore')).toBe('node_modules/\n.gatehouse/\n');
    expect(r.read('state/shop.yaml')).toBe(STATE);
    expect(r.read('README.md')).toBe('# shop\n');
    const genesis = r.ledger()[0]!;
    expect(genesis.type).toBe('genesis');
    expect(Object.keys((genesis.body as { state: { resources: object } }).state.resources).sort()).toEqual([
      'shop/cart',
      'shop/checkout',
      'shop/search',
      'shop/web',
    ]);
    r.commit('gatehouse init --adopt');
    const verify = await r.cli('verify', '--json');
    expect(verify.code, verify.out + verify.err).toBe(0);
    expect(JSON.parse(verify.out)).toMatchObject({ ok: true, drift: [], findings: [] });
    expect((await r.cli('validate')).code).toBe(0);
  });

  it('never overwrites: an existing file it would write is refused, named, with exit 2 and nothing written', async () => {
    r = existing();
    const alice = r.key('alice');
    const bob = r.key('bob');
    r.commit('a workflow of our own', { '.github/workflows/gatehouse.yml': 'name: ours\n' });
    const before = listing(r.dir);
    const res = await r.cli(
      'init',
      '--adopt',
      '--actor',
      `alice:security:${alice.pub}`,
      '--actor',
      `bob:charter:${bob.pub}`,
    );
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/never overwrites: \.github\/workflows\/gatehouse\.yml already exists/);
    expect(listing(r.dir)).toEqual(before);
    expect(r.read('.github/workflows/gatehouse.yml')).toBe('name: ours\n');
  });

  it('refuses bad state with exit 2 and its file:line, and writes nothing', async () => {
    r = existing();
    const alice = r.key('alice');
    const bob = r.key('bob');
    r.commit('a float', {
      'state/bad.yaml': 'service: shop\nresources:\n  - id: promo\n    spec: { ratio: 0.5 }\n',
    });
    const before = listing(r.dir);
    const res = await r.cli(
      'init',
      '--adopt',
      '--actor',
      `alice:security:${alice.pub}`,
      '--actor',
      `bob:charter:${bob.pub}`,
    );
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/state\/bad\.yaml:4:\d+/);
    expect(listing(r.dir)).toEqual(before);
  });

  it('points a non-empty repository with state/ at --adopt, and refuses --adopt without state/', async () => {
    r = existing();
    const plain = await r.cli('init');
    expect(plain.code).toBe(2);
    expect(plain.err).toMatch(/is not empty: to govern its existing state\/, run `gatehouse init --adopt`/);
    const empty = new StarterRepo();
    try {
      empty.commit('readme', { 'README.md': '# x\n' });
      const res = await empty.cli('init', '--adopt');
      expect(res.code).toBe(2);
      expect(res.err).toMatch(/has no state\/ folder to adopt/);
      expect(listing(empty.dir).filter((p) => !p.startsWith('.git/') && p !== '.git')).toEqual(['README.md']);
    } finally {
      empty.cleanup();
    }
  });
});
