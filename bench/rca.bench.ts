/**
 * Root cause analysis and rollback on long ledgers (seed 000 Part 4: RCA < 10 s; DESIGN §7: rollback of any
 * entry independent of the ledger's length). Builds ledgers of 10,000 and 1,000,000 change.applied entries
 * (one per second, snapshots every 1,000, segments of 10,000) in temp repositories with matching state/, then
 *  - `incident rca` for an anomaly just after the last entry, 24 h horizon, against a peer in the same run: a
 *    full scan that parses every line of the ledger (what RCA without the backwards scan would cost), as a
 *    process of its own like the command;
 *  - `rollback --event` of the entry in the middle of each ledger, reporting time and segments read.
 * Every command runs on the shipped bundle dist/cli.js (GATEHOUSE_CLI to point at another build; run
 * `npm run build` first) as its own process, so the figures include start-up as a user sees it.
 * Usage: npx tsx bench/rca.bench.ts [LARGE_ENTRIES]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { jcs, sha256Tagged } from '../src/core/jcs.js';
import { makeEntry } from '../src/ledger/chain.js';
import type { LedgerEntry } from '../src/core/ledger-entry.js';
import { leafHashHex } from '../src/ledger/merkle.js';
import { LedgerView } from '../src/rollback/ledger-view.js';
import type { GovernedState, Op, Resource } from '../src/core/state-types.js';

const LARGE = Number(process.argv[2] ?? 1_000_000);
const SMALL = Math.min(10_000, LARGE);
const cli = resolve(process.env.GATEHOUSE_CLI ?? 'dist/cli.js');
if (!existsSync(cli)) throw new Error(`${cli} not found: run \`npm run build\` first`);
const SEGMENT = 10_000;
const SNAPSHOT = 1_000;
const SERVICES = ['park-ticketing', 'staff-scheduling', 'parade-schedule'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-central-1'];
const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

let seed = 0x2545f491;
function rand(n: number): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
}

function initialState(): GovernedState {
  const resources: Record<string, Resource> = {};
  for (const service of SERVICES)
    for (const region of REGIONS)
      for (let i = 0; i < 20; i++) {
        const id = `${region}-${String(i).padStart(2, '0')}`;
        resources[`${service}/${id}`] = { service, id, region, spec: { capacity: 500 } };
      }
  return { resources, switches: {} };
}

/** A change.applied line with keys already in JCS order (spot-checked against makeEntry). */
function changeLine(seq: number, prevLine: string, ts: string, op: Op): string {
  const entry = {
    actor: 'ops-agent',
    body: {
      manifest: { id: `CHG-${seq}`, kind: 'change', title: `capacity ${String(op.after)}` },
      ops: [{ after: op.after, before: op.before, key: op.key, op: op.op, path: op.path }],
    },
    level: 3,
    prev: `sha256:${leafHashHex(prevLine)}`,
    seq,
    subject: { change: `CHG-${seq}` },
    ts,
    type: 'change.applied',
    v: 1,
  };
  const line = JSON.stringify(entry);
  if (seq % 9973 === 1) {
    const { v: _v, prev: _p, seq: _s, ...draft } = entry;
    if (
      line !==
      makeEntry({ ...(draft as unknown as Omit<LedgerEntry, 'v' | 'prev' | 'seq'>), seq }, prevLine).line
    )
      throw new Error(`generator drifted at ${seq}`);
  }
  return line;
}

