/**
 * Every reader of the ledger counts a committed `.pending` segment (DESIGN §4: a crash between an append's commit
 * point and its last rename leaves one; it is part of the ledger because it continues it) and ignores a stale
 * one: the gate's base ledger tail, the gate's per-change facts, the report's segment list, `change new` and the
 * ledger's git history walk.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readBaseLedger } from '../../src/assembly/from-repo-ledger.js';
import { changeLedgerFacts } from '../../src/assembly/from-repo-rollback.js';
import { ledgerLineOrigins, verifyLedgerHistory } from '../../src/assembly/ledger-history.js';
import type { ChangeManifest } from '../../src/core/documents.js';
import { GitTree } from '../../src/git/tree.js';
import { makeEntry } from '../../src/ledger/chain.js';
import { closeRepos } from '../../src/git/repo.js';
import { loadLayout } from '../../src/repo/layout.js';
import { loadSources } from '../../src/report/load.js';
import { emptyState } from '../../src/state/replay.js';
import type { AppendDraft } from '../../src/store/ledger-store.js';
import { governedRepos, type GovernedRepo } from '../fixtures/governed-repo.js';
import { makeRepo, type Fixture } from '../unit/git/fixture.js';

const repo = governedRepos();

const at = (minutes: number): string =>
  new Date(Date.parse('2026-01-18T00:00:00Z') + minutes * 60_000).toISOString().replace('.000Z', 'Z');

function applied(minutes: number, change: string): AppendDraft {
  return {
    ts: at(minutes),
    type: 'change.applied',
    actor: 'ops-agent',
    level: 1,
    subject: { change },
    body: { ops: [], decision: { affected: { count: 1, services: ['s'], regions: ['r'] } } },
  };
}

const EVENTS = 'ledger/events';

/**
 * A ledger of five entries in segments of two whose last segment (seq 4) is still `.pending`, as after a crash
 * between the commit point and the rename, plus a stale pending file that continues nothing; committed to git.
 */
async function crashedLedger(): Promise<{ r: GovernedRepo; tree: GitTree }> {
  const r = repo({ files: { 'gatehouse.yaml': 'ledger: { segment_size: 2, snapshot_every: 100 }\n' } });
  await r.appendLedger([
    { ts: at(0), type: 'genesis', actor: 'gatehouse', body: { state: { resources: {}, switches: {} } } },
    applied(880, 'CHG-0001'),
    applied(885, 'CHG-0002'),
    applied(890, 'CHG-0003'),
    applied(895, 'CHG-0012'),
  ]);
  const events = join(r.dir, EVENTS);
  renameSync(join(events, '000000000004.jsonl'), join(events, '000000000004.jsonl.pending'));
  writeFileSync(
    join(events, '000000000008.jsonl.pending'),
    `${JSON.stringify({ seq: 8, prev: 'sha256:00', subject: { change: 'CHG-0099' } })}\n`,
  );
  r.commit('ledger: crashed before the last rename');
  closeRepos();
  return { r, tree: new GitTree(r.dir, r.head()) };
}

