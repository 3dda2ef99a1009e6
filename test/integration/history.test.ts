import { afterEach, describe, expect, it } from 'vitest';
import { jcs } from '../../src/core/jcs.js';
import { verifyLedgerHistoryAt } from '../../src/app/verify-ledger-history.js';
import { GitCommitsOf } from '../../src/assembly/git-commits.js';
import { exitCodeFor } from '../../src/core/errors.js';
import { makeRepo } from '../unit/git/fixture.js';
import type { Fixture } from '../unit/git/fixture.js';

const repos: Fixture[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

const entry = (seq: number, note = 'ok'): string =>
  jcs({ seq, type: 'change.applied', body: { note }, v: 1 }) + '\n';

describe('verify --history', () => {
  it('passes an honest history and counts commits and entries', async () => {
    const r = makeRepo('gh-history-');
    repos.push(r);
    r.commit('genesis', { 'ledger/events/000000000000.jsonl': entry(0) });
    r.commit('record CHG-1', { 'ledger/events/000000000000.jsonl': entry(0) + entry(1) });
    const out = await verifyLedgerHistoryAt(new GitCommitsOf(r.dir));
    expect(out.code).toBe(0);
    expect(out.node).toMatchObject({
      id: 'history',
      status: 'pass',
      numbers: { commits: 2, entries: 2, findings: 0 },
    });
    expect(out.lines).toEqual(['git history: 2 commits on HEAD, ledger append-only (2 entries)']);
  });

  it('names the commit that rewrote a ledger line even though a later commit restored the count', async () => {
    const r = makeRepo('gh-history-');
    repos.push(r);
    r.commit('genesis', { 'ledger/events/000000000000.jsonl': entry(0) });
    r.commit('record', { 'ledger/events/000000000000.jsonl': entry(0) + entry(1) + entry(2) });
    const bad = r.commit('squash ledger', {
      'ledger/events/000000000000.jsonl': entry(0) + entry(1, 'edited'),
    });
    r.commit('record again', {
      'ledger/events/000000000000.jsonl': entry(0) + entry(1, 'edited') + entry(2, 'again'),
    });
    const out = await verifyLedgerHistoryAt(new GitCommitsOf(r.dir), 'main');
    expect(out.code).toBe(1);
    expect(out.node.status).toBe('fail');
    expect(out.result.findings.map((f) => f.commit)).toEqual([bad, bad]);
    expect(out.lines).toEqual([
      `ledger/events/000000000000.jsonl: commit ${bad.slice(0, 12)} "squash ledger" rewrote ledger/events/000000000000.jsonl:2 (seq 1): ledger lines are append-only`,
      `ledger/events: commit ${bad.slice(0, 12)} "squash ledger" decreased the ledger entry count from 3 to 2`,
      'git history: 2 violation(s) in 4 commits on main',
    ]);
    expect(out.node.children.map((c) => c.status)).toEqual(['fail', 'fail']);
  });

  it('follows a ledger folder remapped in gatehouse.yaml', async () => {
    const r = makeRepo('gh-history-');
    repos.push(r);
    r.commit('config', { 'gatehouse.yaml': 'paths: { ledger: audit/ledger }\n' });
    r.commit('genesis', { 'audit/ledger/events/000000000000.jsonl': entry(0) + entry(1) });
    const bad = r.commit('drop', { 'audit/ledger/events/000000000000.jsonl': null });
    const out = await verifyLedgerHistoryAt(new GitCommitsOf(r.dir));
    expect(out.ledgerDir).toBe('audit/ledger');
    expect(out.code).toBe(1);
    expect(out.result.findings[0]).toEqual({
      commit: bad,
      file: 'audit/ledger/events/000000000000.jsonl',
      message: `commit ${bad.slice(0, 12)} "drop" removed audit/ledger/events/000000000000.jsonl (2 ledger entries)`,
    });
  });

  it('exits 2 on an unknown ref', async () => {
    const r = makeRepo('gh-history-');
    repos.push(r);
    r.commit('genesis', { 'ledger/events/000000000000.jsonl': entry(0) });
    const err = await verifyLedgerHistoryAt(new GitCommitsOf(r.dir), 'no-such').catch((e: unknown) => e);
    expect(exitCodeFor(err)).toBe(2);
    expect((err as Error).message).toContain('unknown git ref "no-such"');
  });
});
