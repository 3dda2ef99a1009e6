import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../../src/cli/main.js';
import { commands, findCommand } from '../../../src/cli/registry.js';

describe('the command registry', () => {
  it('loads, for every entry, the command of that name with the summary --help shows', async () => {
    for (const entry of commands) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.summary, entry.name).toBe(entry.summary);
      expect(await findCommand(entry.name)).toBe(command);
    }
    expect(new Set(commands.map((c) => c.name)).size).toBe(commands.length);
  });

  it('finds no command for an unknown name', async () => {
    expect(await findCommand('no-such-command')).toBeUndefined();
  });

  it('lists every command in --help', async () => {
    let out = '';
    const io: CliIo = { stdout: (t) => void (out += t), stderr: () => undefined, isTTY: false };
    expect(await main(['--help'], {}, io)).toBe(0);
    for (const entry of commands) expect(out).toContain(`  ${entry.name.padEnd(14)}  ${entry.summary}`);
  });

  it('runs a lazily loaded command and reports an unknown one as a usage error (exit 2)', async () => {
    let out = '';
    let err = '';
    const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), isTTY: false };
    expect(await main(['check', '--help'], {}, io)).toBe(0);
    expect(out).toMatch(/^usage: gatehouse check /);
    expect(await main(['chek'], {}, io)).toBe(2);
    expect(err).toContain('unknown command "chek"');
  });
});
