/** Real git repositories in temp dirs, built with the `git` CLI and a fixed clock. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Fixture {
  dir: string;
  git(...args: string[]): string;
  /** Write files (content null = delete) and commit them; returns the new commit oid. */
  commit(message: string, files: Record<string, string | Uint8Array | null>): string;
  write(files: Record<string, string | Uint8Array | null>): void;
  head(): string;
  cleanup(): void;
}

let tick = 0;

export function makeRepo(prefix = 'gh-git-'): Fixture {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const git = (...args: string[]): string => {
    const when = `2026-01-18T12:${String(Math.floor(tick / 60) % 60).padStart(2, '0')}:${String(tick % 60).padStart(2, '0')}Z`;
    tick++;
    return execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.invalid',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.invalid',
        GIT_AUTHOR_DATE: when,
        GIT_COMMITTER_DATE: when,
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: dir,
      },
    }).trim();
  };
  git('init', '-q', '-b', 'main');
  git('config', 'commit.gpgsign', 'false');
  const write = (files: Record<string, string | Uint8Array | null>): void => {
    for (const [path, content] of Object.entries(files)) {
      const abs = join(dir, path);
      if (content === null) rmSync(abs, { force: true });
      else {
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, content);
      }
    }
  };
  return {
    dir,
    git,
    write,
    commit(message, files) {
      write(files);
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD');
    },
    head: () => git('rev-parse', 'HEAD'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
