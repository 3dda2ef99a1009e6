/**
 * The CLI's dispatcher: global flags, command dispatch, and the one place errors become exit codes
 * (DESIGN §5: 0 ok, 1 denied/violation, 2 bad input, 3 internal).
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { commands, findCommand } from './registry.js';
import type { CliContext, Command, ParsedArgs } from './command.js';
import { parseIsoFlag } from './args.js';
import { GLOBAL_OPTIONS, VERSION, commandHelp, generalHelp } from './help.js';
import { HELP } from './help-table.js';
import { GatehouseError, exitCodeFor, usageError } from '../core/errors.js';

const VERSION_FLAGS = new Set(['--version', '-V']);

/** `gatehouse --version` / `-V`, alone or with `--json`; undefined when argv is anything else. */
function versionRequest(argv: string[]): { json: boolean } | undefined {
  if (!argv.some((a) => VERSION_FLAGS.has(a))) return undefined;
  if (!argv.every((a) => VERSION_FLAGS.has(a) || a === '--json')) return undefined;
  return { json: argv.includes('--json') };
}

/** `gatehouse help [COMMAND [SUBCOMMAND]]`: the command's help, loading only that command. */
async function helpFor(args: string[]): Promise<string> {
  const known = commands.map((c) => c.name).join(', ');
  const [name, sub, ...extra] = args;
  if (name === undefined) return generalHelp();
  if (name.startsWith('-') || extra.length > 0)
    throw usageError(`help takes one command name (commands: ${known})\nusage: gatehouse help COMMAND`);
  const command = await findCommand(name);
  if (!command) throw usageError(`help: unknown command "${name}"; commands: ${known}`);
  if (sub !== undefined) {
    const subs = (HELP[name]?.subcommands ?? []).map((s) => s.name);
    if (!subs.includes(sub))
      throw usageError(
        subs.length > 0
          ? `help: ${name} has no subcommand "${sub}"; subcommands: ${subs.join(', ')}`
          : `help: ${name} has no subcommands\nusage: gatehouse help ${name}`,
      );
  }
  return commandHelp(command);
}

/** Where a run writes: the process by default; `demo` and tests capture it. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    stderr: (t) => void process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    isTTY: Boolean(process.stdout.isTTY),
  };
}

/**
 * Whether to colour output (https://no-color.org): NO_COLOR set and non-empty disables it; FORCE_COLOR enables it
 * without a TTY (FORCE_COLOR=0 or false disables it); otherwise colour only on a TTY (CONVENTIONS).
 */
export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return isTTY;
}

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: CliIo = processIo(),
): Promise<number> {
  const out = io.stdout;
  const err = io.stderr;
  const [name, ...rest] = argv;
  try {
    // Bare `gatehouse` is a usage error that shows the general help (exit 2); asking for it is not.
    if (name === undefined || name === '--help' || name === '-h') {
      out(generalHelp());
      return name === undefined ? 2 : 0;
    }
    const version = versionRequest(argv);
    if (version) {
      out(version.json ? JSON.stringify({ version: VERSION }) : VERSION);
      return 0;
    }
    if (VERSION_FLAGS.has(name))
      throw usageError(`${name} takes no arguments but --json\nusage: gatehouse --version [--json]`);
    if (name === 'help') {
      out(await helpFor(rest));
      return 0;
    }
    const command: Command | undefined = await findCommand(name);
    if (!command) throw usageError(`unknown command "${name}"\n${generalHelp()}`);
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...GLOBAL_OPTIONS, ...command.options },
        allowPositionals: true,
        strict: true,
      });
    } catch (e) {
      throw usageError(`${(e as Error).message}\nusage: ${command.usage}`);
    }
    if (parsed.values.help) {
      out(commandHelp(command));
      return 0;
    }
    const nowFlag = parsed.values.now;
    const ctx: CliContext = {
      repo: resolve(typeof parsed.values.repo === 'string' ? parsed.values.repo : '.'),
      json: parsed.values.json === true,
      now: typeof nowFlag === 'string' ? parseIsoFlag('now', nowFlag) : new Date(),
      stdout: out,
      stderr: err,
      isTTY: io.isTTY,
      color: colorEnabled(env, io.isTTY),
      env,
      commands,
      dispatch: main,
    };
    return await command.run(ctx, {
      values: parsed.values as ParsedArgs['values'],
      positionals: parsed.positionals,
    });
  } catch (e) {
    const code = exitCodeFor(e);
    if (e instanceof GatehouseError && code === 2) err(`gatehouse: ${e.message}`);
    else err(`gatehouse: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return code;
  }
}
