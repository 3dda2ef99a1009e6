import { describe, expect, it } from 'vitest';
import { parseEvent, prFromMergeQueueRef } from '../../../src/github/event.js';
import { GatehouseError } from '../../../src/core/errors.js';
import {
  example,
  mergeGroupPayload,
  pullRequestPayload,
  pushPayload,
} from '../../fixtures/github/payloads.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('parseEvent', () => {
  it('reads a real pull_request.synchronize payload into base, head, number and repository', () => {
    const e = parseEvent(
      'pull_request',
      pullRequestPayload('synchronize', { number: 7, base: A, head: B }),
      'event.json',
    );
    expect(e).toMatchObject({
      kind: 'pull_request',
      action: 'synchronize',
      repo: { owner: 'park-ops', repo: 'governed' },
      defaultBranch: 'main',
      pr: { number: 7, baseSha: A, headSha: B, baseRef: 'main', fork: false },
    });
  });

  it('marks a pull request from another repository as a fork', () => {
    const e = parseEvent(
      'pull_request',
      pullRequestPayload('opened', { number: 7, base: A, head: B, fork: true }),
      'e.json',
    );
    expect(e.kind === 'pull_request' && e.pr.fork).toBe(true);
  });

  it('reads every example pull_request_review payload, upper-casing the review state', () => {
    for (const action of ['submitted', 'dismissed'] as const) {
      const e = parseEvent('pull_request_review', example('pull_request_review', action), 'e.json');
      expect(e.kind).toBe('pull_request_review');
      if (e.kind === 'pull_request_review') expect(e.review.state).toBe(e.review.state.toUpperCase());
    }
  });

  it('takes the queued PR number from a merge_group head_ref', () => {
    const e = parseEvent('merge_group', mergeGroupPayload({ base: A, head: B, pr: 104 }), 'e.json');
    expect(e).toMatchObject({ kind: 'merge_group', headSha: B, baseSha: A, pr: 104 });
    expect(
      prFromMergeQueueRef(
        'refs/heads/gh-readonly-queue/main/pr-104-929f8209d40f77f4abc622a499c93a83babdbe64',
      ),
    ).toBe(104);
    expect(prFromMergeQueueRef('refs/heads/feature')).toBeUndefined();
  });

  it('accepts an all-zero before SHA on push (branch creation) but not elsewhere', () => {
    const e = parseEvent('push', pushPayload({ before: '0'.repeat(40), after: B }), 'e.json');
    expect(e).toMatchObject({ kind: 'push', before: '0'.repeat(40), after: B, ref: 'refs/heads/main' });
    expect(() =>
      parseEvent(
        'pull_request',
        pullRequestPayload('opened', { number: 1, base: '0'.repeat(40), head: B }),
        'e.json',
      ),
    ).toThrow(/all-zero/);
  });

  it('uses GITHUB_REPOSITORY for a schedule payload without a repository', () => {
    expect(parseEvent('schedule', { schedule: '17 * * * *' }, 'e.json', { owner: 'o', repo: 'r' })).toEqual({
      kind: 'schedule',
      repo: { owner: 'o', repo: 'r' },
    });
  });

  it('reports unhandled events and actions as unsupported, never as a decision', () => {
    expect(parseEvent('issues', example('push'), 'e.json')).toMatchObject({
      kind: 'unsupported',
      name: 'issues',
    });
    expect(parseEvent('pull_request', example('pull_request', 'closed'), 'e.json')).toMatchObject({
      kind: 'unsupported',
      action: 'closed',
    });
    const edited = { ...example('pull_request_review', 'submitted'), action: 'edited' };
    expect(parseEvent('pull_request_review', edited, 'e.json').kind).toBe('unsupported');
    expect(parseEvent('merge_group', { ...example('merge_group'), action: 'destroyed' }, 'e.json').kind).toBe(
      'unsupported',
    );
  });

  it('lists every missing or mistyped field of a malformed payload with its JSON Pointer', () => {
    const p = pullRequestPayload('opened', { number: 7, base: A, head: B });
    const pr = p.pull_request as Record<string, Record<string, unknown>>;
    delete pr.head?.sha;
    (pr.base as Record<string, unknown>).sha = 'not-a-sha';
    (p.pull_request as Record<string, unknown>).number = '7';
    try {
      parseEvent('pull_request', p, 'event.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GatehouseError);
      const err = e as GatehouseError;
      expect(err.code).toBe('bad-input');
      expect(err.problems.map((x) => x.pointer)).toEqual([
        '/pull_request/number',
        '/pull_request/head/sha',
        '/pull_request/base/sha',
      ]);
      expect(err.message).toContain('event.json: /pull_request/head/sha: missing');
    }
  });

  it('rejects a payload that is not an object', () => {
    expect(() => parseEvent('push', [1, 2], 'e.json')).toThrow(/must be a JSON object/);
  });
});
