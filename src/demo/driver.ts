/**
 * Drives a governed repository the way a user would: Gatehouse commands run in-process through the CLI's own
 * dispatcher (`main`), git with fixed dates, and a clock that every command receives as `--now`. Each run's
 * output is captured so the demo can print the line that matters and check that the step did what it should.
 */
import type { Decision } from '../gate/evaluate.js';
import { gitAt, isoAt } from './git.js';

/** A step did not do what it should: the demo stops and exits non-zero with this message. */
export class DemoFailure extends Error {
  override name = 'DemoFailure';
}

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The command as a user would type it inside the repository (no --repo, no --now, relative paths). */
  shown: string;
}

export interface DriverOptions {
  dir: string;
  /** The demo's time zero (ms since the epoch); steps are dated in minutes after it. */
  startMs: number;
  env: NodeJS.ProcessEnv;
  /** Prints one line of the demo's story. */
  print: (line: string) => void;
  /** The CLI's in-process dispatcher (`main` of src/cli/main.ts), passed in so the demo does not import the CLI. */
  run: CliRunner;
}

/** Runs one CLI command line in process and returns its exit code. */
export type CliRunner = (
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: { stdout: (text: string) => void; stderr: (text: string) => void; isTTY: boolean },
) => Promise<number>;

export class DemoDriver {
  readonly dir: string;
  readonly startMs: number;
  readonly env: NodeJS.ProcessEnv;
  readonly print: (line: string) => void;
  private readonly run: CliRunner;

  constructor(o: DriverOptions) {
    this.run = o.run;
    this.dir = o.dir;
    this.startMs = o.startMs;
    this.env = o.env;
    this.print = o.print;
  }

  /** The time `minute` minutes after the start, in ms. */
  at(minute: number): number {
    return this.startMs + minute * 60_000;
  }

  iso(minute: number): string {
    return isoAt(this.at(minute));
  }

  /** A path under the repository as the user sees it (relative to the repository root). */
  rel(path: string): string {
    return path.startsWith(`${this.dir}/`) ? path.slice(this.dir.length + 1) : path;
  }

  git(args: readonly string[], minute: number): string {
    return gitAt(this.dir, args, this.at(minute));
  }

  /** Prints `$ gatehouse …`, runs it at `minute`, and fails the demo unless it exits with `expect`. */
  async gatehouse(
    args: readonly string[],
    minute: number,
    expect: number | readonly number[] = 0,
    display: readonly string[] = args,
  ): Promise<CommandRun> {
    const shown = `gatehouse ${display.map((a) => quote(this.rel(a))).join(' ')}`;
    this.print(`  $ ${shown}`);
    let stdout = '';
    let stderr = '';
    const code = await this.run([...args, '--repo', this.dir, '--now', this.iso(minute)], this.env, {
      stdout: (t) => void (stdout += t.endsWith('\n') ? t : `${t}\n`),
      stderr: (t) => void (stderr += t.endsWith('\n') ? t : `${t}\n`),
      isTTY: false,
    });
    const ok = Array.isArray(expect) ? expect.includes(code) : code === expect;
    if (!ok) {
      const detail = (stderr.trim() || stdout.trim()).split('\n').slice(0, 30).join('\n    ');
      throw new DemoFailure(`\`${shown}\` exited ${code}, expected ${String(expect)}\n    ${detail}`);
    }
    return { code, stdout, stderr, shown };
  }

  /** `check --format json`, parsed; fails the demo unless the decision is the expected one. */
  async check(base: string, head: string, minute: number, expectAllowed: boolean): Promise<Decision> {
    return (await this.checkAny(base, head, minute, expectAllowed ? [0] : [1])).decision;
  }

  async checkAny(
    base: string,
    head: string,
    minute: number,
    expect: readonly number[] = [0, 1],
  ): Promise<{ code: number; decision: Decision }> {
    // Run as JSON to judge it; shown as the text command, whose tree the demo prints with the same renderer.
    const args = ['check', '--base', base, '--head', head];
    const run = await this.gatehouse([...args, '--format', 'json'], minute, expect, args);
    return { code: run.code, decision: JSON.parse(run.stdout) as Decision };
  }

  /** Opens a branch from main, as a pull request's head. */
  branch(name: string, minute: number, from = 'main'): void {
    this.git(['checkout', '-q', '-b', name, from], minute);
  }

  /** Stages the given paths (relative to the root) and commits them. */
  commit(paths: readonly string[], message: string, minute: number): string {
    this.git(['add', '--', ...paths], minute);
    this.git(['commit', '-q', '-m', message], minute);
    return this.git(['rev-parse', 'HEAD'], minute);
  }

  /**
   * Merges `branch` into main with a merge commit, then runs `record` for base..merge with the PR number and
   * commits the ledger, as the Action does on push. Returns the new ledger entries' seqs and the record output.
   */
  async mergeAndRecord(
    branch: string,
    pr: number,
    title: string,
    minute: number,
  ): Promise<{ merge: string; entries: { seq: number; type: string }[]; stdout: string }> {
    this.git(['checkout', '-q', 'main'], minute);
    this.git(
      ['merge', '-q', '--no-ff', branch, '-m', `Merge pull request #${pr} from ${branch}\n\n${title}`],
      minute,
    );
    const merge = this.git(['rev-parse', 'HEAD'], minute);
    this.print(`  $ git merge --no-ff ${branch}        # pull request #${pr} merged`);
    // As the Action does on push: base = the merge's first parent, head = the merge (also --merge-commit).
    const run = await this.gatehouse(
      ['record', '--base', 'main^1', '--head', 'main', '--pr', String(pr), '--json'],
      minute + 1,
    );
    const doc = JSON.parse(run.stdout) as { entries?: { seq: number; type: string }[] };
    const entries = doc.entries ?? [];
    if (entries.length > 0) this.commit(['ledger'], `ledger: record #${pr}`, minute + 1);
    else this.print('    nothing to append: no manifest and no state change (the record is in git history)');
    return { merge, entries, stdout: run.stdout };
  }
}

function quote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}