function buildRepo(n: number): { dir: string; lastTs: number } {
  const dir = mkdtempSync(join(tmpdir(), `gh-rca-${n}-`));
  mkdirSync(join(dir, 'ledger/events'), { recursive: true });
  mkdirSync(join(dir, 'ledger/snapshots'), { recursive: true });
  writeFileSync(
    join(dir, 'gatehouse.yaml'),
    `ledger:\n  origin: bench.example/ledger\n  segment_size: ${SEGMENT}\n  snapshot_every: ${SNAPSHOT}\n`,
  );
  const state = initialState();
  // The middle entry is the only one that touches `reserved`, so rolling it back never conflicts.
  const reserved = 'park-ticketing/us-east-1-19';
  const keys = Object.keys(state.resources).filter((k) => k !== reserved);
  const mid = middleOf(n);
  let seg: string[] = [];
  let prev = makeEntry({ seq: 0, ts: iso(T0), type: 'genesis', actor: 'alice', body: { state } }, null).line;
  seg.push(prev);
  let ts = T0;
  for (let seq = 1; seq < n; seq++) {
    ts += 1000;
    let line: string;
    if (seq % SNAPSHOT === 0) {
      const text = jcs(state);
      writeFileSync(join(dir, `ledger/snapshots/${seq}.json`), `${text}\n`);
      line = makeEntry(
        {
          seq,
          ts: iso(ts),
          type: 'snapshot',
          actor: 'gatehouse',
          body: { state: sha256Tagged(text), file: `ledger/snapshots/${seq}.json` },
        },
        prev,
      ).line;
    } else {
      const key = seq === mid ? reserved : keys[rand(keys.length)]!;
      const spec = state.resources[key]!.spec as { capacity: number };
      const after = 100 + rand(2000);
      const op: Op = {
        op: 'update',
        key,
        path: '/spec/capacity',
        before: spec.capacity,
        after: after === spec.capacity ? after + 1 : after,
      };
      spec.capacity = op.after as number;
      line = changeLine(seq, prev, iso(ts), op);
    }
    seg.push(line);
    prev = line;
    if (seg.length === SEGMENT) {
      writeFileSync(
        join(dir, `ledger/events/${String(seq - SEGMENT + 1).padStart(12, '0')}.jsonl`),
        `${seg.join('\n')}\n`,
      );
      seg = [];
    }
  }
  if (seg.length)
    writeFileSync(
      join(dir, `ledger/events/${String(n - seg.length).padStart(12, '0')}.jsonl`),
      `${seg.join('\n')}\n`,
    );
  for (const service of SERVICES)
    for (const region of REGIONS) {
      const resources = Object.values(state.resources)
        .filter((r) => r.service === service && r.region === region)
        .map((r) => ({ id: r.id, spec: r.spec }));
      mkdirSync(join(dir, `state/${service}`), { recursive: true });
      writeFileSync(
        join(dir, `state/${service}/${region}.yaml`),
        stringify({ service, region, resources }, { lineWidth: 0 }),
      );
    }
  return { dir, lastTs: ts };
}

function middleOf(n: number): number {
  const mid = Math.floor(n / 2);
  return mid % SNAPSHOT === 0 ? mid + 1 : mid;
}

/** One `gatehouse` process on the bundle; exit 0 or 1 is a run (1: findings), anything else fails the bench. */
function gatehouse(args: string[]): number {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`gatehouse ${args.join(' ')} failed (${String(r.status)}): ${r.stderr.slice(0, 500)}`);
  return r.status;
}

