/**
 * The Action's inputs and environment, read once into a typed object (CONVENTIONS: read inputs once, then
 * `run(inputs, ports)`). Pure over an env map so tests need no process environment.
 */
import { isAbsolute, join } from 'node:path';
import { usageError } from '../core/errors.js';
import type { RepoRef } from '../github/types.js';

export const COMMANDS = ['auto', 'check', 'record', 'verify', 'monitor', 'report'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface ActionInputs {
  command: CommandName;
  token: string;
  base?: string;
  head?: string;
  /** Checkpoint signer key (C2SP note key text), from a secret; never logged. */
  checkpointKey?: string;
  /** monitor: append alert.raised / alert.resolved to the ledger and push it (`record-alerts: true`). */
  recordAlerts: boolean;
  /** verify: also prove the git history (`history`, default true; needs a full-depth checkout). */
  verifyHistory: boolean;
  /** REST API base URL (GitHub Enterprise Server: https://HOST/api/v3). */
  apiUrl: string;
  /** Fixed clock for replays (`now` input), else the wall clock read once at start. */
  now: Date;
  eventName: string;
  eventPath: string;
  repository?: RepoRef;
  /** The checked-out governed repository. */
  workspace: string;
  reportDir: string;
  /** Transient-failure retries for API calls, and the backoff base (GATEHOUSE_API_RETRIES / _RETRY_BASE_MS). */
  retries: number;
  retryBaseMs: number;
  /** Attempts at the compare-and-swap ledger push before giving up (GATEHOUSE_PUSH_ATTEMPTS). */
  pushAttempts: number;
  /** Spacing of API writes in ms (GATEHOUSE_API_WRITE_SPACING_MS); honoured only for a loopback `apiUrl`. */
  writeSpacingMs?: number;
}

/** `core.getInput` semantics: INPUT_<NAME upper-cased, spaces to underscores>, trimmed. */
export function input(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function booleanInput(env: NodeJS.ProcessEnv, name: string, dflt: boolean): boolean {
  const raw = input(env, name);
  if (raw === '') return dflt;
  if (raw !== 'true' && raw !== 'false')
    throw usageError(`input "${name}" must be true or false; got "${raw}"`);
  return raw === 'true';
}

function intFrom(env: NodeJS.ProcessEnv, name: string, dflt: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw usageError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

export function readInputs(env: NodeJS.ProcessEnv, wallClock: () => Date = () => new Date()): ActionInputs {
  const command = (input(env, 'command') || 'auto') as CommandName;
  if (!COMMANDS.includes(command)) {
    throw usageError(`input "command" must be one of ${COMMANDS.join(', ')}; got "${command}"`);
  }
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const eventPath = env.GITHUB_EVENT_PATH ?? '';
  if (eventName === '' || eventPath === '') {
    throw usageError(
      'GITHUB_EVENT_NAME and GITHUB_EVENT_PATH must be set (run this inside a GitHub Actions workflow)',
    );
  }
  let repository: RepoRef | undefined;
  const full = env.GITHUB_REPOSITORY ?? '';
  if (full !== '') {
    const [owner, repo, extra] = full.split('/');
    if (!owner || !repo || extra !== undefined)
      throw usageError(`GITHUB_REPOSITORY must be owner/name, got "${full}"`);
    repository = { owner, repo };
  }
  const nowRaw = input(env, 'now');
  const now = nowRaw === '' ? wallClock() : new Date(nowRaw);
  if (Number.isNaN(now.getTime())) throw usageError(`input "now" must be an ISO-8601 time, got "${nowRaw}"`);
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const reportRaw = input(env, 'report-dir') || join(env.RUNNER_TEMP || workspace, 'gatehouse-report');
  const base = input(env, 'base');
  const head = input(env, 'head');
  const checkpointKey = input(env, 'checkpoint-key');
  const recordAlerts = booleanInput(env, 'record-alerts', false);
  const verifyHistory = booleanInput(env, 'history', true);
  const spacing = env.GATEHOUSE_API_WRITE_SPACING_MS;
  const writeSpacingMs =
    spacing !== undefined && spacing !== ''
      ? intFrom(env, 'GATEHOUSE_API_WRITE_SPACING_MS', 0, 0)
      : undefined;
  return {
    command,
    token: input(env, 'github-token'),
    ...(base ? { base } : {}),
    ...(head ? { head } : {}),
    ...(checkpointKey ? { checkpointKey } : {}),
    recordAlerts,
    verifyHistory,
    apiUrl: input(env, 'api-url') || env.GITHUB_API_URL || 'https://api.github.com',
    now,
    eventName,
    eventPath,
    ...(repository ? { repository } : {}),
    workspace,
    reportDir: isAbsolute(reportRaw) ? reportRaw : join(workspace, reportRaw),
    retries: intFrom(env, 'GATEHOUSE_API_RETRIES', 3, 0),
    retryBaseMs: intFrom(env, 'GATEHOUSE_API_RETRY_BASE_MS', 1000, 0),
    pushAttempts: intFrom(env, 'GATEHOUSE_PUSH_ATTEMPTS', 5, 1),
    ...(writeSpacingMs !== undefined ? { writeSpacingMs } : {}),
  };
}
