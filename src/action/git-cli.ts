/**
 * GitPort over the `git` CLI (the runner's checkout: actions/checkout leaves origin and its credentials in
 * place). Only the Action's record path writes: one commit of the ledger folder, pushed with
 * --force-with-lease=<ref>:<expected sha>, which updates the branch only if it still points at `expected`.
 */
import { execFile } from 'node:child_process';
import { internalError } from '../core/errors.js';
import type { GitPort } from './ports.js';

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

function git(dir: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      { cwd: dir, maxBuffer: 64 << 20, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

async function gitOk(dir: string, args: string[]): Promise<string> {
  const r = await git(dir, args);
  if (r.code !== 0) throw internalError(`git ${args[0] ?? ''} failed (exit ${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

const COMMITTER = [
  '-c',
  'user.name=github-actions[bot]',
  '-c',
  'user.email=41898282+github-actions[bot]@users.noreply.github.com',
];

export function gitCli(): GitPort {
  return {
    async ensureCommit(dir, sha) {
      if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) {
        return (await git(dir, ['rev-parse', '--verify', '--quiet', `${sha}^{commit}`])).code === 0;
      }
      const has = async (): Promise<boolean> =>
        (await git(dir, ['cat-file', '-e', `${sha}^{commit}`])).code === 0;
      if (await has()) return true;
      await git(dir, ['fetch', '--no-tags', '--quiet', 'origin', sha]);
      return has();
    },
    async headSha(dir) {
      return (await gitOk(dir, ['rev-parse', 'HEAD'])).trim();
    },
    async changedUnder(dir, sub) {
      const out = await gitOk(dir, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', sub]);
      return out
        .split('\0')
        .filter((l) => l.length > 3)
        .map((l) => l.slice(3));
    },
    async commit(dir, paths, message) {
      await gitOk(dir, ['add', '--all', '--', ...paths]);
      await gitOk(dir, [...COMMITTER, 'commit', '--quiet', '--no-verify', '-m', message, '--', ...paths]);
      return (await gitOk(dir, ['rev-parse', 'HEAD'])).trim();
    },
    async pushCas(dir, branch, expected) {
      const ref = `refs/heads/${branch}`;
      const r = await git(dir, [
        'push',
        '--porcelain',
        `--force-with-lease=${ref}:${expected}`,
        'origin',
        `HEAD:${ref}`,
      ]);
      if (r.code === 0) return 'pushed';
      const text = `${r.stdout}\n${r.stderr}`;
      if (
        /stale info|\[rejected\]|non-fast-forward|fetch first|failed to update ref|cannot lock ref/i.test(
          text,
        )
      ) {
        return 'rejected';
      }
      throw internalError(`git push to ${ref} failed (exit ${r.code}): ${r.stderr.trim()}`);
    },
    async syncTo(dir, branch) {
      await gitOk(dir, ['fetch', '--no-tags', '--quiet', 'origin', `refs/heads/${branch}`]);
      await gitOk(dir, ['reset', '--quiet', '--hard', 'FETCH_HEAD']);
      return (await gitOk(dir, ['rev-parse', 'HEAD'])).trim();
    },
    async show(dir, ref, path) {
      const r = await git(dir, ['show', `${ref}:${path}`]);
      return r.code === 0 ? r.stdout : undefined;
    },
  };
}
