/**
 * The incident steps: a metrics spike after the level-3 change, detection, root-cause ranking, the rollback
 * through the gate, and the resolved incident record.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnomalyWindow } from '../detect/detect.js';
import type { Candidate } from '../rca/rank.js';
import type { Op } from '../core/state-types.js';
import { DemoFailure } from './driver.js';
import { spikeCsv } from './metrics.js';
import { LEVEL3, lastSeq, round, type DemoStep } from './steps-common.js';

export const INCIDENT_STEPS: DemoStep[] = [
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
    async run(d, facts, o) {
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
      // The incident commander proposes the rollback, so she signs its manifest (DESIGN §2.4).
      const manifest = join(d.dir, 'changes', plan.id, 'change.yaml');
      await d.gatehouse(['sign', manifest, '--ssh-key', o.keyFile('alice')], 48);
      d.commit(['state', 'changes'], `${plan.id}: roll back ${LEVEL3}`, 48);
      await d.gatehouse(['approve', plan.id, '--base', 'main', '--ssh-key', o.keyFile('alice')], 48);
      d.commit(['changes'], `${plan.id}: alice binds the digest`, 48);
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
];
