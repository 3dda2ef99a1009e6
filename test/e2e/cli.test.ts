import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEnv, json, removeTempDirs, ROOT, runCli, tempDir } from './harness.js';

// What the shipped CLI says about itself: the version is inlined from package.json when dist/cli.js is built,
// and every command prints its own usage.
const env = baseEnv(tempDir('home'));
const cli = (...args: string[]) => runCli(args, { cwd: tempDir('cwd'), env });
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

afterAll(removeTempDirs);

describe('the bundled CLI about itself', () => {
  it('prints the package version with --version, -V and --version --json', () => {
    expect(cli('--version')).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect(cli('-V')).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect(json(cli('--version', '--json'))).toEqual({ version });
  });

  it('prints a command usage with its flags and an example for COMMAND --help and help COMMAND', () => {
    const a = cli('approve', '--help');
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^usage: gatehouse approve ID /);
    expect(a.stdout).toContain('--gpg KEYID');
    expect(a.stdout).toContain('examples:');
    expect(cli('help', 'approve').stdout).toBe(a.stdout);
  });

  it('refuses an unknown command with exit 2 and the list of commands', () => {
    const run = cli('aprove');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "aprove"');
  });
});
