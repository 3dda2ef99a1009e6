import type { ParseArgsConfig } from 'node:util';

/** Everything a command needs from the outside world, fixed once per run (the clock is injected). */
export interface CliContext {
  /** Root of the governed repository (--repo, default the current directory). */
  repo: string;
  json: boolean;
  /** --now, or the wall clock read once at start-up. */
  now: Date;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  /** Whether to colour output: NO_COLOR / FORCE_COLOR, else a TTY (set by main; absent means isTTY). */
  color?: boolean;
  env: NodeJS.ProcessEnv;
  /** The command table (name and summary of each command), for commands that list the others (completion). */
  commands: readonly CommandSummary[];
  /** The CLI dispatcher itself, for commands that drive other commands in process (demo). */
  dispatch: (
    argv: string[],
    env: NodeJS.ProcessEnv,
    io: { stdout: (text: string) => void; stderr: (text: string) => void; isTTY: boolean },
  ) => Promise<number>;
}

export interface CommandSummary {
  name: string;
  summary: string;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * A CLI command. `run` returns the exit code for decisions (0 ok/allowed, 1 denied/violation) and throws
 * a GatehouseError for bad input (2) or an internal fault (3); the mapping lives in src/cli.ts.
 */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec;
  run(ctx: CliContext, args: ParsedArgs): Promise<number>;
}