/** The peer's full scan, as a process of its own: parse every line, count the entries inside the window. */
const FULL_SCAN = `
const { readdirSync, readFileSync } = require('node:fs');
const [dir, horizon] = [process.argv[1], Number(process.argv[2])];
let kept = 0;
for (const name of readdirSync(dir).sort())
  for (const line of readFileSync(dir + '/' + name, 'utf8').split('\\n'))
    if (line && Date.parse(JSON.parse(line).ts) >= horizon) kept++;
process.stdout.write(String(kept));
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function measure(n: number): Promise<Record<string, number>> {
  const t0 = performance.now();
  const { dir, lastTs } = buildRepo(n);
  const buildSeconds = (performance.now() - t0) / 1000;
  try {
    const at = iso(lastTs + 30_000);
    const rcaTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = performance.now();
      gatehouse([
        'incident',
        'rca',
        '--repo',
        dir,
        '--at',
        at,
        '--service',
        'park-ticketing',
        '--region',
        'us-east-1',
        '--json',
      ]);
      rcaTimes.push((performance.now() - s) / 1000);
    }
    // Peer: parse every line of every segment, keep the entries inside the window (its own process too).
    const s = performance.now();
    const horizon = lastTs + 30_000 - 86_400_000;
    const scan = spawnSync(process.execPath, ['-e', FULL_SCAN, join(dir, 'ledger/events'), String(horizon)], {
      encoding: 'utf8',
    });
    if (scan.status !== 0) throw new Error(`full scan failed: ${scan.stderr}`);
    const kept = Number(scan.stdout);
    const fullScan = (performance.now() - s) / 1000;

    // Rollback of the entry in the middle (a change.applied one), three times, restoring the files between runs.
    const mid = middleOf(n);
    const stateFiles = SERVICES.flatMap((sv) => REGIONS.map((r) => `state/${sv}/${r}.yaml`));
    const saved = new Map(stateFiles.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    const rbTimes: number[] = [];
    let outcome = 0;
    for (let i = 0; i < 3; i++) {
      const st = performance.now();
      outcome = gatehouse([
        'rollback',
        '--repo',
        dir,
        '--event',
        String(mid),
        '--proposer',
        'alice',
        '--id',
        `RB-${i}`,
        '--now',
        iso(lastTs + 60_000),
      ]);
      rbTimes.push((performance.now() - st) / 1000);
      for (const [f, text] of saved) writeFileSync(join(dir, f), text);
      rmSync(join(dir, 'changes'), { recursive: true, force: true });
    }
    // Segments a rollback reads (same path as the command: head from the nearest snapshot, the entry itself).
    const view = new LedgerView(
      (await import('node:fs'))
        .readdirSync(join(dir, 'ledger/events'))
        .sort()
        .map((nm) => ({
          file: nm,
          firstSeq: Number(nm.slice(0, 12)),
          read: () => readFileSync(join(dir, 'ledger/events', nm), 'utf8'),
        })),
    );
    const { stateAfterSeq } = await import('../src/rollback/ledger-view.js');
    const snaps = new Map<number, () => string>();
    for (let q = SNAPSHOT; q < n; q += SNAPSHOT)
      snaps.set(q, () => readFileSync(join(dir, `ledger/snapshots/${q}.json`), 'utf8'));
    stateAfterSeq(view, view.size - 1, snaps);
    view.entry(mid);
    return {
      entries: n,
      build_seconds: Number(buildSeconds.toFixed(2)),
      rca_seconds: Number(median(rcaTimes).toFixed(3)),
      rca_full_scan_peer_seconds: Number(fullScan.toFixed(3)),
      rca_window_entries: kept,
      rollback_seconds: Number(median(rbTimes).toFixed(3)),
      rollback_segments_read: view.reads,
      rollback_exit: outcome,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const small = await measure(SMALL);
console.log(`${SMALL} entries:`, JSON.stringify(small));
const large = await measure(LARGE);
console.log(`${LARGE} entries:`, JSON.stringify(large));
const growth = large.rollback_seconds! / small.rollback_seconds!;
console.log(
  `rca on ${LARGE} entries: ${large.rca_seconds} s (target < 10 s; full-scan peer ${large.rca_full_scan_peer_seconds} s, ` +
    `${(large.rca_full_scan_peer_seconds! / large.rca_seconds!).toFixed(1)}× the RCA time); rollback of the middle entry: ` +
    `${small.rollback_seconds} s at ${SMALL}, ${large.rollback_seconds} s at ${LARGE} (${growth.toFixed(2)}×), ` +
    `${large.rollback_segments_read} segment reads`,
);
console.log(
  `BENCH ${JSON.stringify({
    name: 'rca',
    cli,
    load_average: loadavg().map((x) => Number(x.toFixed(2))),
    entries: LARGE,
    rca_seconds: large.rca_seconds,
    rca_full_scan_peer_seconds: large.rca_full_scan_peer_seconds,
    rca_vs_full_scan: Number((large.rca_full_scan_peer_seconds! / large.rca_seconds!).toFixed(2)),
    rca_window_entries: large.rca_window_entries,
    rollback_seconds_10k: small.rollback_seconds,
    rollback_seconds_large: large.rollback_seconds,
    rollback_growth: Number(growth.toFixed(2)),
    rollback_segments_read_10k: small.rollback_segments_read,
    rollback_segments_read_large: large.rollback_segments_read,
    meets_targets: large.rca_seconds! < 10 && growth < 3,
  })}`,
);
