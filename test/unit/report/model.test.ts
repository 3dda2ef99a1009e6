import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jcs } from '../../../src/core/jcs.js';
import { makeEntry, type EntryDraft } from '../../../src/ledger/chain.js';
import type { LedgerEntry } from '../../../src/core/ledger-entry.js';
import { FsTree } from '../../../src/repo/fs-tree.js';
import { loadSources, type ReportSources } from '../../../src/report/load.js';
import { RARE_MAX } from '../../../src/report/model.js';
import { replay } from '../../../src/state/replay.js';
import { INCIDENT, parkDrafts, parkLines, writeParkRepo } from '../../browser/park-ledger.js';
import { buildInMemory, evalDataScript } from './helpers.js';

let dir: string;
let src: ReportSources;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gh-report-model-'));
  writeParkRepo(dir);
  src = await loadSources(new FsTree(dir));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function chain(drafts: (EntryDraft & { seq: number })[]): string[] {
  const lines: string[] = [];
  drafts.forEach((d, i) => lines.push(makeEntry({ ...d, seq: i }, i ? lines[i - 1]! : null).line));
  return lines;
}

const site = (lines: string[], extra: Parameters<typeof buildInMemory>[1] = {}) =>
  buildInMemory(lines, { incidents: src.incidents, overrides: src.overrides, actors: src.actors, ...extra });

