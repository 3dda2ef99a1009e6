/**
 * The demo's story, one function per step (DESIGN §5 `demo`): the worked example in a fresh repository, a
 * level-2 batch by the operations agent approved by two roles, a level-3 change that causes an error spike,
 * detection, root-cause ranking, rollback through the gate, the incident record, an emergency override under
 * its three-role quorum, and finally `verify` and `report`. Every step checks its own outcome and throws
 * DemoFailure when the tool did not do what it should.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { AnomalyWindow } from '../detect/detect.js';
import type { Decision } from '../gate/evaluate.js';
import { renderText } from '../gate/render/index.js';
import type { Candidate } from '../rca/rank.js';
import type { ResultNode } from '../result/node.js';
import type { Op } from '../state/types.js';
import { DemoFailure, type DemoDriver } from './driver.js';
import { setSpecField, type SpecEdit } from './edit-state.js';
import { spikeCsv } from './metrics.js';

/** What the steps found, for the closing summary and for tests. */
export interface DemoFacts {
  /** Ledger size after each record, in order. */
  ledgerSizes: number[];
  batch?: { change: string; seq: number; decision: Decision };
  levelThree?: { change: string; seq: number };
  metricsFile?: string;
  anomaly?: AnomalyWindow;
  rcaFirst?: Candidate;
  incident?: string;
  rollback?: { change: string; seq: number; decision: Decision };
  overrideId?: string;
  overrideDenied?: Decision;
  overridden?: { change: string; seq: number; decision: Decision };
  verifyOk?: boolean;
  reportIndex?: string;
}

export interface DemoOptions {
  color: boolean;
  reportDir: string;
  keyFile: (actor: string) => string;
}

export interface DemoStep {
  title: string;
  run(d: DemoDriver, facts: DemoFacts, o: DemoOptions): Promise<void>;
}

const BATCH = 'CHG-0001';
const LEVEL3 = 'CHG-0002';
const BIG = 'CHG-0003';
const round = (x: number): number => Math.round(x * 10_000) / 10_000;

function writeManifest(d: DemoDriver, manifest: Record<string, unknown>): string {
  const file = join(d.dir, 'changes', String(manifest.id), 'change.yaml');
  mkdirSync(join(d.dir, 'changes', String(manifest.id)), { recursive: true });
  writeFileSync(file, stringify(manifest, { lineWidth: 0 }));
  return file;
}

function lastSeq(
  facts: DemoFacts,
  entries: { seq: number; type: string }[],
  type: string,
  what: string,
): number {
  const e = entries.find((x) => x.type === type);
  if (!e) throw new DemoFailure(`record wrote no ${type} entry for ${what}`);
  const last = entries[entries.length - 1];
  if (last) facts.ledgerSizes.push(last.seq + 1);
  return e.seq;
}

function find(node: ResultNode, id: string): ResultNode | undefined {
  if (node.id === id) return node;
  for (const c of node.children) {
    const f = find(c, id);
    if (f) return f;
  }
  return undefined;
}

