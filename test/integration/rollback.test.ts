import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleStateFiles } from '../../src/example/park.js';
import { readLedgerLines } from '../../src/store/ledger-files.js';
import { stateAfter } from '../../src/ledger/replay-at.js';
import { canonicalStateJson } from '../../src/state/replay.js';
import {
  applyChange,
  cli,
  makeRepo,
  read,
  setField,
  stateOf,
  write,
  type TestRepo,
} from '../unit/incidents/repo-fixture.js';

let repo: TestRepo;
beforeEach(async () => {
  repo = await makeRepo();
});
afterEach(() => repo.cleanup());
const base = () => ['--repo', repo.dir, '--now', '2026-01-18T15:00:00Z'];
const EAST = 'state/park-ticketing/us-east-1.yaml';

function snapshotFiles(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(repo.dir, rel), { withFileTypes: true })) {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else out.set(p, readFileSync(join(repo.dir, p), 'utf8'));
    }
  };
  walk('state');
  if (existsSync(join(repo.dir, 'changes'))) walk('changes');
  return out;
}

async function replayedAt(seq: number): Promise<string> {
  const { lines } = await readLedgerLines(repo.dir, repo.layout);
  return canonicalStateJson(stateAfter(lines, seq + 1).state);
}

describe('rollback', () => {
  it('writes the inverse of one entry into its state file, keeps every other file byte-identical, and writes a level-3 rollback manifest', async () => {
    const s1 = await applyChange(repo, {
      id: 'CHG-1',
      minute: 1,
      edits: { [EAST]: setField('us-east-1-gate-01', 'capacity', 1000) },
    });
    await applyChange(repo, {
      id: 'CHG-2',
      minute: 2,
      edits: { 'state/staff-scheduling/eu-central-1.yaml': setField('eu-central-1-shift-03', 'staff', 30) },
    });
    const before = snapshotFiles();
    const r = await cli(['rollback', ...base(), '--event', String(s1), '--proposer', 'alice', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { id: string; ops: unknown[]; files: string[]; reverts: number[] };
    expect(out).toMatchObject({ id: `RB-${s1}`, reverts: [s1], files: [EAST] });
    expect(out.ops).toEqual([
      {
        op: 'update',
        key: 'park-ticketing/us-east-1-gate-01',
        path: '/spec/capacity',
        before: 1000,
        after: 500,
      },
    ]);
    const after = snapshotFiles();
    for (const [file, text] of before) if (file !== EAST) expect(after.get(file), file).toBe(text);
    expect(after.get(EAST)).toBe(exampleStateFiles().get(EAST));
    const manifest = read(repo.dir, `changes/RB-${s1}/change.yaml`);
    expect(manifest).toMatch(/kind: rollback/);
    expect(manifest).toMatch(/level: 3/);
    expect(manifest).toMatch(/reverts:\n {4}- 1/);
  });

  it('rolls back everything after --to SEQ as one change: a cascade A→B→C returns to the state at SEQ', async () => {
    const k = await applyChange(repo, {
      id: 'CHG-0',
      minute: 1,
      edits: { 'state/parade-schedule/us-west-2.yaml': setField('us-west-2-float-02', 'start', '17:00') },
    });
    const a = await applyChange(repo, {
      id: 'CHG-A',
      minute: 2,
      edits: { [EAST]: setField('us-east-1-gate-02', 'capacity', 2000) },
    });
    const b = await applyChange(repo, {
      id: 'CHG-B',
      minute: 3,
      edits: {
        [EAST]: (t) =>
          setField(
            'us-east-1-gate-02',
            'lanes',
            9,
          )(
            t.replace(
              /resources:\n/,
              'resources:\n  - id: us-east-1-gate-99\n    spec:\n      open: true\n      capacity: 10\n',
            ),
          ),
      },
    });
    const c = await applyChange(repo, {
      id: 'CHG-C',
      minute: 4,
      edits: { [EAST]: setField('us-east-1-gate-02', 'capacity', 2500) },
    });
    const r = await cli([
      'rollback',
      ...base(),
      '--to',
      String(k),
      '--proposer',
      'alice',
      '--level',
      '4',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { reverts: number[]; id: string };
    // seq numbers skip the snapshot entries the store inserts
    expect(out.reverts).toEqual([a, b, c].filter((x) => x > k));
    expect(canonicalStateJson({ resources: (await stateOf(repo.dir)).resources, switches: {} })).toBe(
      await replayedAt(k),
    );
    expect(read(repo.dir, `changes/${out.id}/change.yaml`)).toMatch(/level: 4/);
  });

  it('refuses to roll back one entry that a later entry built on (exit 2), writing nothing', async () => {
    const s1 = await applyChange(repo, {
      id: 'CHG-1',
      minute: 1,
      edits: { [EAST]: setField('us-east-1-gate-01', 'capacity', 900) },
    });
    await applyChange(repo, {
      id: 'CHG-2',
      minute: 2,
      edits: { [EAST]: setField('us-east-1-gate-01', 'capacity', 950) },
    });
    const before = snapshotFiles();
    const r = await cli(['rollback', ...base(), '--event', String(s1), '--proposer', 'alice']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /cannot roll back entry \d+ \(CHG-1\) alone: entry \d+ \(CHG-2\) changed update park-ticketing\/us-east-1-gate-01 \/spec\/capacity/,
    );
    expect(snapshotFiles()).toEqual(before);
  });

  it('refuses when state/ has drifted from the ledger for the resource (exit 2), writing nothing', async () => {
    const s1 = await applyChange(repo, {
      id: 'CHG-1',
      minute: 1,
      edits: { [EAST]: setField('us-east-1-gate-01', 'capacity', 900) },
    });
    write(repo.dir, EAST, setField('us-east-1-gate-01', 'capacity', 901)(read(repo.dir, EAST)));
    const before = snapshotFiles();
    const r = await cli(['rollback', ...base(), '--event', String(s1), '--proposer', 'alice']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/state\/ differs from the ledger's state for park-ticketing\/us-east-1-gate-01/);
    expect(snapshotFiles()).toEqual(before);
  });

  it('re-adds a deleted resource to the file of its service and region and removes a created one', async () => {
    const del = await applyChange(repo, {
      id: 'CHG-D',
      minute: 1,
      edits: { [EAST]: (t) => t.replace(/ {2}- id: us-east-1-gate-05\n(?: {4}.*\n)+/, '') },
    });
    expect(read(repo.dir, EAST)).not.toMatch(/gate-05/);
    const r = await cli(['rollback', ...base(), '--event', String(del), '--proposer', 'alice']);
    expect(r.code, r.stderr).toBe(0);
    expect(read(repo.dir, EAST)).toMatch(/gate-05/);
    expect((await stateOf(repo.dir)).resources['park-ticketing/us-east-1-gate-05']).toEqual({
      service: 'park-ticketing',
      id: 'us-east-1-gate-05',
      region: 'us-east-1',
      spec: { open: false, capacity: 540, lanes: 3 },
    });
  });

  it('refuses bad input with exit 2: no --event/--to, a seq past the end, an entry with no ops, a missing incident', async () => {
    const before = snapshotFiles();
    expect((await cli(['rollback', ...base(), '--proposer', 'alice'])).code).toBe(2);
    const past = await cli(['rollback', ...base(), '--event', '99', '--proposer', 'alice']);
    expect(past.code).toBe(2);
    expect(past.stderr).toMatch(/past the end of the ledger/);
    const genesis = await cli(['rollback', ...base(), '--event', '0', '--proposer', 'alice']);
    expect(genesis.code).toBe(2);
    expect(genesis.stderr).toMatch(/genesis entry with no state ops/);
    const inc = await cli(['rollback', ...base(), '--event', '0', '--incident', 'INC-20260118-143045']);
    expect(inc.code).toBe(2);
    expect(inc.stderr).toMatch(/incidents\/INC-20260118-143045\.md does not exist/);
    expect(snapshotFiles()).toEqual(before);
  });
});
