/**
 * The operations day of the worked example, after its pull requests (scripts/example-history.ts): what the
 * product is for when something goes wrong, through Gatehouse's own commands with the example's fixed keys and
 * clock. In order:
 *   1. a level-3 parade change by the agent, interrupted by a supervisor inside its observation window
 *      (`interrupt` + `rollback.applied`);
 *   2. a level-3 capacity raise by the agent; an error-rate spike in `observability/` that `incident detect`
 *      confirms and `incident rca` pins on it; the incident record merged open (`incident.opened`); the
 *      rollback through the gate (`rollback.applied`); the resolution as a second record that `amends` the
 *      first (`incident.resolved`);
 *   3. silence overnight: `monitor --record` raises an alert (`alert.raised`), resolved once activity returns
 *      (`alert.resolved`);
 *   4. a twelve-gate change denied on blast radius, an emergency override signed by ethics, security and charter, the
 *      change recorded under it (`override.activated`), and its post-mortem (`override.reviewed`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnomalyWindow } from '../src/detect/detect.js';
import type { Candidate } from '../src/rca/rank.js';
import { main } from '../src/cli/main.js';
import { DemoDriver, DemoFailure } from '../src/demo/driver.js';
import { setSpecField } from '../src/demo/edit-state.js';
import { spikeCsv } from '../src/demo/metrics.js';
import { signOverride, writeManifest } from '../src/demo/steps-common.js';

export interface OperationsInput {
  repo: string;
  /** The example's time zero (ms); `startMinute` is when the operations day begins, after it. */
  startMs: number;
  startMinute: number;
  /** The last pull request number used so far. */
  lastPr: number;
  keyFile: (actor: string) => string;
  env: NodeJS.ProcessEnv;
  print: (line: string) => void;
}

/** The metrics file the example keeps (relative to the root), for `incident detect --metrics`. */
export const EXAMPLE_METRICS = 'observability/http_error_rate.csv';

