/**
 * Gate evaluation (DESIGN §7; seed 000 SLO "authority check < 1ms"): in-process evaluateGate of a 100-op
 * level-2 change with 50 actors and 20 quorum rules over a 3,000-resource state, with the state totals
 * the repository adapter computes while loading state (GateInputs.baseTotals). The peer is the
 * evaluation of a 1-op change on the same state, so the ratio shows what a batch costs; the run without
 * baseTotals shows the cost of the O(state) walk.
 * Usage: npx tsx bench/gate.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { stateTotals } from '../src/blast-radius/affected.js';
import { evaluateGate } from '../src/gate/evaluate.js';
import type { Actor, QuorumRule } from '../src/core/documents.js';
import type { ApprovalEvidence, GateInputs } from '../src/core/gate-inputs.js';
import type { GovernedState, Op, Resource } from '../src/core/state-types.js';

const NOW = new Date('2026-01-18T15:00:00Z');
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const ROLES = ['operator', 'sre', 'security', 'charter', 'ethics', 'supervisor'];
const SERVICES = ['park-ticketing', 'staff-scheduling', 'parade-schedule'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-central-1'];

const actors: Actor[] = Array.from({ length: 50 }, (_, i) => ({
  id: `actor-${i}`,
  kind: i % 10 === 9 ? 'agent' : 'human',
  roles: [ROLES[i % ROLES.length] as string, ROLES[(i + 2) % ROLES.length] as string],
  max_level: 3,
  keys: [],
}));

const rules: QuorumRule[] = Array.from({ length: 20 }, (_, i) => ({
  name: `rule-${i}`,
  when:
    i % 4 === 0
      ? { levels: [2] }
      : i % 4 === 1
        ? { services: [SERVICES[i % 3] as string] }
        : i % 4 === 2
          ? { paths: ['state/**'] }
          : { levels: [1, 2] },
  require:
    i % 3 === 0
      ? { count: 2, roles_all: [ROLES[i % 6] as string, ROLES[(i + 1) % 6] as string] }
      : { count: 2, roles_any: ROLES.slice(0, 3) },
}));

const resources: Record<string, Resource> = {};
for (const service of SERVICES)
  for (const region of REGIONS)
    for (let i = 0; i < 334; i++) {
      const id = `${region}-${i}`;
      resources[`${service}/${id}`] = { service, id, region, spec: { capacity: 500 } };
    }
const baseState: GovernedState = { resources, switches: {} };
const keys = Object.keys(resources).sort();

function opsOf(n: number): Op[] {
  return keys
    .slice(0, n)
    .map((key) => ({ op: 'update', key, path: '/spec/capacity', before: 500, after: 800 }));
}

const approvals: ApprovalEvidence[] = actors.slice(0, 12).map((a) => ({
  source: 'signed',
  file: `changes/CHG-1/approvals/${a.id}.yaml`,
  change: 'CHG-1',
  digest: DIGEST,
  actor: a.id,
  decision: 'approve',
  ts: '2026-01-18T14:30:00Z',
  signature: {
    ok: true,
    actor: a.id,
    fingerprint: `SHA256:${a.id}`,
    signedAt: '2026-01-18T14:30:00Z',
    keyType: 'ssh-ed25519',
  },
}));

const baseTotals = stateTotals(baseState);

function inputs(nOps: number, withTotals = true): GateInputs {
  return {
    ...(withTotals ? { baseTotals } : {}),
    now: NOW,
    policy: {
      actors: { actors },
      authority: {
        environment: 'production',
        levels: {
          '0': { enabled: true },
          '1': { enabled: true, approval_ttl: '1h' },
          '2': { enabled: true, approval_ttl: '2h', max_ops: 100 },
          '3': { enabled: true, max_concurrent: 10, observation_window: '30m' },
          '4': { enabled: false },
        },
        rules: [
          { match: { paths: ['policies/**'] }, max_level: 2 },
          { match: { services: ['park-ticketing'] }, max_level: 3 },
        ],
      },
      quorum: { rules },
      blastRadius: {
        limits: { percent: 0.05, service: 0.2, region: 0.2 },
        window: { duration: '1h', levels: [3, 4] },
      },
      killSwitches: { switches: [{ id: 'freeze', blocks: { services: ['parade-schedule'] } }] },
    },
    manifest: {
      file: 'changes/CHG-1/change.yaml',
      value: {
        id: 'CHG-1',
        kind: 'change',
        title: 'bench',
        proposer: 'actor-0',
        level: 2,
        proposed_at: '2026-01-18T14:00:00Z',
      },
      signature: {
        ok: true,
        actor: 'actor-0',
        fingerprint: 'SHA256:actor-0',
        signedAt: '2026-01-18T14:00:00Z',
        keyType: 'ssh-ed25519',
      },
    },
    ops: opsOf(nOps),
    baseState,
    changedPaths: [
      { path: 'state/park-ticketing/us-east-1.yaml', status: 'modified' },
      { path: 'changes/CHG-1/change.yaml', status: 'added' },
    ],
    governedPaths: {
      policies: 'policies',
      state: 'state',
      changes: 'changes',
      overrides: 'overrides',
      incidents: 'incidents',
      ledger: 'ledger',
    },
    digest: DIGEST,
    approvals,
    ledgerWindow: [],
    escalations: [],
    keyProblems: [],
  };
}

function measure(
  nOps: number,
  iterations: number,
  withTotals = true,
): { median: number; p99: number; allowed: boolean } {
  const inp = inputs(nOps, withTotals);
  let allowed = false;
  for (let i = 0; i < 200; i++) allowed = evaluateGate(inp).allowed; // warm-up
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    evaluateGate(inp);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] as number;
  return { median: at(0.5), p99: at(0.99), allowed };
}

const iterations = 3000;
const batch = measure(100, iterations);
const single = measure(1, iterations);
// the same change when the adapter does not pass baseTotals: the gate walks the whole state itself
const cold = measure(100, iterations, false);
const round = (x: number): number => Math.round(x * 1000) / 1000;
console.log(
  `gate, 100 ops, 50 actors, 20 rules, ${keys.length} resources: median ${round(batch.median)} ms, p99 ${round(batch.p99)} ms (allowed: ${batch.allowed})`,
);
console.log(
  `peer, 1 op, same policy and state:            median ${round(single.median)} ms, p99 ${round(single.p99)} ms`,
);
console.log(
  `without baseTotals (gate walks ${keys.length} resources): median ${round(cold.median)} ms, p99 ${round(cold.p99)} ms`,
);
console.log(
  `target median < 1 ms: ${batch.median < 1 ? 'met' : 'NOT met'}; batch/single ratio ${round(batch.median / single.median)}`,
);
console.log(
  `BENCH ${JSON.stringify({
    name: 'gate',
    ops: 100,
    actors: actors.length,
    rules: rules.length,
    resources: keys.length,
    iterations,
    median_ms: round(batch.median),
    p99_ms: round(batch.p99),
    peer_median_ms: round(single.median),
    ratio_vs_peer: round(batch.median / single.median),
    median_without_totals_ms: round(cold.median),
    target_median_ms: 1,
    met: batch.median < 1,
  })}`,
);
