/**
 * The shipped CLI bundle answers --version and help COMMAND on its own: the version is inlined at build
 * time, so it holds from any working directory and for a copy of dist/cli.js far from package.json.
 * Runs the committed dist/cli.js (CI runs check-dist first; locally, `npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST_CLI = join(ROOT, 'dist/cli.js');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-help-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function runBundle(
  cli: string,
  args: string[],
  cwd: string,
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the bundled CLI (dist/cli.js)', () => {
  it('prints the package version for --version and -V from an unrelated directory and as a moved copy', () => {
    const cwd = tempDir();
    const copy = join(tempDir(), 'gatehouse.js');
    copyFileSync(DIST_CLI, copy);
    for (const cli of [DIST_CLI, copy])
      for (const flag of ['--version', '-V']) {
        const r = runBundle(cli, [flag], cwd);
        expect(r.stderr).toBe('');
        expect(r.status, `${cli} ${flag}`).toBe(0);
        expect(r.stdout).toBe(`${VERSION}\n`);
      }
    const json = runBundle(DIST_CLI, ['--version', '--json'], cwd);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ version: VERSION });
  });

  it('prints the flags and examples of check for help check, the same as check --help', () => {
    const cwd = tempDir();
    const help = runBundle(DIST_CLI, ['help', 'check'], cwd);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: gatehouse check --base REF/);
    for (const flag of [
      '--base REF',
      '--head REF',
      '--format',
      '--github-approvals FILE',
      '--timings',
      '--repo DIR',
    ])
      expect(help.stdout).toContain(`\n  ${flag}`);
    expect(help.stdout).toMatch(/\nexamples:\n {2}gatehouse check --base /);
    expect(help.stdout.endsWith('\n')).toBe(true);
    expect(runBundle(DIST_CLI, ['check', '--help'], cwd)).toEqual(help);
  });

  it('refuses help for an unknown command with exit 2 and the list of commands', () => {
    const r = runBundle(DIST_CLI, ['help', 'nope'], tempDir());
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^gatehouse: help: unknown command "nope"; commands: init, digest, .*check/);
  });
});
