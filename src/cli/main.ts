/**
 * The CLI's dispatcher: global flags, command dispatch, and the one place errors become exit codes
 * (DESIGN §5: 0 ok, 1 denied/violation, 2 bad input, 3 internal).
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { commands, findCommand } from './registry.js';
import type { CliContext, OptionSpec, ParsedArgs } from './command.js';
import { parseIsoFlag } from './args.js';
import { GatehouseError, exitCodeFor, usageError } from '../errors/errors.js';

const GLOBAL: OptionSpec = {
  repo: { type: 'string' },
  json: { type: 'boolean', default: false },
  now: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
};

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: gatehouse <command> [--repo DIR] [--json] [--now ISO-8601]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'exit codes: 0 ok/allowed, 1 denied or violation found, 2 bad input, 3 internal error',
  ].join('\n');
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

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: CliIo = processIo(),
): Promise<number> {
  const out = io.stdout;
  const err = io.stderr;
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      out(helpText());
      return name === undefined ? 2 : 0;
    }
    const command = await findCommand(name);
    if (!command) throw usageError(`unknown command "${name}"\n${helpText()}`);
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...GLOBAL, ...command.options },
        allowPositionals: true,
        strict: true,
      });
    } catch (e) {
      throw usageError(`${(e as Error).message}\nusage: ${command.usage}`);
    }
    if (parsed.values.help) {
      out(`usage: ${command.usage}\n\n${command.summary}`);
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
      env,
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
