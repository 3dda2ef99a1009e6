/**
 * The scheduled side (schedule, workflow_dispatch): `verify` the ledger offline, `monitor` invariants and
 * keep one issue per alert fingerprint, and `report` the static audit report.
 */
import { syncAlerts } from '../github/alerts.js';
import type { ActionEvent } from '../github/event.js';
import { capWorkflowAnnotations } from '../github/limits.js';
import { code, escapeMd } from '../github/markdown.js';
import { conflict, usageError } from '../core/errors.js';
import type { ActionInputs } from './inputs.js';
import { readLayout } from './layout.js';
import { appendAndPush } from './ledger-push.js';
import type { ActionPorts, MonitorOutcome } from './ports.js';
import type { CommandResult } from './result.js';

export async function runVerify(inputs: ActionInputs, ports: ActionPorts): Promise<CommandResult> {
  const v = await ports.gate.verify({
    repoDir: inputs.workspace,
    now: inputs.now,
    history: inputs.verifyHistory,
  });
  const { shown, omitted } = capWorkflowAnnotations(v.annotations);
  for (const a of shown) ports.log.annotate(a);
  return {
    exitCode: v.ok ? 0 : 1,
    outputs: {
      decision: v.ok ? 'verified' : 'violation',
      ...(v.ledgerHead !== undefined ? { 'ledger-head': v.ledgerHead } : {}),
      ...(v.ledgerSize !== undefined ? { 'ledger-size': String(v.ledgerSize) } : {}),
    },
    summary: {
      command: 'verify',
      verdict: v.ok ? 'ok' : 'violation',
      headline: v.ok
        ? `The ledger verifies${v.ledgerSize !== undefined ? ` (${v.ledgerSize} entries)` : ''}.`
        : `Verification found ${v.annotations.length || 'a'} violation${v.annotations.length === 1 ? '' : 's'}.`,
      facts: v.ledgerHead !== undefined ? [{ label: 'Ledger head', value: v.ledgerHead, code: true }] : [],
      notes:
        omitted > 0
          ? [
              `${omitted} more finding${omitted === 1 ? '' : 's'} than GitHub shows as annotations: see Verification below.`,
            ]
          : [],
      sections: [{ heading: 'Verification', markdown: v.markdown }],
    },
  };
}

export async function runMonitor(
  event: ActionEvent,
  inputs: ActionInputs,
  ports: ActionPorts,
): Promise<CommandResult> {
  const { m, ledgerNote } = await monitorAndRecord(event, inputs, ports);
  const sync = await syncAlerts(ports.github, event.repo, m.alerts);
  const rows = [
    ...sync.created.map((x) => ({ ...x, what: 'opened' })),
    ...sync.updated.map((x) => ({ ...x, what: 'updated' })),
    ...sync.unchanged.map((x) => ({ ...x, what: 'unchanged' })),
    ...sync.closed.map((x) => ({ ...x, what: 'closed (resolved)' })),
  ];
  const table =
    rows.length === 0
      ? 'No alerts.'
      : [
          '| Alert | Issue | |',
          '|---|---|---|',
          ...rows.map((r) => `| ${code(r.fingerprint)} | #${r.issue} | ${escapeMd(r.what)} |`),
        ].join('\n');
  const firing = m.alerts.length;
  return {
    exitCode: firing === 0 && m.ok ? 0 : 1,
    outputs: { decision: firing === 0 && m.ok ? 'ok' : 'alerts' },
    summary: {
      command: 'monitor',
      verdict: firing === 0 && m.ok ? 'ok' : 'violation',
      headline: firing === 0 ? 'No alerts fire.' : `${firing} alert${firing === 1 ? '' : 's'} firing.`,
      facts: [],
      notes: ledgerNote ? [ledgerNote] : [],
      sections: [
        { heading: 'Alert issues', markdown: table },
        ...(m.markdown ? [{ heading: 'Monitor', markdown: m.markdown }] : []),
      ],
    },
  };
}

export async function runReport(inputs: ActionInputs, ports: ActionPorts): Promise<CommandResult> {
  const r = await ports.gate.report({ repoDir: inputs.workspace, now: inputs.now, outDir: inputs.reportDir });
  return {
    // The report is written either way; a ledger that does not verify makes the step fail (as `report` exits 1).
    exitCode: r.chainOk ? 0 : 1,
    outputs: { decision: r.chainOk ? 'reported' : 'violation', 'report-path': r.path },
    summary: {
      command: 'report',
      verdict: r.chainOk ? 'ok' : 'violation',
      headline: r.chainOk
        ? `Wrote the audit report to ${r.path} (${r.entries} ledger entries).`
        : `Wrote the audit report to ${r.path}, but the ledger does not verify: see the report's chain status.`,
      facts: [
        { label: 'Report', value: r.path, code: true },
        { label: 'Index', value: r.index, code: true },
      ],
      notes: [],
      sections: [],
    },
  };
}

/**
 * `monitor`, and with `record-alerts: true` the alert entries appended to the ledger (DESIGN §4 alert.raised /
 * alert.resolved) and pushed to the default branch with the same compare-and-swap as `record`.
 */
async function monitorAndRecord(
  event: ActionEvent,
  inputs: ActionInputs,
  ports: ActionPorts,
): Promise<{ m: MonitorOutcome; ledgerNote?: string }> {
  const dir = inputs.workspace;
  if (!inputs.recordAlerts) return { m: await ports.gate.monitor({ repoDir: dir, now: inputs.now }) };
  const branch = event.defaultBranch;
  if (!branch)
    throw usageError(
      'record-alerts needs the default branch, and the event payload does not name it (repository.default_branch)',
    );
  const layout = await readLayout((path) => ports.git.show(dir, 'HEAD', path));
  const { outcome, pushed, attempts, raced } = await appendAndPush(ports, {
    dir,
    branch,
    ledgerDir: layout.ledger,
    attempts: inputs.pushAttempts,
    activity: 'recording alerts',
    append: () =>
      ports.gate.monitor({
        repoDir: dir,
        now: inputs.now,
        record: inputs.checkpointKey ? { checkpointKey: inputs.checkpointKey } : {},
      }),
    message: (o) => `gatehouse: monitor alerts (${(o.recorded ?? []).map((e) => e.type).join(', ')})`,
  });
  if (pushed === undefined && raced.length >= inputs.pushAttempts)
    throw conflict(
      `could not push the alert entries to ${branch}: it moved on each of ${attempts} attempts; the next run records them`,
    );
  const n = outcome.recorded?.length ?? 0;
  return {
    m: outcome,
    ledgerNote:
      pushed !== undefined
        ? `Recorded ${n} alert entr${n === 1 ? 'y' : 'ies'} in the ledger and pushed ${pushed.slice(0, 12)} to ${branch}.`
        : 'No alert started or stopped: nothing new for the ledger.',
  };
}