describe('a committed pending segment', () => {
  it('is part of the base ledger tail the gate reads', async () => {
    const { tree } = await crashedLedger();
    const ledger = await readBaseLedger(tree, await loadLayout(tree), new Date(at(900)), 3_600_000);
    expect(ledger.size).toBe(5);
    expect(ledger.window.map((w) => [w.seq, w.change])).toEqual([
      [1, 'CHG-0001'],
      [2, 'CHG-0002'],
      [3, 'CHG-0003'],
      [4, 'CHG-0012'],
    ]);
  });

  it('answers whether a change was already applied', async () => {
    const { tree } = await crashedLedger();
    const manifest = { id: 'CHG-0012', kind: 'change', title: 'T', level: 1 } as unknown as ChangeManifest;
    const facts = await changeLedgerFacts(tree, await loadLayout(tree), manifest, {
      state: emptyState(),
      ops: [],
    });
    expect(facts.priorApplication).toMatchObject({ seq: 4, type: 'change.applied' });
    const stale = { ...manifest, id: 'CHG-0099' } as ChangeManifest;
    const none = await changeLedgerFacts(tree, await loadLayout(tree), stale, {
      state: emptyState(),
      ops: [],
    });
    expect(none.priorApplication).toBeNull();
  });

  it('is a segment of the report, read from its pending file', async () => {
    const { tree } = await crashedLedger();
    const sources = await loadSources(tree);
    expect(sources.segments).toEqual([
      `${EVENTS}/000000000000.jsonl`,
      `${EVENTS}/000000000002.jsonl`,
      `${EVENTS}/000000000004.jsonl.pending`,
    ]);
  });

  it('holds ids `change new` never reuses, while a stale pending file holds none', async () => {
    const { r } = await crashedLedger();
    const made = await r.cli(
      'change',
      'new',
      '--title',
      'T',
      '--proposer',
      'alice',
      '--level',
      '1',
      '--json',
    );
    expect(made.code, made.err).toBe(0);
    expect(JSON.parse(made.out)).toMatchObject({ id: 'CHG-0013' });
  });
});

describe('the ledger history walk', () => {
  const repos: Fixture[] = [];
  afterEach(() => {
    for (const x of repos.splice(0)) x.cleanup();
  });

  /** Five chained lines: seq 0-1, 2-3 and 4 in segments of two. */
  const lines = (): string[] => {
    const out: string[] = [];
    for (let seq = 0; seq < 5; seq++)
      out.push(
        makeEntry(
          seq === 0
            ? {
                seq,
                ts: at(0),
                type: 'genesis',
                actor: 'gatehouse',
                body: { state: { resources: {}, switches: {} } },
              }
            : {
                seq,
                ts: at(seq),
                type: 'change.applied',
                actor: 'ops-agent',
                subject: { change: `CHG-${seq}` },
                body: {},
              },
          seq === 0 ? null : out[seq - 1]!,
        ).line,
      );
    return out;
  };
  const seg = (ls: string[]): string => ls.map((l) => `${l}\n`).join('');

  /** genesis; an append whose later segment was committed to git still pending; then `last`. */
  function history(last: Record<string, string | null>): { r: Fixture; crashed: string; after: string } {
    const r = makeRepo('gh-pending-history-');
    repos.push(r);
    const l = lines();
    r.commit('genesis', {
      'gatehouse.yaml': 'ledger: { segment_size: 2 }\n',
      [`${EVENTS}/000000000000.jsonl`]: seg(l.slice(0, 2)),
    });
    const crashed = r.commit('record, crashed before the last rename', {
      [`${EVENTS}/000000000002.jsonl`]: seg(l.slice(2, 4)),
      [`${EVENTS}/000000000004.jsonl.pending`]: seg(l.slice(4)),
    });
    const after = r.commit('after', last);
    return { r, crashed, after };
  }

  it('takes the rename of a committed pending segment as no change, its entries added where it was committed', async () => {
    const { r, crashed } = history({
      [`${EVENTS}/000000000004.jsonl.pending`]: null,
      [`${EVENTS}/000000000004.jsonl`]: seg(lines().slice(4)),
    });
    const result = await verifyLedgerHistory(r.dir, 'HEAD');
    expect(result).toMatchObject({ ok: true, commits: 3, entries: 5, findings: [] });
    expect((await ledgerLineOrigins(r.dir, 'HEAD')).get(4)?.commit).toBe(crashed);
  });

  it('finds the removal of a committed pending segment', async () => {
    const { r, after } = history({ [`${EVENTS}/000000000004.jsonl.pending`]: null });
    const result = await verifyLedgerHistory(r.dir, 'HEAD');
    expect(result.ok).toBe(false);
    expect(result.findings.map((f) => [f.commit, f.file])).toEqual([
      [after, `${EVENTS}/000000000004.jsonl`],
      [after, EVENTS],
    ]);
  });
});
