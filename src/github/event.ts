/**
 * Reads the workflow's event payload (GITHUB_EVENT_PATH) into a small typed event (DESIGN §6).
 * A payload that lacks a field Gatehouse needs is bad input (exit 2, names the JSON Pointer); an event or
 * action Gatehouse does not handle is `unsupported`, which the Action reports and never treats as a pass.
 */
import { badInput, type Problem } from '../core/errors.js';
import type { RepoRef } from './types.js';

export interface PullRef {
  number: number;
  headSha: string;
  baseSha: string;
  baseRef: string;
  /** owner/name of the head repository; differs from the base repository for a fork PR. */
  headRepo: string;
  fork: boolean;
}

interface EventBase {
  repo: RepoRef;
  defaultBranch?: string;
}

export type ActionEvent =
  | (EventBase & { kind: 'pull_request'; action: PullRequestAction; pr: PullRef })
  | (EventBase & {
      kind: 'pull_request_review';
      action: 'submitted' | 'dismissed';
      pr: PullRef;
      review: { id: number; state: string; login: string };
    })
  | (EventBase & {
      kind: 'merge_group';
      action: 'checks_requested';
      headSha: string;
      baseSha: string;
      baseRef: string;
      headRef: string;
      /** The PR at the tip of the queue entry, read from head_ref `gh-readonly-queue/<base>/pr-<N>-<sha>`. */
      pr?: number;
    })
  | (EventBase & { kind: 'push'; ref: string; before: string; after: string })
  | (EventBase & { kind: 'schedule' | 'workflow_dispatch' })
  | (EventBase & { kind: 'unsupported'; name: string; action?: string; reason: string });

export const PULL_REQUEST_ACTIONS = ['opened', 'synchronize', 'reopened', 'ready_for_review'] as const;
export type PullRequestAction = (typeof PULL_REQUEST_ACTIONS)[number];
const REVIEW_ACTIONS = ['submitted', 'dismissed'] as const;

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
export const ZERO_SHA = /^0+$/;

/** Collects every missing or mistyped field (all of them, not just the first) before failing. */
class Reader {
  readonly problems: Problem[] = [];
  private readonly file: string;
  private readonly root: unknown;
  constructor(file: string, root: unknown) {
    this.file = file;
    this.root = root;
  }

  private at(pointer: string): unknown {
    let cur: unknown = this.root;
    for (const part of pointer.split('/').slice(1)) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    return cur;
  }

  private fail(pointer: string, message: string): void {
    this.problems.push({ file: this.file, pointer, message });
  }

  has(pointer: string): boolean {
    const v = this.at(pointer);
    return v !== undefined && v !== null;
  }

  str(pointer: string): string {
    const v = this.at(pointer);
    if (typeof v === 'string' && v.length > 0) return v;
    this.fail(
      pointer,
      v === undefined ? 'missing: expected a string' : `expected a string, got ${JSON.stringify(v)}`,
    );
    return '';
  }

  optStr(pointer: string): string | undefined {
    const v = this.at(pointer);
    return typeof v === 'string' ? v : undefined;
  }

  int(pointer: string): number {
    const v = this.at(pointer);
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
    this.fail(
      pointer,
      v === undefined
        ? 'missing: expected a positive integer'
        : `expected a positive integer, got ${JSON.stringify(v)}`,
    );
    return 0;
  }

  sha(pointer: string, allowZero = false): string {
    const v = this.str(pointer);
    if (v !== '' && !SHA.test(v))
      this.fail(pointer, `expected a commit SHA (40 hex digits), got ${JSON.stringify(v)}`);
    else if (v !== '' && !allowZero && ZERO_SHA.test(v))
      this.fail(pointer, 'expected a commit SHA, got the all-zero SHA');
    return v;
  }
}

function repoOf(r: Reader, fallback: RepoRef | undefined): RepoRef {
  if (r.has('/repository'))
    return { owner: r.str('/repository/owner/login'), repo: r.str('/repository/name') };
  if (fallback) return fallback;
  r.str('/repository/full_name');
  return { owner: '', repo: '' };
}

