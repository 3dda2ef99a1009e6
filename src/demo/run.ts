/**
 * `demo`: runs the scenario (src/demo/scenario.ts) in a fresh directory, printing each step as it happens.
 * Stops at the first step that does not do what it should.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { conflict } from '../core/errors.js';
import { exampleCheckpointSignerKey } from '../example/park.js';
import { DemoDriver, DemoFailure, type CliRunner } from './driver.js';
import { writeExampleKeys } from './keys.js';
import { STEPS, type DemoFacts, type DemoStep } from './scenario.js';

/** The demo's fixed time zero: every command runs with `--now` on this timeline unless another start is given. */
export const DEMO_START = '2026-01-18T09:00:00Z';

export interface DemoRunOptions {
  /** Where to build the repository: must be empty or missing. Default: a new temp directory. */
  out?: string;
  startMs?: number;
  print: (line: string) => void;
  color?: boolean;
  env?: NodeJS.ProcessEnv;
  /** The CLI's in-process dispatcher the demo drives. */
  run: CliRunner;
  /** Steps to run (default: all); tests may run a prefix. */
  steps?: readonly DemoStep[];
}

export interface DemoResult {
  ok: boolean;
  dir: string;
  facts: DemoFacts;
  /** Steps that completed, by title. */
  done: string[];
  failed?: { step: string; message: string };
  seconds: number;
}

function prepareDir(out: string | undefined): string {
  if (out === undefined) return mkdtempSync(join(tmpdir(), 'gatehouse-demo-'));
  const dir = resolve(out);
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw conflict(`${dir} is a file: demo builds its repository in an empty or missing directory`);
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw conflict(`${dir} is not empty: demo builds its repository in an empty or missing directory`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function runDemo(o: DemoRunOptions): Promise<DemoResult> {
  const dir = prepareDir(o.out);
  const started = performance.now();
  const startMs = o.startMs ?? Date.parse(DEMO_START);
  // The checkpoint key is the example's TEST-ONLY key (what `init --example park` writes to .gatehouse/).
  const env = { ...(o.env ?? process.env), GATEHOUSE_CHECKPOINT_KEY: exampleCheckpointSignerKey() };
  const driver = new DemoDriver({ dir, startMs, env, print: o.print, run: o.run });
  // Written on first use, after `init` (which wants an empty directory); .gatehouse/ is git-ignored.
  let keys: ((actor: string) => string) | undefined;
  const keyFile = (actor: string): string =>
    (keys ??= writeExampleKeys(join(dir, '.gatehouse', 'keys')))(actor);
  const facts: DemoFacts = { ledgerSizes: [1] };
  const steps = o.steps ?? STEPS;
  const done: string[] = [];
  o.print(`gatehouse demo in ${dir}`);
  o.print(`clock: every command runs with --now on a timeline starting ${new Date(startMs).toISOString()}`);
  for (const [i, step] of steps.entries()) {
    o.print('');
    o.print(`[${i + 1}/${steps.length}] ${step.title}`);
    try {
      await step.run(driver, facts, {
        color: o.color ?? false,
        reportDir: join(dir, 'report'),
        keyFile,
      });
      done.push(step.title);
    } catch (e) {
      const message =
        e instanceof DemoFailure ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
      return {
        ok: false,
        dir,
        facts,
        done,
        failed: { step: step.title, message },
        seconds: (performance.now() - started) / 1000,
      };
    }
  }
  return { ok: true, dir, facts, done, seconds: (performance.now() - started) / 1000 };
}
