/**
 * The Action, testable without the environment: `run(inputs, ports)` reads the event, picks the command,
 * and reports through the ports. Exit codes follow DESIGN §5 (0 allowed/ok, 1 denied/violation, 2 bad
 * input, 3 internal). Anything unknown or failing is a denial with the reason (DESIGN §9: fail closed).
 */
import { readFile } from 'node:fs/promises';
import { exitCodeFor, GatehouseError, usageError } from '../core/errors.js';
import { GithubApiError } from '../github/api.js';
import { parseEvent, type ActionEvent } from '../github/event.js';
import { STEP_SUMMARY_MAX_BYTES, truncateUtf8 } from '../github/limits.js';
import { renderSummary } from '../github/summary.js';
import type { ActionInputs, CommandName } from './inputs.js';
import type { ActionPorts } from './ports.js';
import type { CommandResult } from './result.js';
import { runCheck, type Target } from './check.js';
import { runRecord } from './record.js';
import { runMonitor, runReport, runVerify } from './scheduled.js';

export interface ActionResult {
  exitCode: 0 | 1 | 2 | 3;
  outputs: Record<string, string>;
}

export type { CommandResult } from './result.js';

export async function loadEvent(inputs: ActionInputs): Promise<ActionEvent> {
  let text: string;
  try {
    text = await readFile(inputs.eventPath, 'utf8');
  } catch (e) {
    throw new GatehouseError(
      'not-found',
      `${inputs.eventPath}: cannot read the event payload: ${(e as Error).message}`,
    );
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (e) {
    throw new GatehouseError(
      'bad-input',
      `${inputs.eventPath}: the event payload is not JSON: ${(e as Error).message}`,
    );
  }
  return parseEvent(inputs.eventName, payload, inputs.eventPath, inputs.repository);
}

/** The command an event implies when `command` is `auto` (DESIGN §6). */
export function commandsFor(event: ActionEvent, requested: CommandName): Exclude<CommandName, 'auto'>[] {
  if (requested !== 'auto') return [requested];
  switch (event.kind) {
    case 'pull_request':
    case 'pull_request_review':
    case 'merge_group':
      return ['check'];
    case 'push':
      return ['record'];
    case 'schedule':
    case 'workflow_dispatch':
      return ['verify', 'monitor'];
    case 'unsupported':
      return [];
  }
}

/** Base, head and PR of the change an event is about; explicit `base`/`head` inputs win. */
export function targetOf(event: ActionEvent, inputs: ActionInputs): Target {
  const explicit = (t: Partial<Target>): Target => {
    const base = inputs.base ?? t.base;
    const head = inputs.head ?? t.head;
    if (!base || !head) {
      throw usageError(`event "${inputs.eventName}" names no change: set the "base" and "head" inputs`);
    }
    return { ...t, base, head, checkSha: t.checkSha ?? head };
  };
  switch (event.kind) {
    case 'pull_request':
    case 'pull_request_review':
      return explicit({
        base: event.pr.baseSha,
        head: event.pr.headSha,
        pr: event.pr.number,
        checkSha: event.pr.headSha,
      });
    case 'merge_group':
      // Re-evaluated on the queue entry's own head: what will land, never a cached PR verdict.
      return explicit({
        base: event.baseSha,
        head: event.headSha,
        checkSha: event.headSha,
        ...(event.pr !== undefined ? { pr: event.pr } : {}),
      });
    case 'push':
      return explicit({ base: event.before, head: event.after });
    default:
      return explicit({});
  }
}

function unsupportedResult(command: string, reason: string): CommandResult {
  return {
    exitCode: 1,
    outputs: { decision: 'not-evaluated' },
    summary: {
      command,
      verdict: 'unsupported',
      headline: `${reason}. Nothing was evaluated, so nothing passes.`,
      facts: [],
      notes: [],
      sections: [],
    },
  };
}

function errorResult(command: string, e: unknown): CommandResult {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof GithubApiError) {
    // A GitHub API failure that outlasted the retries: deny with the reason (fail closed).
    return {
      exitCode: 1,
      outputs: { decision: 'denied' },
      summary: {
        command,
        verdict: 'denied',
        headline: `${message} (fail closed)`,
        facts: [],
        notes: [],
        sections: [],
      },
    };
  }
  const code = exitCodeFor(e);
  return {
    exitCode: code,
    outputs: { decision: 'error' },
    summary: {
      command,
      verdict: 'error',
      headline: code === 2 ? `Bad input: ${message}` : `Internal error: ${message}`,
      facts: [],
      notes: [],
      sections: [],
    },
  };
}

async function runOne(
  command: Exclude<CommandName, 'auto'>,
  event: ActionEvent,
  inputs: ActionInputs,
  ports: ActionPorts,
): Promise<CommandResult> {
  switch (command) {
    case 'check':
      return runCheck(event, targetOf(event, inputs), inputs, ports);
    case 'record':
      return runRecord(event, inputs, ports);
    case 'verify':
      return runVerify(inputs, ports);
    case 'monitor':
      return runMonitor(event, inputs, ports);
    case 'report':
      return runReport(inputs, ports);
  }
}

export async function run(inputs: ActionInputs, ports: ActionPorts): Promise<ActionResult> {
  // Keys and tokens never reach the log (workflow-command masking).
  if (inputs.token) ports.log.setSecret(inputs.token);
  if (inputs.checkpointKey) ports.log.setSecret(inputs.checkpointKey);

  const results: CommandResult[] = [];
  try {
    const event = await loadEvent(inputs);
    const commands = commandsFor(event, inputs.command);
    if (event.kind === 'unsupported' && inputs.command === 'auto') {
      results.push(unsupportedResult('auto', event.reason));
    }
    for (const command of commands) {
      try {
        results.push(await runOne(command, event, inputs, ports));
      } catch (e) {
        results.push(errorResult(command, e));
      }
    }
  } catch (e) {
    results.push(errorResult(inputs.command, e));
  }

  const outputs: Record<string, string> = {};
  let exitCode: ActionResult['exitCode'] = 0;
  const parts: string[] = [];
  for (const r of results) {
    // `decision` is the worst command's (verify's violation is not hidden by monitor's ok).
    const keepDecision =
      outputs.decision !== undefined && r.exitCode <= exitCode ? outputs.decision : undefined;
    Object.assign(outputs, r.outputs);
    if (keepDecision !== undefined) outputs.decision = keepDecision;
    if (r.exitCode > exitCode) exitCode = r.exitCode;
    parts.push(renderSummary(r.summary));
    const line = `gatehouse ${r.summary.command}: ${r.summary.headline}`;
    if (r.exitCode === 0) ports.log.info(line);
    else ports.log.error(line);
  }
  try {
    // One write for the whole run, under GitHub's 1 MiB step-summary limit.
    await ports.writeSummary(truncateUtf8(parts.join('\n---\n\n'), STEP_SUMMARY_MAX_BYTES));
  } catch (e) {
    ports.log.warning(`could not write the job summary: ${(e as Error).message}`);
  }
  for (const [name, value] of Object.entries(outputs)) ports.setOutput(name, value);
  return { exitCode, outputs };
}
