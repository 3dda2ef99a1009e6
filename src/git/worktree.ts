/**
 * Governed files the working tree holds but the commits do not: modified, staged, deleted or untracked paths under
 * the governed folders. The gate reads commits only (DESIGN §3: base and head are commits), so such files are
 * ignored by a decision; commands that read commits name them in a warning (`git add` + `git commit`).
 * Read-only: `git status` never writes to the repository (`--no-optional-locks`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gitCliAvailable } from './cat-file.js';

export interface UncommittedFile {
  path: string;
  /** `modified`, `added` (staged, not committed), `deleted` or `untracked`. */
  status: 'modified' | 'added' | 'deleted' | 'untracked';
}

function statusOf(xy: string): UncommittedFile['status'] {
  if (xy === '??') return 'untracked';
  if (xy.includes('D')) return 'deleted';
  if (xy[0] === 'A') return 'added';
  return 'modified';
}

/**
 * Uncommitted paths under `dirs` (repository-relative folders), sorted; empty outside a git work tree or without
 * a git CLI (nothing can be said there, and nothing is claimed).
 */
export function uncommittedFiles(repoDir: string, dirs: readonly string[]): UncommittedFile[] {
  if (dirs.length === 0 || !existsSync(join(repoDir, '.git')) || !gitCliAvailable()) return [];
  const r = spawnSync(
    'git',
    [
      '--no-optional-locks',
      'status',
      '--porcelain=v1',
      '-z',
      '--untracked-files=all',
      '--no-renames',
      '--',
      ...dirs.map((d) => `:(top,literal)${d.replace(/\/+$/, '')}`),
    ],
    {
      cwd: repoDir,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' },
    },
  );
  if (r.status !== 0) return [];
  const out: UncommittedFile[] = [];
  for (const rec of r.stdout.split('\0')) {
    if (rec.length < 4) continue;
    out.push({ path: rec.slice(3), status: statusOf(rec.slice(0, 2)) });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** One warning naming the files (at most `max`, then a count), and what to do about them. */
export function uncommittedWarning(files: readonly UncommittedFile[], reads: string, max = 10): string {
  const shown = files.slice(0, max).map((f) => `  ${f.path} (${f.status})`);
  const more = files.length > max ? [`  … and ${files.length - max} more`] : [];
  return [
    `warning: ${files.length} governed file${files.length === 1 ? '' : 's'} in the working tree ` +
      `${files.length === 1 ? 'is' : 'are'} not committed and ${files.length === 1 ? 'is' : 'are'} ignored: ` +
      `${reads} reads commits, not the working tree`,
    ...shown,
    ...more,
    '  to count them: git add <files> && git commit, then run it again',
  ].join('\n');
}
