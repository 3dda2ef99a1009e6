/**
 * Runs the committed Action bundle, dist/index.js, as the runner does: GITHUB_EVENT_NAME/PATH, a step summary
 * file, an output file, INPUT_* variables, and the API pointed at the loopback server. GATEHOUSE_CLI is never
 * set, so the Action runs the CLI it ships beside itself (dist/cli.js).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST_INDEX, tempDir } from './harness.js';

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
}

/** Parses GITHUB_OUTPUT (`name<<DELIM\nvalue\nDELIM`, as @actions/core writes it). */
function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!m) continue;
    const [, name = '', delim] = m;
    const value: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== delim; i++) value.push(lines[i] ?? '');
    out[name] = value.join('\n');
  }
  return out;
}

export async function runAction(o: {
  event: string;
  payload: unknown;
  workspace: string;
  apiUrl: string;
  /** The run's clock (`now` input) and the date of the ledger commit `record` makes. */
  now: string;
  env: NodeJS.ProcessEnv;
  inputs?: Record<string, string>;
}): Promise<ActionRun> {
  const tmp = tempDir('runner');
  const eventPath = join(tmp, 'event.json');
  writeFileSync(eventPath, JSON.stringify(o.payload));
  const summaryPath = join(tmp, 'summary.md');
  const outputPath = join(tmp, 'output.txt');
  writeFileSync(summaryPath, '');
  writeFileSync(outputPath, '');
  const env: NodeJS.ProcessEnv = {
    ...o.env,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: o.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_REPOSITORY: 'park-ops/governed',
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_API_URL: o.apiUrl,
    RUNNER_TEMP: tmp,
    'INPUT_GITHUB-TOKEN': 'ghs_e2e-token-do-not-log',
    INPUT_COMMAND: 'auto',
    INPUT_NOW: o.now,
    GATEHOUSE_API_RETRY_BASE_MS: '20',
    // plugin-throttling spaces writes 1-3 s apart; the loopback server needs none (honoured on loopback only).
    GATEHOUSE_API_WRITE_SPACING_MS: '5',
    GIT_AUTHOR_DATE: o.now,
    GIT_COMMITTER_DATE: o.now,
    ...Object.fromEntries(Object.entries(o.inputs ?? {}).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  delete env.GATEHOUSE_CLI;
  const child = spawn(process.execPath, [DIST_INDEX], {
    cwd: o.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return {
    code,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
    summary: readFileSync(summaryPath, 'utf8'),
    outputs: existsSync(outputPath) ? parseOutputFile(readFileSync(outputPath, 'utf8')) : {},
  };
}
