/**
 * The end-to-end suite's own tools: run the SHIPPED bundles (dist/cli.js, dist/index.js) as child processes,
 * git with a fixed clock, and temp dirs removed after the file. Nothing here imports src/: the suite judges
 * what users run, not the sources (esbuild renames classes, so a name-based check can pass in src and fail
 * in dist).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST_CLI = join(ROOT, 'dist/cli.js');
export const DIST_INDEX = join(ROOT, 'dist/index.js');

const made: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `gatehouse-e2e-${prefix}-`));
  made.push(dir);
  return dir;
}

/** Removes every temp dir this file made (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * The scenario's clock: minute 0 is the next full hour after the start of the run, plus one hour. GnuPG
 * stamps a signature with the wall clock, and the gate ignores a signature made after the time it is judged
 * at (DESIGN §2.4), so every `--now` of the scenario lies after every signature the real gpg makes.
 */
export class Clock {
  readonly startMs: number;
  constructor(startMs = Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3_600_000) {
    this.startMs = startMs;
  }
  iso(minute: number): string {
    return new Date(this.startMs + minute * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node dist/cli.js ARGS` in `cwd` with `env` (PATH, HOME and GNUPGHOME as the caller gives them). */
export function runCli(args: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Run {
  const r = spawnSync(process.execPath, [DIST_CLI, ...args], {
    cwd: opts.cwd,
    env: opts.env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Parses a `--json` run's stdout, saying which run printed what when it is not JSON. */
export function json<T = Record<string, unknown>>(run: Run, what = 'the command'): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`${what} printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

/** The environment every child runs with: no system git config, a private HOME, a fixed identity. */
export function baseEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Gatehouse E2E',
    GIT_AUTHOR_EMAIL: 'e2e@gatehouse.invalid',
    GIT_COMMITTER_NAME: 'Gatehouse E2E',
    GIT_COMMITTER_EMAIL: 'e2e@gatehouse.invalid',
    ...extra,
  };
}

/** git in `dir`, dated `iso` (author and committer), with extra `-c` settings first. */
export function gitAt(
  dir: string,
  env: NodeJS.ProcessEnv,
  iso: string,
  args: readonly string[],
  config: readonly string[] = [],
): string {
  return execFileSync('git', [...config.flatMap((c) => ['-c', c]), ...args], {
    cwd: dir,
    env: { ...env, GIT_AUTHOR_DATE: iso, GIT_COMMITTER_DATE: iso },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

export function readText(dir: string, path: string): string {
  return readFileSync(join(dir, path), 'utf8');
}