function pullOf(r: Reader, repo: RepoRef): PullRef {
  const headRepo = r.optStr('/pull_request/head/repo/full_name') ?? '';
  const baseRepo = r.optStr('/pull_request/base/repo/full_name') ?? `${repo.owner}/${repo.repo}`;
  return {
    number: r.int('/pull_request/number'),
    headSha: r.sha('/pull_request/head/sha'),
    baseSha: r.sha('/pull_request/base/sha'),
    baseRef: r.str('/pull_request/base/ref'),
    headRepo,
    // A deleted fork has head.repo null; treat it as a fork too (its token is read-only).
    fork: headRepo === '' || headRepo.toLowerCase() !== baseRepo.toLowerCase(),
  };
}

/** `gh-readonly-queue/<base>/pr-<N>-<sha>`: the PR number of the queue entry's tip. */
export function prFromMergeQueueRef(ref: string): number | undefined {
  const m = /gh-readonly-queue\/.+\/pr-(\d+)-[0-9a-f]{40}$/.exec(ref);
  return m?.[1] ? Number(m[1]) : undefined;
}

/**
 * Parses an event payload. `file` names the payload in messages; `fallbackRepo` (GITHUB_REPOSITORY) serves
 * events whose payload has no `repository` (schedule).
 */
export function parseEvent(
  name: string,
  payload: unknown,
  file: string,
  fallbackRepo?: RepoRef,
): ActionEvent {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw badInput([{ file, message: `event payload must be a JSON object (event "${name}")` }]);
  }
  const r = new Reader(file, payload);
  const action = r.optStr('/action');
  const repo = repoOf(r, fallbackRepo);
  const defaultBranch = r.optStr('/repository/default_branch');
  const base = { repo, ...(defaultBranch ? { defaultBranch } : {}) };
  let event: ActionEvent;
  const unsupported = (reason: string): ActionEvent => ({
    ...base,
    kind: 'unsupported',
    name,
    ...(action !== undefined ? { action } : {}),
    reason,
  });

  switch (name) {
    case 'pull_request':
    case 'pull_request_target': {
      if (!(PULL_REQUEST_ACTIONS as readonly string[]).includes(action ?? '')) {
        event = unsupported(
          `${name}.${action ?? '(no action)'} is not an event Gatehouse decides on (handled: ${PULL_REQUEST_ACTIONS.join(', ')})`,
        );
        break;
      }
      event = { ...base, kind: 'pull_request', action: action as PullRequestAction, pr: pullOf(r, repo) };
      break;
    }
    case 'pull_request_review': {
      if (!(REVIEW_ACTIONS as readonly string[]).includes(action ?? '')) {
        event = unsupported(
          `pull_request_review.${action ?? '(no action)'} is not handled (handled: ${REVIEW_ACTIONS.join(', ')})`,
        );
        break;
      }
      event = {
        ...base,
        kind: 'pull_request_review',
        action: action as 'submitted' | 'dismissed',
        pr: pullOf(r, repo),
        review: {
          id: r.int('/review/id'),
          state: r.str('/review/state').toUpperCase(),
          login: r.optStr('/review/user/login') ?? '',
        },
      };
      break;
    }
    case 'merge_group': {
      if (action !== 'checks_requested') {
        event = unsupported(
          `merge_group.${action ?? '(no action)'} is not handled (handled: checks_requested)`,
        );
        break;
      }
      const headRef = r.str('/merge_group/head_ref');
      const pr = prFromMergeQueueRef(headRef);
      event = {
        ...base,
        kind: 'merge_group',
        action,
        headSha: r.sha('/merge_group/head_sha'),
        baseSha: r.sha('/merge_group/base_sha'),
        baseRef: r.str('/merge_group/base_ref'),
        headRef,
        ...(pr !== undefined ? { pr } : {}),
      };
      break;
    }
    case 'push':
      event = {
        ...base,
        kind: 'push',
        ref: r.str('/ref'),
        before: r.sha('/before', true),
        after: r.sha('/after', true),
      };
      break;
    case 'schedule':
    case 'workflow_dispatch':
      event = { ...base, kind: name };
      break;
    default:
      event = unsupported(
        `event "${name}" is not handled by Gatehouse (handled: pull_request, pull_request_review, merge_group, push, schedule, workflow_dispatch)`,
      );
  }
  if (r.problems.length > 0) {
    throw badInput(
      r.problems,
      `malformed ${name} event payload:\n${r.problems.map((p) => `${p.file}: ${p.pointer}: ${p.message}`).join('\n')}`,
    );
  }
  return event;
}
