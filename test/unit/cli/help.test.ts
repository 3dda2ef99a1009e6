import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../../src/cli/main.js';
import { commands } from '../../../src/cli/registry.js';
import { GLOBAL_OPTIONS, commandExamples } from '../../../src/cli/help.js';
import { HELP } from '../../../src/cli/help-table.js';

const PACKAGE_VERSION = (
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as {
    version: string;
  }
).version;

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), isTTY: false };
  const code = await main(argv, {}, io);
  return { code, out, err };
}

/** The words of an example invocation, as a shell would split it (double quotes only). */
function words(example: string): string[] {
  return [...example.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** A line of the help that names flag `--key` in its flag column (after an optional `-x, ` alias). */
const flagLine = (key: string): RegExp => new RegExp(`^  (-\\w, )?--${key}( |$)`, 'm');

describe('gatehouse help COMMAND', () => {
  it('has a help entry for exactly the registered commands', () => {
    expect(Object.keys(HELP).sort()).toEqual(commands.map((c) => c.name).sort());
  });

  it('describes every flag of every options spec, and no flag the command does not have', async () => {
    for (const entry of commands) {
      const command = await entry.load();
      const help = HELP[entry.name]!;
      expect(Object.keys(help.flags).sort(), entry.name).toEqual(Object.keys(command.options).sort());
      for (const [key, spec] of Object.entries(command.options)) {
        const flag = help.flags[key]!;
        expect(flag.text.length, `${entry.name} --${key}`).toBeGreaterThan(0);
        if (spec.type === 'string') expect(flag.arg, `${entry.name} --${key} names its value`).toBeTruthy();
      }
    }
  });

  it('lists, for every command, each option key, the global flags and an example starting with gatehouse NAME', async () => {
    for (const entry of commands) {
      const command = await entry.load();
      const { code, out, err } = await run(['help', entry.name]);
      expect(code, entry.name).toBe(0);
      expect(err).toBe('');
      expect(out.startsWith(`usage: ${command.usage}\n\n${command.summary}\n`), entry.name).toBe(true);
      for (const key of Object.keys(command.options))
        expect(out, `${entry.name} --${key}`).toMatch(flagLine(key));
      for (const key of ['repo', 'json', 'now']) expect(out, `${entry.name} --${key}`).toMatch(flagLine(key));
      expect(out).toMatch(/^ {2}-h, --help /m);
      const examples = commandExamples(entry.name);
      expect(examples.length, entry.name).toBeGreaterThan(0);
      for (const example of examples) {
        expect(example.startsWith(`gatehouse ${entry.name} `) || example === `gatehouse ${entry.name}`).toBe(
          true,
        );
        expect(
          out.split('\n').map((l) => l.trim()),
          example,
        ).toContain(example);
      }
      expect(out.endsWith('\n'), `${entry.name}: help ends with a newline`).toBe(true);
    }
  });

  it('gives examples that parse under the command options and global flags (no stale flags)', async () => {
    for (const entry of commands) {
      const command = await entry.load();
      for (const example of commandExamples(entry.name)) {
        const [, name, ...args] = words(example);
        expect(name).toBe(entry.name);
        expect(
          () =>
            parseArgs({
              args,
              options: { ...GLOBAL_OPTIONS, ...command.options },
              allowPositionals: true,
              strict: true,
            }),
          example,
        ).not.toThrow();
      }
    }
  });

  it('lists each subcommand of incident, override and killswitch with examples of that subcommand', async () => {
    const expected: Record<string, string[]> = {
      incident: ['new', 'resolve', 'detect', 'rca'],
      override: ['new', 'sign', 'status', 'postmortem'],
      killswitch: ['activate', 'deactivate'],
    };
    for (const [name, subs] of Object.entries(expected)) {
      const command = commands.find((c) => c.name === name)!;
      const { out } = await run(['help', name]);
      const section = out.slice(out.indexOf('\nsubcommands:\n'), out.indexOf('\nflags:\n'));
      expect(HELP[name]!.subcommands!.map((s) => s.name)).toEqual(subs);
      for (const sub of HELP[name]!.subcommands!) {
        expect((await command.load()).usage).toContain(sub.name);
        expect(section).toMatch(new RegExp(`^ {2}${sub.name} +\\S`, 'm'));
        expect(sub.examples.length, `${name} ${sub.name}`).toBeGreaterThan(0);
        for (const example of sub.examples) {
          expect(words(example)[2], example).toBe(sub.name);
          expect(section).toContain(`    ${example}\n`);
        }
      }
    }
  });

  it('prints the same text for help NAME, NAME --help and NAME -h', async () => {
    for (const entry of commands) {
      const viaHelp = await run(['help', entry.name]);
      expect(await run([entry.name, '--help']), entry.name).toEqual(viaHelp);
      expect(await run([entry.name, '-h']), entry.name).toEqual(viaHelp);
    }
    expect(await run(['help', 'incident', 'rca'])).toEqual(await run(['help', 'incident']));
  });

  it('shows flag defaults and repeatable flags from the options spec and the help table', async () => {
    const check = (await run(['help', 'check'])).out;
    expect(check).toMatch(/^ {2}--head REF +the head commit of the change \(default: HEAD\)$/m);
    const incident = (await run(['help', 'incident'])).out;
    expect(incident).toMatch(/^ {2}--baseline METRIC=VALUE +detect: .*\(repeatable\)$/m);
  });

  it('refuses help for an unknown command with exit 2, naming the known commands', async () => {
    const { code, out, err } = await run(['help', 'nope']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('unknown command "nope"');
    for (const entry of commands) expect(err).toContain(entry.name);
  });

  it('refuses an unknown subcommand or extra words with exit 2, naming what exists', async () => {
    const sub = await run(['help', 'incident', 'bogus']);
    expect(sub.code).toBe(2);
    expect(sub.out).toBe('');
    expect(sub.err).toContain('incident has no subcommand "bogus"; subcommands: new, resolve, detect, rca');
    const extra = await run(['help', 'check', 'now', 'please']);
    expect(extra.code).toBe(2);
    expect(extra.err).toContain('help takes one command name');
    const none = await run(['help', 'check', 'base']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('check has no subcommands');
  });

  it('prints the general help for help alone (exit 0) and for bare gatehouse (exit 2)', async () => {
    const general = await run(['--help']);
    expect(general.code).toBe(0);
    expect(general.out).toContain('gatehouse help COMMAND');
    expect(await run(['help'])).toEqual(general);
    expect(await run(['-h'])).toEqual(general);
    const bare = await run([]);
    expect(bare.code).toBe(2);
    expect(bare.out).toBe(general.out);
  });
});

describe('gatehouse --version', () => {
  it('prints the version of package.json for --version and -V, exit 0', async () => {
    expect(PACKAGE_VERSION).toMatch(/^\d+\.\d+\.\d+/);
    for (const flag of ['--version', '-V']) {
      const { code, out, err } = await run([flag]);
      expect(code, flag).toBe(0);
      expect(out).toBe(PACKAGE_VERSION);
      expect(err).toBe('');
    }
  });

  it('prints {"version": …} with --json, before or after the flag', async () => {
    for (const argv of [
      ['--version', '--json'],
      ['--json', '-V'],
    ]) {
      const { code, out } = await run(argv);
      expect(code).toBe(0);
      expect(JSON.parse(out)).toEqual({ version: PACKAGE_VERSION });
    }
  });

  it('refuses --version followed by anything but --json (exit 2, nothing on stdout)', async () => {
    const { code, out, err } = await run(['--version', 'check']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('--version takes no arguments but --json');
  });

  it('is not a flag of a command: check --version is a usage error (exit 2)', async () => {
    const { code, err } = await run(['check', '--version']);
    expect(code).toBe(2);
    expect(err).toContain("Unknown option '--version'");
  });
});
