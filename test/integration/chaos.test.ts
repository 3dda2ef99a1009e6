/**
 * The chaos scenarios of seed 000 Part 6 over the CLI: a service failure stays inside its service; region
 * loss; a cascade A→B→C detected and rolled back together; a slow rollback still within budget and losing
 * nothing; a corrupted ledger entry detected and recovered from a snapshot and the checkpoint.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_REGIONS, EXAMPLE_SERVICES, exampleStateFiles } from '../../src/example/park.js';
import { readLedgerLines } from '../../src/store/ledger-files.js';
import { stateAfter } from '../../src/ledger/replay-at.js';
import { canonicalStateJson } from '../../src/state/replay.js';
import {
  applyChange,
  at,
  cli,
  makeRepo,
  read,
  setField,
  stateOf,
  write,
  type TestRepo,
} from '../unit/incidents/repo-fixture.js';

let repo: TestRepo | undefined;
afterEach(() => repo?.cleanup());

interface SeriesSpec {
  metric: string;
  service: string;
  region: string;
  value: (minute: number) => number;
}

/** Samples every 10 s over `minutes`, from T0. */
function csv(series: SeriesSpec[], minutes = 30): string {
  const rows = ['timestamp,metric,value,labels'];
  for (let s = 0; s < minutes * 6; s++) {
    const t = new Date(Date.parse(at(0)) + s * 10_000).toISOString();
    for (const x of series)
      rows.push(`${t},${x.metric},${x.value(s / 6)},service=${x.service},region=${x.region}`);
  }
  return `${rows.join('\n')}\n`;
}

const calm = (metric: string, v: number): SeriesSpec[] =>
  EXAMPLE_SERVICES.flatMap((service) =>
    EXAMPLE_REGIONS.map((region) => ({ metric, service, region, value: () => v })),
  );

async function detect(text: string): Promise<{
  code: number;
  anomalies: { metric: string; start: string; labels: Record<string, string> }[];
  raw: string;
}> {
  write(repo!.dir, 'metrics.csv', text);
  const r = await cli(['incident', 'detect', '--repo', repo!.dir, '--metrics', 'metrics.csv', '--json']);
  return {
    code: r.code,
    anomalies: (JSON.parse(r.stdout) as { anomalies: never[] }).anomalies,
    raw: r.stdout,
  };
}

async function rca(raw: string, index = 0): Promise<{ seq: number; change: string }[]> {
  write(repo!.dir, 'anomaly.json', raw);
  const r = await cli([
    'incident',
    'rca',
    '--repo',
    repo!.dir,
    '--anomaly-json',
    'anomaly.json',
    '--index',
    String(index),
    '--json',
  ]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { candidates: { seq: number; change: string }[] }).candidates;
}

function files(): Map<string, string> {
  return new Map([...exampleStateFiles().keys()].map((f) => [f, read(repo!.dir, f)]));
}

const rollback = (...flags: string[]) =>
  cli(['rollback', '--repo', repo!.dir, '--now', at(40), '--proposer', 'alice', '--json', ...flags]);

