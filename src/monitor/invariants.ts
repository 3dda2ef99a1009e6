/**
 * Continuous monitoring (seed 001 §3–5): invariants over the repository, each violation an alert with
 * severity, owner, response time and playbook steps from policies/incident.yaml, and a stable
 * fingerprint so one GitHub issue tracks one alert across runs. Silence — no checkpoint or ledger
 * activity within `monitor.heartbeat` — is itself an alert (seed 001: silence is a failure state).
 * Pure: facts gathered by the adapter in, alerts out.
 */
import { sha256Hex } from '../core/jcs.js';
import { formatDuration, parseDuration } from '../core/duration.js';
import type { IncidentPolicy, Severity } from '../core/documents.js';
import { mttrClockMs, mttrTargetMs } from '../incidents/times.js';
import type { OverrideView } from '../overrides/lifecycle.js';

export type MonitorRule =
  | 'ledger-verify'
  | 'ledger-count-decrease'
  | 'state-drift'
  | 'unrecorded-merge'
  | 'override-review-overdue'
  | 'incident-response-overdue'
  | 'silence';

export interface Alert {
  fingerprint: string;
  rule: MonitorRule;
  severity: Severity;
  owner: string;
  /** e.g. "15m" */
  response_time: string;
  title: string;
  body: string;
  playbook: string[];
}

export interface MonitorFacts {
  now: Date;
  /** Ledger verification outcome (drift findings excluded: they are `drift`). */
  verify: {
    ok: boolean;
    findings: { check: string; seq?: number; file: string; line?: number; message: string }[];
  };
  ledgerSize: number;
  /** The latest checkpoint's tree size, when there is a checkpoint. */
  checkpoint?: { size: number; file: string; at?: string };
  /** Resource keys where replayed state and state/ differ. */
  drift: string[];
  /** Default-branch commits that touched governed paths with no ledger entry naming them. */
  unrecordedMerges: { commit: string; subject: string; at: string; paths: string[] }[];
  overrides: OverrideView[];
  openIncidents: { id: string; file: string; severity: Severity; detected_at: string }[];
  /** Latest sign of life: the last ledger entry's ts, the last checkpoint's time. */
  lastActivity?: string;
}

/** seed 001 §4: critical 5 min, high 30 min, medium 2 h, low 24 h; alerts are owned by the operator. */
const RESPONSE: Record<Severity, string> = { critical: '5m', high: '30m', medium: '2h', low: '24h' };

const DEFAULTS: Record<MonitorRule, { severity: Severity; title: string; steps: string[] }> = {
  'ledger-verify': {
    severity: 'critical',
    title: 'ledger verification failed',
    steps: [
      'Run gatehouse verify and read each finding',
      'Block merges (activate a kill switch) until the ledger verifies',
      'Restore damaged segments from the last checkpoint and a snapshot, then re-verify',
    ],
  },
  'ledger-count-decrease': {
    severity: 'critical',
    title: 'ledger entry count decreased below the last checkpoint',
    steps: [
      'Block merges to the default branch',
      'Run gatehouse verify --history to find the commit that rewrote the ledger',
      'Restore the ledger from the last checkpoint and re-verify',
    ],
  },
  'state-drift': {
    severity: 'high',
    title: 'state/ differs from the replayed ledger',
    steps: [
      'Run gatehouse verify to list the drifted resources',
      'Open a change that restores state/ or records the change through the gate',
    ],
  },
  'unrecorded-merge': {
    severity: 'high',
    title: 'a merge changed governed files without a ledger entry',
    steps: [
      'Find who merged it and why the gate or record did not run',
      'Record it (gatehouse record) if it was allowed, or roll it back',
      'Check branch protection requires the gatehouse check',
    ],
  },
  'override-review-overdue': {
    severity: 'high',
    title: 'emergency override without its post-mortem',
    steps: [
      'Link the post-mortem incident record: gatehouse override postmortem ID --incident INC-… (a record already committed gets a new record amending it)',
      'Open a pull request with the record it wrote and merge it through the gate',
    ],
  },
  'incident-response-overdue': {
    severity: 'high',
    title: 'incident open past its response time',
    steps: [
      'Take ownership of the incident',
      'Resolve it: gatehouse incident resolve INC-… --cause … --impact … --response … --resolution … --prevention … (a committed record gets a new record amending it), or escalate',
      'Open a pull request with the record it wrote and merge it through the gate',
    ],
  },
  silence: {
    severity: 'high',
    title: 'no checkpoint or ledger activity within the heartbeat interval',
    steps: [
      'Check that the scheduled gatehouse workflow runs',
      'Check the checkpoint key secret and the record job',
      'Sign a checkpoint of the ledger head (gatehouse checkpoint sign --checkpoint-key FILE) and commit ledger/',
    ],
  },
};

function fingerprint(rule: MonitorRule, subject: string): string {
  return `${rule}:${sha256Hex(`${rule}\n${subject}`).slice(0, 16)}`;
}