describe('report model', () => {
  it('reads the example repository: actors, two incidents, one override with three signatures', () => {
    expect(src.actors.find((a) => a.id === 'ops-agent')?.max_level).toBe(2);
    expect(src.incidents.map((i) => i.id)).toEqual([INCIDENT, 'INC-20260118-120000']);
    expect(src.overrides[0]?.signatures.map((s) => s.role).sort()).toEqual(['charter', 'ethics', 'security']);
    expect(src.segments).toEqual(['ledger/events/000000000000.jsonl']);
  });

  it('writes one chunk per chunkSize entries, each holding the exact ledger entries', () => {
    const { lines, entries } = parkLines();
    const s = site(lines, { chunkSize: 4, stateEvery: 8 });
    expect([...s.chunks.keys()]).toEqual([0, 1, 2, 3]);
    const [i, got] = evalDataScript(s.chunks.get(1)!) as [number, LedgerEntry[]];
    expect(i).toBe(1);
    expect(got.map((e) => jcs(e))).toEqual(entries.slice(4, 8).map((e) => jcs(e)));
    expect(s.model.index.chunks.map((c) => [c[0], c[1]])).toEqual([
      [0, 4],
      [4, 4],
      [8, 4],
      [12, 4],
    ]);
  });

  it('embeds the replayed state before every stateEvery-th entry', () => {
    const { lines, entries } = parkLines();
    const s = site(lines, { chunkSize: 4, stateEvery: 8 });
    expect(s.model.index.states).toEqual([0, 8]);
    const [seq, state] = evalDataScript(s.states.get(8)!) as [number, unknown];
    expect(seq).toBe(8);
    expect(jcs(state)).toBe(jcs(replay(entries, { at: 7 })));
    expect(evalDataScript(s.states.get(0)!)[1]).toEqual({ resources: {}, switches: {} });
  });

  it('indexes types, actors, levels and services per chunk so the page can skip chunks', () => {
    const s = site(parkLines().lines, { chunkSize: 8 });
    const { dict, chunks } = s.model.index;
    const count = (flat: number[], code: number) => {
      for (let k = 0; k < flat.length; k += 2) if (flat[k] === code) return flat[k + 1];
      return 0;
    };
    expect(count(chunks[0]![4], dict.types.indexOf('change.applied'))).toBe(3);
    expect(count(chunks[1]![4], dict.types.indexOf('killswitch.activated'))).toBe(0);
    expect(count(chunks[1]![5], dict.actors.indexOf('carol'))).toBe(4);
    expect(count(chunks[0]![6], dict.levels.indexOf('none'))).toBe(5);
    expect(count(chunks[1]![7], dict.services.indexOf('parade-schedule'))).toBe(2);
    expect(chunks[1]![2]).toBe('2026-01-18T10:42:00Z');
  });

  it('derives MTTR from detection to resolution, time to detect, and links culprit and rollbacks', () => {
    const inc = site(parkLines().lines).model.incidents.find((i) => i.id === INCIDENT)!;
    expect(inc).toMatchObject({
      detectSeconds: 30,
      mttrSeconds: 95,
      durationSeconds: 125,
      culpritKnown: true,
      rollbacks: [8],
    });
  });

  it('passes every monthly check on the example and shows the override as reviewed', () => {
    const m = site(parkLines().lines).model;
    expect(m.checklist.map((c) => c.month)).toEqual(['2026-01']);
    expect(m.checklist[0]!.items.map((i) => [i.n, i.status])).toEqual([
      [1, 'pass'],
      [2, 'pass'],
      [3, 'pass'],
      [4, 'pass'],
      [5, 'pass'],
    ]);
    expect(m.overrides[0]).toMatchObject({
      id: 'OVR-0001',
      status: 'reviewed',
      postMortems: ['INC-20260118-120000'],
      entries: [12, 13, 14],
    });
    expect(m.switches.current).toEqual([{ switch: 'freeze-ticketing', active: false, seq: 10 }]);
  });

  it('fails monthly check 1 for a change above its proposer’s max level with no escalation logged', () => {
    const drafts = parkDrafts().filter((d) => d.type !== 'escalation.granted');
    const m = site(chain(drafts)).model;
    const item = m.checklist[0]!.items[0]!;
    expect(item.status).toBe('fail');
    expect(item.failing).toEqual([3]); // the level-3 change, now at seq 3
    expect(m.soc2.find((c) => c.id === 'CC6.1')!.status).toBe('fail');
    expect(m.soc2.find((c) => c.id === 'CC6.1')!.seed).toEqual(['5.1.1']);
  });

  it('fails monthly check 2 and criterion CC8.1 (seed 5.1.2) for a level-1 approval with no fingerprint or review id', () => {
    const drafts = parkDrafts();
    const body = drafts[1]!.body as { approvals: Record<string, unknown>[] };
    delete body.approvals[0]!.fingerprint;
    const m = site(chain(drafts)).model;
    expect(m.checklist[0]!.items[1]).toMatchObject({ status: 'fail', failing: [1] });
    const c = m.soc2.find((x) => x.id === 'CC8.1')!;
    expect(c.status).toBe('fail');
    expect(c.seed).toContain('5.1.2');
    expect(c.items[1]!.failing).toEqual({ count: 1, seqs: [1] });
  });

  it('fails monthly check 3 for a rollback whose incident has no record', () => {
    const m = buildInMemory(parkLines().lines, { overrides: src.overrides, actors: src.actors }).model;
    expect(m.checklist[0]!.items[2]).toMatchObject({ status: 'fail', failing: [8] });
    expect(m.rollbacks.rows[0]).toMatchObject({ seq: 8, documented: false });
    expect(m.rollbacks.rows[0]!.why).toMatch(/no record/);
  });

  it('fails monthly check 5 when a cascade incident started that month', () => {
    const incidents = [
      ...src.incidents,
      { ...src.incidents[0]!, id: 'INC-20260118-110000', type: 'cascading-failure' },
    ];
    const m = site(parkLines().lines, { incidents }).model;
    expect(m.checklist[0]!.items[4]!.status).toBe('fail');
  });

  it('marks the chain failed when an entry’s ops do not replay', () => {
    const drafts = parkDrafts();
    (drafts[2]!.body as { ops: { before: number }[] }).ops[0]!.before = 499;
    const m = site(chain(drafts)).model;
    expect(m.chain.ok).toBe(false);
    expect(m.chain.findings.map((f) => f.message)).toContainEqual(
      expect.stringMatching(/^replay: ledger entry 2 /),
    );
    expect(m.checklist[0]!.items[3]!.status).toBe('fail');
  });

  it('buckets changes per level by day', () => {
    const m = site(parkLines().lines).model;
    expect(m.bucketUnit).toBe('day');
    expect(m.levelBuckets).toEqual([{ label: '2026-01-18', counts: [0, 2, 2, 2, 0] }]);
  });

  it('keeps only the latest rows of frequent history while counting all', () => {
    const drafts: (EntryDraft & { seq: number })[] = [parkDrafts()[0]!];
    for (let i = 1; i <= 30; i++)
      drafts.push({
        seq: i,
        ts: '2026-01-18T10:00:00Z',
        type: i % 2 ? 'killswitch.activated' : 'killswitch.deactivated',
        actor: 'carol',
        body: { switch: 'freeze' },
      });
    const m = buildInMemory(chain(drafts), { maxRows: 5 }).model;
    expect(m.switches.total).toBe(30);
    expect(m.switches.rows.map((r) => r.seq)).toEqual([26, 27, 28, 29, 30]);
  });

  it('gives each rare type its own data file, and none to a type with more than RARE_MAX entries', () => {
    const drafts: (EntryDraft & { seq: number })[] = [parkDrafts()[0]!];
    for (let i = 1; i <= RARE_MAX + 1; i++)
      drafts.push({ seq: i, ts: '2026-01-18T10:00:00Z', type: 'interrupt', actor: 'alice', body: {} });
    drafts.push({
      seq: RARE_MAX + 2,
      ts: '2026-01-18T10:00:00Z',
      type: 'alert.raised',
      actor: 'monitor',
      body: {},
    });
    const s = buildInMemory(chain(drafts), { chunkSize: 500 });
    const { dict, rare } = s.model.index;
    expect(rare).toEqual({ [dict.types.indexOf('genesis')]: 1, [dict.types.indexOf('alert.raised')]: 1 });
    const [code, entries] = evalDataScript(s.rare.get(dict.types.indexOf('alert.raised'))!) as [
      number,
      LedgerEntry[],
    ];
    expect(code).toBe(dict.types.indexOf('alert.raised'));
    expect(entries.map((e) => e.seq)).toEqual([RARE_MAX + 2]);
  });
});
