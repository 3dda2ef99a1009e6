/**
 * Commit signature verification (DESIGN §7): verifyCommits vs `git log --show-signature` (GnuPG) over the same
 * 1,000 GnuPG-signed commits, in one run. Commits are signed by gpg itself (ed25519 key, cached agent) and
 * written as raw objects, so generation stays well under a minute. Prints the ratio and a last line
 * `BENCH {"name":"commits", ...}`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs, { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import git from 'isomorphic-git';
import { buildKeyring } from '../src/identity/keyring.js';
import { verifyCommits } from '../src/assembly/commit-signatures.js';
import { closeRepos } from '../src/git/repo.js';

const N = Number(process.env.BENCH_COMMITS ?? 1000);
const root = mkdtempSync(join(tmpdir(), 'gh-bench-commits-'));
const home = join(root, 'gnupg');
fs.mkdirSync(home);
chmodSync(home, 0o700);
const env = { ...process.env, GNUPGHOME: home };
const dir = join(root, 'repo');
const BATCH = ['--batch', '--pinentry-mode', 'loopback', '--passphrase', ''];

function gpg(args: string[], input?: Buffer | string): Buffer {
  return execFileSync('gpg', ['--quiet', ...BATCH, ...args], {
    env,
    input: input ?? '',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

async function main(): Promise<void> {
  gpg(['--quick-gen-key', 'Bench Signer <bench@example.test>', 'ed25519', 'sign', 'never']);
  const fpr = gpg(['--with-colons', '--list-keys', 'bench@example.test'])
    .toString()
    .split('\n')
    .find((l) => l.startsWith('fpr:'))!
    .split(':')[9]!;
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const gitdir = join(dir, '.git');
  const tree = await git.writeTree({ fs, gitdir, tree: [] });

  // Generation: each commit's payload is signed by gpg (as `git commit -S` would), then written raw.
  const t0 = performance.now();
  let parent: string | undefined;
  let first = '';
  for (let i = 0; i < N; i++) {
    const when = 1_700_000_000 + i * 60;
    const head =
      `tree ${tree}\n` +
      (parent ? `parent ${parent}\n` : '') +
      `author Bench <bench@example.test> ${when} +0000\ncommitter Bench <bench@example.test> ${when} +0000\n`;
    const payload = `${head}\ncommit ${i}\n`;
    const sig = gpg(['--detach-sign', '--armor', '--local-user', fpr], payload).toString().replace(/\n$/, '');
    const raw = `${head}gpgsig ${sig.split('\n').join('\n ')}\n\ncommit ${i}\n`;
    parent = await git.writeObject({
      fs,
      gitdir,
      type: 'commit',
      object: Buffer.from(raw),
      format: 'content',
    });
    if (i === 0) first = parent;
  }
  execFileSync('git', ['update-ref', 'refs/heads/main', parent!], { cwd: dir });
  const generationMs = performance.now() - t0;
  const count = N - 1; // first..HEAD excludes the first commit

  const keyring = await buildKeyring(
    [{ id: 'bench', kind: 'human', roles: [], max_level: 1, keys: [{ type: 'openpgp', file: 'bench.asc' }] }],
    () => Promise.resolve(gpg(['--armor', '--export', fpr])),
  );

  // Gatehouse: a cold run (fresh repo handle, first use of the code paths), then a warm one.
  closeRepos();
  let t = performance.now();
  const rows = await verifyCommits(dir, first, 'main', keyring);
  const oursColdMs = performance.now() - t;
  closeRepos();
  t = performance.now();
  await verifyCommits(dir, first, 'main', keyring);
  const oursWarmMs = performance.now() - t;
  const okCount = rows.filter((r) => r.ok && r.actor === 'bench').length;
  if (rows.length !== count || okCount !== count)
    throw new Error(`verifyCommits: ${okCount}/${rows.length} ok, expected ${count}`);

  // The peer: git log --show-signature over the same range (one gpg --verify per commit).
  t = performance.now();
  const log = spawnSync('git', ['log', '--show-signature', '--format=%H', `${first}..main`], {
    cwd: dir,
    env,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  const gitMs = performance.now() - t;
  const good = (log.stdout + log.stderr).split('Good signature from').length - 1;
  if (good !== count)
    throw new Error(`git log --show-signature reported ${good} good signatures, expected ${count}`);

  const ratio = gitMs / oursColdMs;
  console.log(`generated ${N} gpg-signed commits in ${(generationMs / 1000).toFixed(1)} s`);
  console.log(
    `verifyCommits:            ${oursColdMs.toFixed(0)} ms cold, ${oursWarmMs.toFixed(0)} ms warm (${((oursColdMs * 1000) / count).toFixed(0)} µs/commit cold)`,
  );
  console.log(
    `git log --show-signature: ${gitMs.toFixed(0)} ms (${((gitMs * 1000) / count).toFixed(0)} µs/commit)`,
  );
  console.log(`ratio: ${ratio.toFixed(1)}x faster than git log --show-signature (target >= 5x)`);
  console.log(
    `BENCH ${JSON.stringify({
      name: 'commits',
      commits: count,
      gatehouse_ms: Math.round(oursColdMs),
      gatehouse_warm_ms: Math.round(oursWarmMs),
      git_log_ms: Math.round(gitMs),
      ratio: Number(ratio.toFixed(2)),
      target_ratio: 5,
      generation_ms: Math.round(generationMs),
    })}`,
  );
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env });
    rmSync(root, { recursive: true, force: true });
  });