export function makeAlert(
  policy: IncidentPolicy,
  rule: MonitorRule,
  subject: string,
  body: string,
  severityOverride?: Severity,
  titleDetail?: string,
): Alert {
  const d = DEFAULTS[rule];
  const pb = policy.playbooks?.[rule];
  const severity = severityOverride ?? pb?.severity ?? d.severity;
  const sev = policy.severities?.[severity];
  return {
    fingerprint: fingerprint(rule, subject),
    rule,
    severity,
    owner: pb?.owner ?? sev?.owner ?? 'operator',
    response_time: sev?.response_time ?? RESPONSE[severity],
    title: titleDetail ? `${d.title}: ${titleDetail}` : d.title,
    body,
    playbook: pb?.steps ?? d.steps,
  };
}

export function evaluateMonitor(facts: MonitorFacts, policy: IncidentPolicy): Alert[] {
  const alerts: Alert[] = [];
  const now = facts.now.getTime();
  if (!facts.verify.ok && facts.verify.findings.length > 0) {
    const subject = [...new Set(facts.verify.findings.map((f) => `${f.check}:${f.seq ?? ''}`))]
      .sort()
      .join(',');
    const lines = facts.verify.findings
      .slice(0, 20)
      .map(
        (f) =>
          `- ${f.file}${f.line !== undefined ? `:${f.line}` : ''}: ${f.seq !== undefined ? `seq ${f.seq}: ` : ''}${f.message}`,
      );
    alerts.push(
      makeAlert(
        policy,
        'ledger-verify',
        subject,
        `${facts.verify.findings.length} finding(s):\n${lines.join('\n')}`,
        undefined,
        `${facts.verify.findings.length} finding(s)`,
      ),
    );
  }
  if (facts.checkpoint && facts.ledgerSize < facts.checkpoint.size)
    alerts.push(
      makeAlert(
        policy,
        'ledger-count-decrease',
        String(facts.checkpoint.size),
        `The ledger holds ${facts.ledgerSize} entries; the checkpoint ${facts.checkpoint.file} commits to ${facts.checkpoint.size}.`,
        undefined,
        `${facts.ledgerSize} < ${facts.checkpoint.size}`,
      ),
    );
  if (facts.drift.length > 0)
    alerts.push(
      makeAlert(
        policy,
        'state-drift',
        [...facts.drift].sort().join(','),
        `Drifted resources:\n${facts.drift.map((k) => `- ${k}`).join('\n')}`,
        undefined,
        facts.drift.slice(0, 3).join(', ') + (facts.drift.length > 3 ? ', …' : ''),
      ),
    );
  for (const m of facts.unrecordedMerges)
    alerts.push(
      makeAlert(
        policy,
        'unrecorded-merge',
        m.commit,
        `Commit ${m.commit} (${m.at}) "${m.subject}" changed:\n${m.paths.map((p) => `- ${p}`).join('\n')}\nand no ledger entry names it.`,
        undefined,
        m.commit.slice(0, 12),
      ),
    );
  for (const o of facts.overrides)
    if (o.status === 'review_overdue')
      alerts.push(
        makeAlert(
          policy,
          'override-review-overdue',
          o.id,
          `${o.id} (${o.change}, bypassing ${o.checks.join(', ')}) had its post-mortem due by ${o.post_mortem_due}.`,
          undefined,
          o.id,
        ),
      );
  for (const i of facts.openIncidents) {
    const rt = policy.severities?.[i.severity]?.response_time ?? RESPONSE[i.severity];
    // src/incidents/times.ts: the MTTR clock runs from detection (seed 000 playbook, T=0)
    const clock = mttrClockMs({ started_at: i.detected_at, detected_at: i.detected_at }, facts.now);
    const overdue = clock - parseDuration(rt);
    if (overdue > 0)
      alerts.push(
        makeAlert(
          policy,
          'incident-response-overdue',
          i.id,
          `${i.file}: ${i.severity} incident detected ${i.detected_at} is still open, ${formatDuration(overdue)} past its ${rt} response time (MTTR so far ${formatDuration(clock)}, target ${formatDuration(mttrTargetMs(policy))}).`,
          i.severity,
          i.id,
        ),
      );
  }
  const heartbeat = parseDuration(policy.monitor?.heartbeat ?? '24h');
  const last = facts.lastActivity ? Date.parse(facts.lastActivity) : undefined;
  if (last === undefined || now - last > heartbeat)
    alerts.push(
      makeAlert(
        policy,
        'silence',
        'heartbeat',
        last === undefined
          ? 'The ledger shows no activity at all.'
          : `Last activity ${facts.lastActivity}, ${formatDuration(now - last)} ago; heartbeat interval ${formatDuration(heartbeat)}.`,
      ),
    );
  return alerts;
}

export function formatAlert(a: Alert): string {
  return [
    `[${a.severity}] ${a.title} (owner ${a.owner}, respond within ${a.response_time}; ${a.fingerprint})`,
    ...a.body.split('\n').map((l) => `    ${l}`),
    ...a.playbook.map((s, i) => `    ${i + 1}. ${s}`),
  ].join('\n');
}
