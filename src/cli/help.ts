/**
 * Help and version text. The general help lists the registry's summaries without loading any command
 * (DESIGN §7: start-up evaluates no command module); `help COMMAND` renders the one loaded command's usage,
 * summary and options spec with the descriptions and examples of src/cli/help-table.ts.
 */
import pkg from '../../package.json' with { type: 'json' };
import type { Command, OptionSpec } from './command.js';
import type { FlagHelp } from './help-flags.js';
import { HELP } from './help-table.js';
import { commands } from './registry.js';

/** The package version, inlined by the bundler: the same from any working directory. */
export const VERSION: string = pkg.version;

/** Flags every command accepts (DESIGN §5). */
export const GLOBAL_OPTIONS: OptionSpec = {
  repo: { type: 'string' },
  json: { type: 'boolean', default: false },
  now: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
};

const GLOBAL_HELP: Record<string, FlagHelp> = {
  repo: { arg: 'DIR', text: 'the governed repository', default: 'the current directory' },
  json: { text: 'print one JSON document on stdout (stable, for machines)' },
  now: {
    arg: 'ISO-8601',
    text: 'fix the clock for this run, e.g. 2026-01-18T14:30:00Z (a zone is required)',
  },
  help: { text: "print this command's help" },
};

export function generalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: gatehouse <command> [--repo DIR] [--json] [--now ISO-8601]',
    '       gatehouse help COMMAND | COMMAND --help   flags and examples of one command',
    '       gatehouse --version | -V',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'exit codes: 0 ok/allowed, 1 denied or violation found, 2 bad input, 3 internal error',
    '',
  ].join('\n');
}

type Spec = OptionSpec[string];

function flagColumn(name: string, spec: Spec, help: FlagHelp | undefined): string {
  const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}`;
  return spec.type === 'string' ? `${flag} ${help?.arg ?? 'VALUE'}` : flag;
}

function flagText(spec: Spec, help: FlagHelp | undefined): string {
  const parts: string[] = [];
  if (help?.for) parts.push(`${help.for.join(', ')}:`);
  parts.push(help?.text ?? '(no description)');
  if (spec.multiple) parts.push('(repeatable)');
  const dflt =
    help?.default ??
    (spec.default !== undefined && spec.default !== false ? String(spec.default) : undefined);
  if (dflt !== undefined) parts.push(`(default: ${dflt})`);
  return parts.join(' ');
}

type Row = [column: string, text: string];

function flagRows(options: OptionSpec, help: Record<string, FlagHelp>): Row[] {
  return Object.entries(options).map(([name, spec]) => [
    flagColumn(name, spec, help[name]),
    flagText(spec, help[name]),
  ]);
}

/** A flag column wider than this puts its text on the next line, so one long value list does not push all. */
const MAX_COLUMN = 26;

function alignRows(rows: Row[], width: number): string[] {
  return rows.map(([col, text]) =>
    col.length > width ? `  ${col}\n  ${''.padEnd(width)}  ${text}` : `  ${col.padEnd(width)}  ${text}`,
  );
}

/** `gatehouse help NAME` and `gatehouse NAME --help`: usage, summary, every flag, subcommands, examples. */
export function commandHelp(command: Command): string {
  const help = HELP[command.name] ?? { flags: {}, examples: [] };
  const lines = [`usage: ${command.usage}`, '', command.summary, ''];
  if (help.subcommands?.length) {
    lines.push('subcommands:');
    const width = Math.max(...help.subcommands.map((s) => s.name.length));
    for (const sub of help.subcommands) {
      lines.push(`  ${sub.name.padEnd(width)}  ${sub.summary}`);
      for (const example of sub.examples) lines.push(`  ${''.padEnd(width)}    ${example}`);
    }
    lines.push('');
  }
  const own = flagRows(command.options, help.flags);
  const global = flagRows(GLOBAL_OPTIONS, GLOBAL_HELP);
  const width = Math.max(...[...own, ...global].map(([col]) => col.length).filter((n) => n <= MAX_COLUMN));
  if (own.length > 0) lines.push('flags:', ...alignRows(own, width), '');
  lines.push('global flags:', ...alignRows(global, width), '');
  if (help.examples.length > 0) lines.push('examples:', ...help.examples.map((e) => `  ${e}`), '');
  return lines.join('\n');
}

/** Every example of a command, its subcommands' included (the tests parse each one). */
export function commandExamples(name: string): string[] {
  const help = HELP[name];
  return help ? [...help.examples, ...(help.subcommands ?? []).flatMap((s) => s.examples)] : [];
}