describe('chaos scenarios (seed 000 Part 6)', () => {
  it('1. a service failure stays inside its service: detected, attributed and rolled back without touching other services', async () => {
    repo = await makeRepo();
    await applyChange(repo, {
      id: 'CHG-STAFF',
      minute: 3,
      edits: { 'state/staff-scheduling/us-east-1.yaml': setField('us-east-1-shift-02', 'staff', 12) },
    });
    const bad = await applyChange(repo, {
      id: 'CHG-TICKET',
      minute: 8,
      edits: { 'state/park-ticketing/us-east-1.yaml': setField('us-east-1-gate-03', 'capacity', 5000) },
    });
    const series = calm('http_error_rate', 0.001).map((s) =>
      s.service === 'park-ticketing' && s.region === 'us-east-1'
        ? { ...s, value: (m: number) => (m >= 10 && m < 14 ? 0.2 : 0.001) }
        : s,
    );
    const d = await detect(csv(series));
    expect(d.code).toBe(1);
    expect(d.anomalies.map((a) => `${a.labels.service}/${a.labels.region}`)).toEqual([
      'park-ticketing/us-east-1',
    ]);
    expect((await rca(d.raw))[0]).toMatchObject({ seq: bad, change: 'CHG-TICKET' });
    const before = files();
    const r = await rollback('--event', String(bad));
    expect(r.code, r.stderr).toBe(0);
    for (const [f, text] of files())
      if (!f.startsWith('state/park-ticketing/')) expect(text, f).toBe(before.get(f));
    expect((JSON.parse(r.stdout) as { files: string[] }).files).toEqual([
      'state/park-ticketing/us-east-1.yaml',
    ]);
  });

  it('2. region loss: 10 s latency in one region is reported for that region only, and attributed to the change made there', async () => {
    repo = await makeRepo();
    await applyChange(repo, {
      id: 'CHG-EU',
      minute: 4,
      edits: {
        'state/parade-schedule/eu-central-1.yaml': setField('eu-central-1-float-01', 'start', '16:00'),
      },
    });
    const west = await applyChange(repo, {
      id: 'CHG-WEST',
      minute: 9,
      edits: { 'state/park-ticketing/us-west-2.yaml': setField('us-west-2-gate-01', 'lanes', 1) },
    });
    const series = calm('request_latency_ms', 100).map((s) =>
      s.region === 'us-west-2' ? { ...s, value: (m: number) => (m >= 10 ? 10_000 : 100) } : s,
    );
    const d = await detect(csv(series));
    expect(new Set(d.anomalies.map((a) => a.labels.region))).toEqual(new Set(['us-west-2']));
    expect(d.anomalies).toHaveLength(3); // every service of the lost region; the other regions carry on
    const i = d.anomalies.findIndex((a) => a.labels.service === 'park-ticketing');
    expect((await rca(d.raw, i))[0]).toMatchObject({ seq: west, change: 'CHG-WEST' });
  });

  it('3. a cascade A→B→C is detected and rolled back together as one change', async () => {
    repo = await makeRepo();
    const east = 'state/park-ticketing/us-east-1.yaml';
    const k = await applyChange(repo, {
      id: 'CHG-BEFORE',
      minute: 1,
      edits: { 'state/staff-scheduling/eu-central-1.yaml': setField('eu-central-1-shift-01', 'staff', 9) },
    });
    const a = await applyChange(repo, {
      id: 'CHG-A',
      minute: 5,
      edits: { [east]: setField('us-east-1-gate-01', 'capacity', 3000) },
    }); // load
    const b = await applyChange(repo, {
      id: 'CHG-B',
      minute: 6,
      edits: { [east]: setField('us-east-1-gate-01', 'lanes', 8) },
    }); // auto-scale
    const c = await applyChange(repo, {
      id: 'CHG-C',
      minute: 7,
      edits: { 'state/staff-scheduling/us-east-1.yaml': setField('us-east-1-shift-01', 'staff', 40) },
    }); // memory spike
    const series: SeriesSpec[] = [
      {
        metric: 'memory_utilization',
        service: 'park-ticketing',
        region: 'us-east-1',
        value: (m) => (m >= 8 ? 0.97 : 0.5),
      },
      {
        metric: 'http_error_rate',
        service: 'park-ticketing',
        region: 'us-east-1',
        value: (m) => (m >= 8.5 ? 0.1 : 0.001),
      },
    ];
    const d = await detect(csv(series));
    expect(d.anomalies.map((x) => x.metric).sort()).toEqual(['http_error_rate', 'memory_utilization']);
    const ranked = await rca(d.raw);
    expect(ranked.slice(0, 2).map((x) => x.change)).toEqual(['CHG-B', 'CHG-A']);
    // the cascade goes back as one change: everything after the last good entry, in reverse order
    const r = await rollback('--to', String(k));
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { reverts: number[] }).reverts).toEqual([a, b, c]);
    const { lines } = await readLedgerLines(repo.dir, repo.layout);
    expect(canonicalStateJson({ resources: (await stateOf(repo.dir)).resources, switches: {} })).toBe(
      canonicalStateJson(stateAfter(lines, k + 1).state),
    );
  });

  it('4. a slow rollback of 400 changes stays within the 2-minute budget and loses nothing', async () => {
    repo = await makeRepo({ segmentSize: 50, snapshotEvery: 25 });
    const k = await applyChange(repo, {
      id: 'CHG-0',
      minute: 1,
      edits: { 'state/parade-schedule/us-east-1.yaml': setField('us-east-1-float-01', 'start', '15:30') },
    });
    const { openLedger } = await import('../../src/store/ledger-store.js');
    const ledger = await openLedger(repo.dir, repo.layout);
    // 400 recorded changes over every ticketing resource, appended directly (then state/ is brought in line)
    // a copy to edit: a built state is frozen (src/state/build.ts)
    let state = structuredClone(await stateOf(repo.dir));
    const drafts = [];
    for (let i = 0; i < 400; i++) {
      const region = EXAMPLE_REGIONS[i % 3]!;
      const key = `park-ticketing/${region}-gate-${String((i % 20) + 1).padStart(2, '0')}`;
      const cur = (state.resources[key]!.spec as { capacity: number }).capacity;
      const op = { op: 'update' as const, key, path: '/spec/capacity', before: cur, after: cur + 1 };
      (state.resources[key]!.spec as { capacity: number }).capacity = cur + 1;
      drafts.push({
        ts: at(2),
        type: 'change.applied' as const,
        actor: 'ops-agent',
        level: 3 as const,
        subject: { change: `CHG-S${i}` },
        body: { ops: [op] },
      });
    }
    await ledger.append(drafts);
    for (const region of EXAMPLE_REGIONS) {
      let text = read(repo.dir, `state/park-ticketing/${region}.yaml`);
      for (let g = 1; g <= 20; g++) {
        const id = `${region}-gate-${String(g).padStart(2, '0')}`;
        text = setField(
          id,
          'capacity',
          (state.resources[`park-ticketing/${id}`]!.spec as { capacity: number }).capacity,
        )(text);
      }
      write(repo.dir, `state/park-ticketing/${region}.yaml`, text);
    }
    state = await stateOf(repo.dir);
    const started = Date.now();
    const r = await rollback('--to', String(k));
    const elapsed = Date.now() - started;
    expect(r.code, r.stderr).toBe(0);
    expect(elapsed).toBeLessThan(120_000); // seed 000 Part 4: MTTR budget of 2 minutes
    const out = JSON.parse(r.stdout) as { reverts: number[]; ops: unknown[] };
    expect(out.reverts).toHaveLength(400);
    expect(out.ops).toHaveLength(60); // every ticketing gate once: net effect, nothing dropped
    const { lines } = await readLedgerLines(repo.dir, repo.layout);
    expect(canonicalStateJson({ resources: (await stateOf(repo.dir)).resources, switches: {} })).toBe(
      canonicalStateJson(stateAfter(lines, k + 1).state),
    );
    expect(lines.length).toBeGreaterThan(400); // the rollback writes a change, not the ledger
  });

  it('5. a corrupted ledger entry is detected, and recovered from a snapshot and the checkpoint', async () => {
    repo = await makeRepo({ segmentSize: 10, snapshotEvery: 5 });
    const dir = repo.dir;
    const git = (...args: string[]): string =>
      execFileSync('git', args, {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@e',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@e',
          GIT_CONFIG_GLOBAL: '/dev/null',
        },
      });
    let last = 0;
    for (let i = 1; i <= 12; i++)
      last = await applyChange(repo, {
        id: `CHG-${i}`,
        minute: i,
        edits: {
          'state/park-ticketing/us-east-1.yaml': setField(
            `us-east-1-gate-${String(i).padStart(2, '0')}`,
            'capacity',
            600 + i,
          ),
        },
      });
    const { openLedger } = await import('../../src/store/ledger-store.js');
    await (await openLedger(dir, repo.layout)).writeCheckpoint(repo.checkpointKey);
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'ledger with checkpoint');
    expect((await cli(['verify', '--repo', dir])).code).toBe(0);

    // corrupt entry 3's prev hash (seed 000: "Corrupt Event #100's hash")
    const seg = join(dir, 'ledger/events/000000000000.jsonl');
    const good = readFileSync(seg, 'utf8');
    const lines = good.split('\n');
    lines[3] = lines[3]!.replace(/"prev":"sha256:[0-9a-f]{8}/, '"prev":"sha256:deadbeef');
    writeFileSync(seg, lines.join('\n'));
    const v = await cli(['verify', '--repo', dir, '--json']);
    expect(v.code).toBe(1);
    const findings = (JSON.parse(v.stdout) as { findings: { seq?: number; check: string }[] }).findings;
    expect(findings.some((f) => f.seq === 3)).toBe(true);
    const mon = await cli(['monitor', '--repo', dir, '--now', at(20), '--json']);
    expect(mon.code).toBe(1);
    expect(
      (JSON.parse(mon.stdout) as { alerts: { rule: string; severity: string }[] }).alerts.find(
        (a) => a.rule === 'ledger-verify',
      ),
    ).toMatchObject({ severity: 'critical' });

    // the state is still recovered from the snapshot after the damage: a rollback of the last entry works
    const rb = await cli([
      'rollback',
      '--repo',
      dir,
      '--now',
      at(30),
      '--event',
      String(last),
      '--proposer',
      'alice',
      '--json',
    ]);
    expect(rb.code, rb.stderr).toBe(0);
    git('checkout', '-q', '--', 'state');
    execFileSync('rm', ['-rf', join(dir, 'changes')]);

    // restore the damaged segment from the committed copy: the checkpoint's Merkle root proves it is the original
    git('checkout', '-q', '--', 'ledger/events/000000000000.jsonl');
    expect(readFileSync(seg, 'utf8')).toBe(good);
    const ok = await cli(['verify', '--repo', dir, '--json']);
    expect(ok.code, ok.stdout).toBe(0);
    expect((JSON.parse(ok.stdout) as { checkpoints: number; snapshots: number }).checkpoints).toBeGreaterThan(
      0,
    );
  });
});