export async function runOperations(o: OperationsInput): Promise<number> {
  const d = new DemoDriver({ dir: o.repo, startMs: o.startMs, env: o.env, print: o.print, run: main });
  let pr = o.lastPr;
  let m = o.startMinute;
  const signed = async (file: string, actor: string, at: number): Promise<void> => {
    await d.gatehouse(['sign', file, '--ssh-key', o.keyFile(actor)], at);
  };
  /** At level 3 no one else approves: the proposer signs the change digest as an approval of its own. */
  const binds = async (id: string, actor: string, at: number): Promise<void> => {
    await d.gatehouse(['approve', id, '--base', 'main', '--ssh-key', o.keyFile(actor)], at);
    d.commit(['changes'], `${id}: ${actor} binds the digest`, at);
  };
  const seqOf = (entries: { seq: number; type: string }[], type: string): number => {
    const e = entries.find((x) => x.type === type);
    if (!e) throw new DemoFailure(`record wrote no ${type} entry`);
    return e.seq;
  };
  /** A level-3 change by the agent: one edit, signed, checked, merged, recorded; returns its seq. */
  const agentChange = async (
    id: string,
    title: string,
    edit: Parameters<typeof setSpecField>[1],
    at: number,
  ): Promise<number> => {
    d.branch(`pr-${++pr}`, at);
    setSpecField(o.repo, edit);
    const file = writeManifest(d, {
      id,
      kind: 'change',
      title,
      proposer: 'ops-agent',
      level: 3,
      proposed_at: d.iso(at),
      justification: 'Forecast-driven adjustment',
    });
    await signed(file, 'ops-agent', at);
    d.commit(['state', 'changes'], `${id}: ${title}`, at);
    await binds(id, 'ops-agent', at);
    await d.check('main', `pr-${pr}`, at + 1, true);
    return seqOf((await d.mergeAndRecord(`pr-${pr}`, pr, title, at + 1)).entries, 'change.applied');
  };
  /** `rollback --event SEQ` by `actor`, signed, checked, merged, recorded; returns the entry types. */
  const rollback = async (seq: number, args: string[], actor: string, at: number): Promise<string[]> => {
    d.branch(`pr-${++pr}`, at);
    const rb = await d.gatehouse(['rollback', '--event', String(seq), ...args, '--json'], at);
    const plan = JSON.parse(rb.stdout) as { id: string; manifest: string };
    await signed(join(o.repo, 'changes', plan.id, 'change.yaml'), actor, at);
    d.commit(['state', 'changes'], `${plan.id}: roll back seq ${seq}`, at);
    await binds(plan.id, actor, at);
    await d.check('main', `pr-${pr}`, at + 1, true);
    const r = await d.mergeAndRecord(`pr-${pr}`, pr, `Roll back seq ${seq}`, at + 1);
    return r.entries.map((e) => e.type);
  };
  /** A pull request that adds only incident records: checked, merged, recorded. */
  const recordsPr = async (paths: string[], title: string, at: number): Promise<string[]> => {
    d.commit(paths, title, at);
    await d.check('main', `pr-${pr}`, at + 1, true);
    return (await d.mergeAndRecord(`pr-${pr}`, pr, title, at + 1)).entries.map((e) => e.type);
  };

  // 1. An interrupt: dave stops the agent's parade change ten minutes in (observation window 30m).
  const parade = await agentChange(
    'CHG-0052',
    'Move the us-east-1 float 15 to the late parade',
    {
      service: 'parade-schedule',
      region: 'us-east-1',
      id: 'us-east-1-float-15',
      field: 'start',
      value: '21:30',
    },
    m,
  );
  const interrupted = await rollback(parade, ['--proposer', 'dave', '--id', 'CHG-0053'], 'dave', (m += 10));
  if (interrupted[0] !== 'interrupt')
    throw new DemoFailure(`expected an interrupt, got ${interrupted.join(', ')}`);

  // 2. The incident: a capacity raise, a spike, detection, root cause, records, rollback.
  const culprit = await agentChange(
    'CHG-0054',
    'Raise us-west-2 gate 17 capacity for the festival',
    {
      service: 'park-ticketing',
      region: 'us-west-2',
      id: 'us-west-2-gate-17',
      field: 'capacity',
      value: 1500,
    },
    (m += 20),
  );
  const metrics = join(o.repo, EXAMPLE_METRICS);
  mkdirSync(join(o.repo, 'observability'), { recursive: true });
  writeFileSync(
    metrics,
    spikeCsv({
      metric: 'http_error_rate',
      fromMs: d.at(m - 20),
      toMs: d.at(m + 25),
      stepMs: 30_000,
      baseline: 0.01,
      series: ['us-east-1', 'us-west-2', 'eu-central-1'].map((region) => ({
        service: 'park-ticketing',
        region,
      })),
      spike: {
        service: 'park-ticketing',
        region: 'us-west-2',
        fromMs: d.at(m + 4),
        toMs: d.at(m + 14),
        value: 0.2,
      },
    }),
  );
  const detected = await d.gatehouse(['incident', 'detect', '--metrics', metrics, '--json'], m + 15, 1);
  const anomaly = (JSON.parse(detected.stdout) as { anomalies: AnomalyWindow[] }).anomalies[0];
  if (!anomaly) throw new DemoFailure('incident detect found no anomaly in the example metrics');
  const anomalyFile = join(o.repo, 'observability', 'anomaly.json');
  writeFileSync(anomalyFile, detected.stdout);
  const rca = await d.gatehouse(['incident', 'rca', '--anomaly-json', anomalyFile, '--json'], m + 16);
  const first = (JSON.parse(rca.stdout) as { candidates: Candidate[] }).candidates[0];
  if (first?.seq !== culprit)
    throw new DemoFailure(`rca ranked seq ${first?.seq} first, expected ${culprit}`);

  d.branch(`pr-${++pr}`, m + 17);
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
      anomaly.start,
      '--detected-at',
      anomaly.confirmed_at,
      '--services',
      'park-ticketing',
      '--regions',
      'us-west-2',
      '--culprit',
      String(culprit),
      '--description',
      `http_error_rate on park-ticketing/us-west-2 rose to ${anomaly.peak.value}.`,
      '--json',
    ],
    m + 17,
  );
  const incident = (JSON.parse(opened.stdout) as { id: string; file: string }).id;
  const openTypes = await recordsPr(['incidents'], `${incident}: incident opened`, m + 17);
  if (!openTypes.includes('incident.opened'))
    throw new DemoFailure(`no incident.opened: ${openTypes.join(', ')}`);

  const rolledBack = await rollback(
    culprit,
    ['--incident', incident, '--id', 'CHG-0055'],
    'alice',
    (m += 40),
  );
  if (!rolledBack.includes('rollback.applied'))
    throw new DemoFailure('the incident rollback was not recorded');

  // Records on main are immutable: the resolution is a new record that amends the first.
  d.branch(`pr-${++pr}`, (m += 10));
  // It inherits the incident's fields (type, severity, times, scope, culprit) from the record it amends.
  const amend = await d.gatehouse(
    ['incident', 'new', '--amends', incident, '--description', `Resolution of ${incident}.`, '--json'],
    m,
  );
  const amending = (JSON.parse(amend.stdout) as { id: string }).id;
  await d.gatehouse(
    [
      'incident',
      'resolve',
      amending,
      '--resolved-at',
      d.iso(m - 9),
      '--cause',
      `CHG-0054 (seq ${culprit}) raised gate 17 capacity past what its scanners handle.`,
      '--impact',
      'Ticket scans failed at us-west-2 gate 17 for about ten minutes.',
      '--response',
      '`incident detect` confirmed the spike; `incident rca` ranked CHG-0054 first.',
      '--resolution',
      'Rolled back by CHG-0055.',
      '--prevention',
      'Level-3 capacity raises step at most 20 % at a time.',
    ],
    m,
  );
  const resolvedTypes = await recordsPr(['incidents'], `${amending}: resolves ${incident}`, m);
  if (!resolvedTypes.includes('incident.resolved')) throw new DemoFailure('the incident was not resolved');

  // 3. Silence overnight (heartbeat 24h): the monitor raises an alert, and resolves it once activity returns.
  const quiet = m + 26 * 60;
  const raised = await d.gatehouse(['monitor', '--record', '--json'], quiet, 1);
  const raisedRules = (JSON.parse(raised.stdout) as { alerts: { rule: string }[] }).alerts.map((a) => a.rule);
  // The incident was resolved by its amending record: silence is the only alert.
  if (raisedRules.join() !== 'silence')
    throw new DemoFailure(`expected only silence, got ${raisedRules.join(', ')}`);
  d.commit(['ledger'], 'ledger: monitor alert', quiet);
  m = quiet + 30;

  // 4. The emergency override, its change, and its post-mortem.
  const big = 'CHG-0056';
  d.branch(`pr-${++pr}`, m);
  const bigPr = pr;
  for (let n = 1; n <= 12; n++)
    setSpecField(o.repo, {
      service: 'park-ticketing',
      region: 'eu-central-1',
      id: `eu-central-1-gate-${String(n).padStart(2, '0')}`,
      field: 'capacity',
      value: 250,
    });
  const bigFile = writeManifest(d, {
    id: big,
    kind: 'change',
    title: 'Cut twelve eu-central-1 gates to storm capacity',
    proposer: 'ops-agent',
    level: 2,
    proposed_at: d.iso(m),
    justification: 'Storm warning: slow the flow through every exposed gate at once',
  });
  await signed(bigFile, 'ops-agent', m);
  d.commit(['state', 'changes'], `${big}: Cut twelve eu-central-1 gates to storm capacity`, m);
  for (const [actor, role, at] of [
    ['alice', 'operator', m + 1],
    ['bob', 'sre', m + 2],
  ] as const)
    await d.gatehouse(
      ['approve', big, '--base', 'main', '--ssh-key', o.keyFile(actor), '--actor', actor, '--role', role],
      at,
    );
  d.commit(['changes'], `${big}: approvals`, m + 3);
  await d.check('main', `pr-${bigPr}`, m + 3, false);

  d.branch(`pr-${++pr}`, m + 4);
  const req = await d.gatehouse(
    [
      'override',
      'new',
      '--change',
      big,
      // The override binds the change's digest as it stands on its pull request's branch.
      '--base',
      'main',
      '--head',
      `pr-${bigPr}`,
      '--checks',
      'blast-radius',
      '--impact',
      'medium',
      '--reason',
      'Storm warning: twelve gates must change together',
      '--expires',
      '2h',
      '--requested-by',
      'alice',
      '--json',
    ],
    m + 4,
  );
  const ovr = (JSON.parse(req.stdout) as { id: string }).id;
  const at = await signOverride(d, ovr, o.keyFile, m + 5);
  // override status reads the committed tree, as the gate does.
  d.commit(['overrides'], `${ovr}: emergency override for ${big}`, at);
  const status = await d.gatehouse(['override', 'status', ovr, '--json'], at);
  if ((JSON.parse(status.stdout) as { overrides: { status: string }[] }).overrides[0]?.status !== 'active')
    throw new DemoFailure(`${ovr} is not active`);
  await d.check('main', `pr-${pr}`, at, true);
  await d.mergeAndRecord(`pr-${pr}`, pr, `${ovr}: emergency override`, at);

  // Activity is back: the silence alert resolves.
  const resolved = await d.gatehouse(['monitor', '--record', '--json'], at + 1, 0);
  const resolvedAlerts = (JSON.parse(resolved.stdout) as { recorded: { entries: { type: string }[] } })
    .recorded.entries;
  if (resolvedAlerts.map((e) => e.type).join() !== 'alert.resolved')
    throw new DemoFailure('the alert did not resolve');
  d.commit(['ledger'], 'ledger: monitor alert resolved', at + 1);

  d.git(['checkout', '-q', `pr-${bigPr}`], at + 2);
  d.git(['merge', '-q', '--no-ff', 'main', '-m', `Merge branch 'main' into pr-${bigPr}`], at + 2);
  await d.check('main', `pr-${bigPr}`, at + 3, true);
  const bigTypes = (
    await d.mergeAndRecord(`pr-${bigPr}`, bigPr, 'Cut twelve eu-central-1 gates to storm capacity', at + 3)
  ).entries;
  if (!bigTypes.some((e) => e.type === 'override.activated')) throw new DemoFailure('no override.activated');

  // The post-mortem: an incident record naming the override, resolved, merged.
  m = at + 60;
  d.branch(`pr-${++pr}`, m);
  const pmNew = await d.gatehouse(
    [
      'incident',
      'new',
      '--type',
      'emergency override post-mortem',
      '--severity',
      'medium',
      '--operator',
      'alice',
      '--started-at',
      d.iso(at - 10),
      '--detected-at',
      d.iso(at - 10),
      '--services',
      'park-ticketing',
      '--regions',
      'eu-central-1',
      '--description',
      `Post-mortem of ${ovr}: twelve gates cut to storm capacity at once.`,
      '--json',
    ],
    m,
  );
  const pm = (JSON.parse(pmNew.stdout) as { id: string }).id;
  await d.gatehouse(
    [
      'incident',
      'resolve',
      pm,
      '--resolved-at',
      d.iso(at + 3),
      '--cause',
      'A storm warning needed more gates changed at once than the blast radius allows.',
      '--impact',
      'Twelve eu-central-1 gates ran at storm capacity; queues grew, no guest was hurt.',
      '--response',
      `${ovr} signed by ethics, security and charter; ${big} recorded under it.`,
      '--resolution',
      'Capacity returns through ordinary changes after the storm.',
      '--prevention',
      'A storm playbook with a pre-approved capacity batch.',
    ],
    m,
  );
  await d.gatehouse(['override', 'postmortem', ovr, '--incident', pm], m);
  const pmTypes = await recordsPr(['incidents'], `${pm}: post-mortem of ${ovr}`, m);
  if (!pmTypes.includes('override.reviewed'))
    throw new DemoFailure(`no override.reviewed: ${pmTypes.join(', ')}`);
  d.git(['checkout', '-q', 'main'], m + 2);
  return pr;
}
