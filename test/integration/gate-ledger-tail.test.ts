/**
 * The gate reads only the ledger tail at the base commit (src/gate/from-repo-ledger.ts): segments newest
 * first until the longest window is covered and a verified snapshot (or genesis) is in hand.
 */
import { describe, expect, it } from 'vitest';
import { readBaseLedger } from '../../src/assembly/from-repo-ledger.js';
import { GitTree } from '../../src/git/tree.js';
import { closeRepos } from '../../src/git/repo.js';
import { loadLayout } from '../../src/repo/layout.js';
import type { AppendDraft } from '../../src/store/ledger-store.js';
import { governedRepos } from '../fixtures/governed-repo.js';

const repo = governedRepos();

const at = (minutes: number): string =>
  new Date(Date.parse('2026-01-18T00:00:00Z') + minutes * 60_000).toISOString().replace('.000Z', 'Z');

function applied(minutes: number, change: string, level: 1 | 3, reverts?: number[]): AppendDraft {
  return {
    ts: at(minutes),
    type: reverts ? 'rollback.applied' : 'change.applied',
    actor: 'ops-agent',
    level,
    subject: { change },
    body: {
      ops: [],
      ...(reverts ? { reverts } : {}),
      decision: { affected: { count: 2, services: ['s'], regions: ['r'] } },
    },
  };
}

describe('readBaseLedger', () => {
  it('replays switches from the newest snapshot and returns only the recent window', async () => {
    const r = repo({
      files: { 'gatehouse.yaml': 'ledger: { segment_size: 10, snapshot_every: 5 }\n' },
    });
    const drafts: AppendDraft[] = [
      { ts: at(0), type: 'genesis', actor: 'gatehouse', body: { state: { resources: {}, switches: {} } } },
      { ts: at(1), type: 'killswitch.activated', actor: 'bob', body: { switch: 'ticketing-freeze' } },
      {
        ts: at(2),
        type: 'escalation.granted',
        actor: 'erin',
        body: { actor: 'erin', level: 3, expires_at: at(5), change: 'E' },
      },
    ];
    for (let m = 10; m < 40; m++) drafts.push(applied(m, `OLD-${m}`, 3));
    drafts.push(applied(895, 'NEW-1', 3), applied(896, 'NEW-2', 1));
    await r.appendLedger(drafts);
    closeRepos();
    const tree = new GitTree(r.dir, r.head());
    const layout = await loadLayout(tree);
    const ledger = await readBaseLedger(tree, layout, new Date(at(900)), 3_600_000);
    expect(ledger.size).toBe(43); // 35 drafts, and a snapshot entry at seq 5, 10, …, 40
    expect(ledger.switches['ticketing-freeze']).toMatchObject({ active: true, seq: 1, by: 'bob' });
    expect(ledger.window.map((w) => w.change)).toEqual(['NEW-1', 'NEW-2']);
    expect(ledger.window[0]).toMatchObject({
      type: 'change.applied',
      level: 3,
      affected: 2,
      services: ['s'],
      regions: ['r'],
    });
    expect(ledger.read).toBeLessThan(10); // the tail after the newest snapshot, not the whole ledger
  });

  it('marks window entries a later rollback reverted, and keeps escalation grants', async () => {
    const r = repo();
    await r.appendLedger([
      { ts: at(0), type: 'genesis', actor: 'gatehouse', body: { state: { resources: {}, switches: {} } } },
      {
        ts: at(880),
        type: 'escalation.granted',
        actor: 'erin',
        body: { actor: 'erin', level: 3, expires_at: at(910), change: 'E' },
      },
      applied(890, 'A', 3),
      applied(891, 'RB', 3, [2]),
    ]);
    closeRepos();
    const tree = new GitTree(r.dir, r.head());
    const ledger = await readBaseLedger(tree, await loadLayout(tree), new Date(at(900)), 3_600_000);
    expect(ledger.window.map((w) => [w.change, w.rolledBack ?? false])).toEqual([
      ['A', true],
      ['RB', false],
    ]);
    expect(ledger.escalations).toEqual([{ actor: 'erin', level: 3, expires_at: at(910), seq: 1 }]);
  });

  it('answers an empty ledger with nothing', async () => {
    const r = repo();
    closeRepos();
    const tree = new GitTree(r.dir, r.head());
    const ledger = await readBaseLedger(tree, await loadLayout(tree), new Date(at(900)), 3_600_000);
    expect(ledger).toMatchObject({ size: 0, window: [], escalations: [], switches: {} });
  });
});