const tree = (decision: Decision, color: boolean): string[] =>
  renderText(decision, { color, depth: 1 })
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`);

/** The agent's batch: open four us-east-1 gates. */
const batchEdits: SpecEdit[] = [1, 2, 3, 4].map((n) => ({
  service: 'park-ticketing',
  region: 'us-east-1',
  id: `us-east-1-gate-0${n}`,
  field: 'open',
  value: true,
}));

export const STEPS: DemoStep[] = [
  {
    title: 'start: the worked example in a fresh git repository',
    async run(d) {
      d.git(['init', '-q', '-b', 'main'], 0);
      const run = await d.gatehouse(['init', '.', '--example', 'park', '--json'], 0);
      const r = JSON.parse(run.stdout) as { written: string[]; ledgerSize: number };
      d.commit(['.'], 'Adopt Gatehouse: the park example, genesis entry and first checkpoint', 0);
      d.print(
        `    ${r.written.length} files: 7 actors, 3 services × 3 regions (180 resources), genesis at seq 0`,
      );
    },
  },
  {
    title: 'an agent (ops-agent) proposes a level-2 batch',
    async run(d, _f, o) {
      d.branch('pr-1', 10);
      for (const e of batchEdits) setSpecField(d.dir, e);
      const manifest = writeManifest(d, {
        id: BATCH,
        kind: 'change',
        title: 'Open four us-east-1 gates',
        proposer: 'ops-agent',
        level: 2,
        proposed_at: d.iso(10),
        justification: 'Morning opening checklist from the crowd forecast',
      });
      await d.gatehouse(['sign', manifest, '--ssh-key', o.keyFile('ops-agent')], 10);
      d.commit(['state', 'changes'], `${BATCH}: Open four us-east-1 gates`, 10);
      d.print(
        `    ${BATCH}: 4 ops on park-ticketing/us-east-1 (open: false → true), manifest signed by ops-agent`,
      );
    },
  },
  {
    title: 'two approvers of different roles sign the batch digest',
    async run(d, _f, o) {
      let minute = 11;
      for (const [actor, role] of [
        ['alice', 'operator'],
        ['bob', 'sre'],
      ] as const) {
        const args = ['approve', BATCH, '--base', 'main', '--ssh-key', o.keyFile(actor), '--actor', actor];
        await d.gatehouse([...args, '--role', role], minute++);
      }
      d.commit(['changes'], `${BATCH}: approvals`, 13);
      d.print(
        '    changes/CHG-0001/approvals/alice.yaml (operator), bob.yaml (sre): bound to the change digest',
      );
    },
  },
  {
    title: '`check` allows the batch',
    async run(d, facts, o) {
      const decision = await d.check('main', 'pr-1', 14, true);
      for (const l of tree(decision, o.color)) d.print(l);
      facts.batch = { change: BATCH, seq: -1, decision };
    },
  },
  {
    title: 'merge, then `record` appends the ledger',
    async run(d, facts) {
      const r = await d.mergeAndRecord('pr-1', 1, 'Open four us-east-1 gates', 14);
      const seq = lastSeq(facts, r.entries, 'change.applied', BATCH);
      if (facts.batch) facts.batch.seq = seq;
      d.print(`    appended ${r.entries.map((e) => `seq ${e.seq} ${e.type}`).join(', ')}; checkpoint signed`);
    },
  },
  {
    title: 'a level-3 change: the agent acts alone, no approval needed',
    async run(d, facts, o) {
      d.branch('pr-2', 30);
      setSpecField(d.dir, {
        service: 'park-ticketing',
        region: 'us-west-2',
        id: 'us-west-2-gate-05',
        field: 'capacity',
        value: 1200,
      });
      const manifest = writeManifest(d, {
        id: LEVEL3,
        kind: 'change',
        title: 'Raise us-west-2 gate-05 capacity for the lunch peak',
        proposer: 'ops-agent',
        level: 3,
        proposed_at: d.iso(30),
        justification: 'Queue at gate-05 above target',
      });
      await d.gatehouse(['sign', manifest, '--ssh-key', o.keyFile('ops-agent')], 30);
      d.commit(['state', 'changes'], `${LEVEL3}: Raise us-west-2 gate-05 capacity`, 30);
      const decision = await d.check('main', 'pr-2', 31, true);
      d.print(`    ${decision.root.reason}`);
      const r = await d.mergeAndRecord('pr-2', 2, 'Raise us-west-2 gate-05 capacity', 31);
      const seq = lastSeq(facts, r.entries, 'change.applied', LEVEL3);
      facts.levelThree = { change: LEVEL3, seq };
      d.print(`    recorded at seq ${seq}`);
    },
  },
  {
    title: 'a metrics spike on park-ticketing/us-west-2',
    async run(d, facts) {
      const file = join(d.dir, 'observability', 'http_error_rate.csv');
      mkdirSync(join(d.dir, 'observability'), { recursive: true });
      const series = ['us-east-1', 'us-west-2', 'eu-central-1'].map((region) => ({
        service: 'park-ticketing',
        region,
      }));
      writeFileSync(
        file,
        spikeCsv({
          metric: 'http_error_rate',
          fromMs: d.at(20),
          toMs: d.at(60),
          stepMs: 30_000,
          baseline: 0.01,
          series,
          spike: {
            service: 'park-ticketing',
            region: 'us-west-2',
            fromMs: d.at(34),
            toMs: d.at(44),
            value: 0.18,
          },
        }),
      );
      facts.metricsFile = file;
      d.print(`    wrote ${d.rel(file)}: error rate 1 % → 18 % from ${d.iso(34)} to ${d.iso(44)}`);
    },
  },
  {
    title: '`incident detect` confirms the anomaly',
    async run(d, facts) {
      const file = facts.metricsFile!;
      const run = await d.gatehouse(['incident', 'detect', '--metrics', file, '--json'], 45, 1);
      const report = JSON.parse(run.stdout) as { anomalies: AnomalyWindow[] };
      const a = report.anomalies[0];
      if (report.anomalies.length !== 1 || !a || a.labels.region !== 'us-west-2')
        throw new DemoFailure(`expected one anomaly on us-west-2, found ${report.anomalies.length}`);
      facts.anomaly = a;
      writeFileSync(join(d.dir, 'observability', 'anomaly.json'), run.stdout);
      d.print(
        `    ${a.metric} ${a.labels.service}/${a.labels.region}: started ${a.start}, confirmed ${a.confirmed_at}, peak ${a.peak.value}`,
      );
    },
  },
  {
    title: '`incident rca` names the level-3 change first',
    async run(d, facts) {
      const run = await d.gatehouse(
        ['incident', 'rca', '--anomaly-json', join(d.dir, 'observability', 'anomaly.json'), '--json'],
        46,
      );
      const result = JSON.parse(run.stdout) as { candidates: Candidate[] };
      const first = result.candidates[0];
      facts.rcaFirst = first;
      if (!first || first.seq !== facts.levelThree?.seq)
        throw new DemoFailure(
          `rca ranked seq ${first?.seq ?? 'nothing'} first, expected the level-3 change at seq ${facts.levelThree?.seq}`,
        );
      result.candidates
        .slice(0, 2)
        .forEach((c, i) =>
          d.print(
            `    ${i + 1}. seq ${c.seq} ${c.change ?? c.type} by ${c.actor} (level ${c.level}): score ${c.score}`,
          ),
        );
    },
  },
  {
    title: '`rollback` writes the inverse change; check and record it',
    async run(d, facts) {
      const a = facts.anomaly!;
      const culprit = facts.levelThree!.seq;
      // The incident commander opens the record now; it is committed once resolved (records are immutable on main).
      const opened = await d.gatehouse(
        [
          'incident',
          'new',
          '--type',
          'error-rate spike',
          '--severity',
          'high',
          '--operator',
          'alice',
          '--started-at',
          a.start,
          '--detected-at',
          a.confirmed_at,
          '--services',
          'park-ticketing',
          '--regions',
          'us-west-2',
          '--culprit',
          String(culprit),
          '--json',
          '--description',
          `http_error_rate on park-ticketing/us-west-2 rose to ${a.peak.value} (baseline ${round(a.baseline)}).`,
        ],
        47,
      );
      const incident = (JSON.parse(opened.stdout) as { id: string }).id;
      facts.incident = incident;
      d.branch('pr-3', 48);
      const rb = await d.gatehouse(
        ['rollback', '--event', String(culprit), '--incident', incident, '--json'],
        48,
      );
      const plan = JSON.parse(rb.stdout) as { id: string; ops: Op[]; files: string[] };
      d.commit(['state', 'changes'], `${plan.id}: roll back ${LEVEL3}`, 48);
      const decision = await d.check('main', 'pr-3', 49, true);
      const ops = plan.ops.map(
        (op) => `${op.key}${op.path} ${JSON.stringify(op.before)} → ${JSON.stringify(op.after)}`,
      );
      d.print(`    ${plan.id}: ${ops.join('; ')}; ${decision.root.reason}`);
      const r = await d.mergeAndRecord('pr-3', 3, `Roll back ${LEVEL3}`, 49);
      const seq = lastSeq(facts, r.entries, 'rollback.applied', plan.id);
      facts.rollback = { change: plan.id, seq, decision };
      d.print(`    recorded at seq ${seq}`);
    },
  },
  {
    title: 'the incident record: resolve and merge it',
    async run(d, facts) {
      const id = facts.incident!;
      d.branch('pr-4', 55);
      await d.gatehouse(
        [
          'incident',
          'resolve',
          id,
          '--cause',
          `${LEVEL3} (seq ${facts.levelThree!.seq}) raised gate-05 capacity past what its scanners handle.`,
          '--impact',
          'Ticket scans failed for about 10 minutes at us-west-2 gate-05.',
          '--response',
          'Detected by incident detect; incident rca ranked the change first.',
          '--resolution',
          `Rolled back by ${facts.rollback!.change} (seq ${facts.rollback!.seq}).`,
          '--prevention',
          'Cap level-3 capacity changes at 20 % per step.',
        ],
        55,
      );
      d.commit(['incidents'], `${id}: incident record`, 55);
      const decision = await d.check('main', 'pr-4', 56, true);
      d.print(`    ${decision.root.reason}`);
      await d.mergeAndRecord('pr-4', 4, `${id}: incident record`, 56);
    },
  },
  {
    title: 'an emergency override with its quorum (ethics, security, charter)',
    async run(d, facts, o) {
      d.branch('pr-5', 70);
      for (let n = 1; n <= 10; n++)
        setSpecField(d.dir, {
          service: 'park-ticketing',
          region: 'eu-central-1',
          id: `eu-central-1-gate-${String(n).padStart(2, '0')}`,
          field: 'open',
          value: true,
        });
      const manifest = writeManifest(d, {
        id: BIG,
        kind: 'change',
        title: 'Open ten eu-central-1 gates to clear the plaza',
        proposer: 'ops-agent',
        level: 2,
        proposed_at: d.iso(70),
        justification: 'Fire alarm: the plaza must empty through every gate',
      });
      await d.gatehouse(['sign', manifest, '--ssh-key', o.keyFile('ops-agent')], 70);
      d.commit(['state', 'changes'], `${BIG}: Open ten eu-central-1 gates`, 70);
      let minute = 71;
      for (const [actor, role] of [
        ['alice', 'operator'],
        ['bob', 'sre'],
      ] as const)
        await d.gatehouse(
          ['approve', BIG, '--base', 'main', '--ssh-key', o.keyFile(actor), '--actor', actor, '--role', role],
          minute++,
        );
      d.commit(['changes'], `${BIG}: approvals`, 73);
      const denied = await d.check('main', 'pr-5', 73, false);
      facts.overrideDenied = denied;
      const br = find(denied.root, 'blast-radius');
      if (br?.status !== 'fail')
        throw new DemoFailure(`expected blast-radius to deny ${BIG}, found ${br?.status}`);
      d.print(`    denied: ${br.reason}`);

      d.branch('override-1', 74);
      const req = await d.gatehouse(
        [
          'override',
          'new',
          '--change',
          BIG,
          '--checks',
          'blast-radius',
          '--impact',
          'medium',
          '--reason',
          'Fire alarm: evacuate the plaza',
          '--expires',
          '2h',
          '--requested-by',
          'alice',
          '--json',
        ],
        74,
      );
      const id = (JSON.parse(req.stdout) as { id: string }).id;
      facts.overrideId = id;
      minute = 75;
      for (const [actor, role] of [
        ['carol', 'ethics'],
        ['dave', 'security'],
        ['bob', 'charter'],
      ] as const)
        await d.gatehouse(
          ['override', 'sign', id, '--ssh-key', o.keyFile(actor), '--actor', actor, '--role', role],
          minute++,
        );
      const status = await d.gatehouse(['override', 'status', id, '--json'], 77);
      const view = (JSON.parse(status.stdout) as { overrides: { status: string }[] }).overrides[0];
      if (view?.status !== 'active')
        throw new DemoFailure(`override ${id} is ${view?.status}, expected active`);
      d.print(`    ${id}: active (3/3 signatures: carol ethics, dave security, bob charter)`);
      d.commit(['overrides'], `${id}: emergency override for ${BIG}`, 77);
      await d.check('main', 'override-1', 78, true);
      await d.mergeAndRecord('override-1', 5, `${id}: emergency override`, 78);
    },
  },
  {
    title: '`check` allows the change under the override; merge and record',
    async run(d, facts) {
      // Update the pull request's branch: the digest is unchanged, so its approvals still count.
      d.git(['checkout', '-q', 'pr-5'], 80);
      d.git(['merge', '-q', '--no-ff', 'main', '-m', "Merge branch 'main' into pr-5"], 80);
      d.print('  $ git merge main        # update pr-5: same digest, the approvals still count');
      const allowed = await d.check('main', 'pr-5', 80, true);
      const bn = find(allowed.root, 'blast-radius');
      d.print(`    ${allowed.root.reason}${bn ? `; ${bn.reason}` : ''}`);
      const r = await d.mergeAndRecord('pr-5', 6, 'Open ten eu-central-1 gates', 81);
      const seq = lastSeq(facts, r.entries, 'change.applied', BIG);
      facts.overridden = { change: BIG, seq, decision: allowed };
      d.print(`    recorded at seq ${seq}`);
    },
  },
  {
    title: '`verify`: chain, Merkle root, checkpoints, snapshots, drift, git history',
    async run(d, facts) {
      d.git(['checkout', '-q', 'main'], 90);
      const run = await d.gatehouse(['verify', '--history', '--json'], 90);
      const v = JSON.parse(run.stdout) as {
        ok: boolean;
        entries: number;
        checkpoints: number;
        root: { hex: string };
      };
      facts.verifyOk = v.ok;
      d.print(
        `    ok: ${v.entries} entries, ${v.checkpoints} checkpoints verified, root ${v.root.hex.slice(0, 16)}…`,
      );
    },
  },
  {
    title: '`report`: the static HTML audit report',
    async run(d, facts, o) {
      const run = await d.gatehouse(['report', '--out', o.reportDir, '--json'], 91);
      const r = JSON.parse(run.stdout) as { index: string; entries: number; files: number };
      facts.reportIndex = r.index;
      d.print(`    ${r.entries} entries, ${r.files} files`);
    },
  },
];
