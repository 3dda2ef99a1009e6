/**
 * The monitor use case (seed 001 §3–5): gathers the facts (ledger verification and drift, unrecorded merges on
 * the default branch, overrides, open incidents, the last sign of life) through the ports and evaluates the
 * invariants (src/monitor/invariants.ts) into alerts. With `record` it appends `alert.raised` for each alert
 * that starts firing and `alert.resolved` for each raised alert that stopped (src/monitor/ledger-alerts.ts),
 * with a checkpoint when a signer key is given (as `record`). Results are data; the caller renders them.
 */
import { conflict } from '../core/errors.js';
import { loadDocument } from '../formats/validate.js';
import type { TreeReader } from '../core/tree.js';
import { loadIncidents } from '../incidents/load.js';
import { openIncidents } from '../incidents/open.js';
import { checkpointPath } from '../ledger/layout.js';
import { evaluateMonitor, type Alert, type MonitorFacts } from '../monitor/invariants.js';
import { alertDrafts } from '../monitor/ledger-alerts.js';
import { deriveStatus } from '../overrides/lifecycle.js';
import { loadOverrides } from '../overrides/load.js';
import { isoSeconds } from '../record/build.js';
import { keyringFromTree } from '../repo/policy-keyring.js';
import { joinPath, loadLayout, type RepoLayout } from '../repo/layout.js';
import { loadStateDocuments } from '../repo/load-state.js';
import { buildState } from '../state/build.js';
import type { LedgerFiles as VerifyInput } from '../store/ledger-files.js';
import { verifyForMonitor } from './monitor-verify.js';
import type { RecordMergePorts, WorkTree } from './ports.js';
import { governedCommits, LedgerScan, type MonitorGit } from './run-monitor-history.js';
import { loadIncidentPolicy } from './work-files.js';

export interface RunMonitorRequest {
  now: Date;
  /** `--branch`: the default branch whose first-parent history is walked. */
  branch: string;
  /** `--history`: how many of its newest commits are walked. */
  history: number;
  /** `--record`: append the alert entries; sign a checkpoint with `checkpointKey` (already checked). */
  record?: { checkpointKey?: string };
}

export interface RunMonitorPorts {
  workTree: TreeReader & Pick<WorkTree, 'readText'>;
  /**
   * The ledger's files as the verifier reads them (src/store/ledger-files.ts): the monitor reads each segment
   * once, as the verifier does, and keeps no line past its segment.
   */
  ledgerFiles(layout: RepoLayout): Promise<VerifyInput>;
  git: MonitorGit;
  /** The ledger's clock and the ledger opened for appending (`record` only). */
  ledger: Pick<RecordMergePorts, 'assertNowAfterLedger' | 'openLedger'>;
}

/** The alert entries `record` appended. */
export interface MonitorRecorded {
  raised: string[];
  resolved: string[];
  entries: { seq: number; type: string }[];
}

export interface RunMonitorResult {
  ok: boolean;
  alerts: Alert[];
  notes: string[];
  /**
   * How the ledger was verified: "ledger verified from checkpoint N (signed, consistent); …" or "ledger
   * verified in full (why)" (src/app/monitor-verify.ts).
   */
  verified: string;
  recorded?: MonitorRecorded;
}

const problemNote = (p: { file: string; line?: number; message: string }): string =>
  `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`;

/** The latest checkpoint's tree size (its second line), when there is a checkpoint that says one. */
function checkpointFact(files: VerifyInput, layout: RepoLayout): MonitorFacts['checkpoint'] {
  const cpSize = files.latestCheckpoint?.text.split('\n')[1];
  if (cpSize !== undefined && /^\d+$/.test(cpSize))
    return { size: Number(cpSize), file: checkpointPath(layout) };
  return undefined;
}

/** DESIGN §4: a monitor entry never extends a broken chain; the checkpoint is signed only after an append. */
async function recordAlerts(
  request: RunMonitorRequest,
  ports: RunMonitorPorts,
  layout: RepoLayout,
  verifyOk: boolean,
  alerts: Alert[],
): Promise<MonitorRecorded> {
  if (!verifyOk)
    throw conflict(
      'the ledger does not verify, so no alert entry was appended; run `gatehouse verify` and repair it first',
    );
  const ledger = await ports.ledger.openLedger(layout);
  const planned = alertDrafts(alerts, ledger.lines, isoSeconds(request.now));
  const result = planned.drafts.length > 0 ? await ledger.append(planned.drafts) : { appended: [] };
  const signerKey = request.record?.checkpointKey;
  if (signerKey !== undefined && result.appended.length > 0) await ledger.writeCheckpoint(signerKey);
  return {
    raised: planned.raised,
    resolved: planned.resolved,
    entries: result.appended.map((e) => ({ seq: e.seq, type: e.type })),
  };
}

export async function runMonitor(
  request: RunMonitorRequest,
  ports: RunMonitorPorts,
): Promise<RunMonitorResult> {
  const { now } = request;
  if (request.record) await ports.ledger.assertNowAfterLedger(now);
  const tree = ports.workTree;
  const layout = await loadLayout(tree);
  const policy = await loadIncidentPolicy(tree, layout);
  const notes: string[] = [];

  const built = buildState(await loadStateDocuments(tree, layout));
  const keyFile = joinPath(layout.paths.policies, layout.ledger.checkpoint_key);
  const keyText = await tree.readText(keyFile);
  // The candidates for unrecorded merges first, so the ledger scan keeps only the commits they name.
  let candidates: MonitorFacts['unrecordedMerges'] = [];
  let lastCheckpointAt: string | undefined;
  if (await ports.git.isRepository()) {
    const r = await governedCommits(ports.git, layout, request.branch, request.history);
    candidates = r.merges;
    lastCheckpointAt = r.lastCheckpointAt;
  } else notes.push('not a git repository: unrecorded merges not checked');

  const files = await ports.ledgerFiles(layout);
  const scan = new LedgerScan(new Set(candidates.map((m) => m.commit)));
  const segments = files.segments.map((s, i) => ({
    file: s.file,
    text: (): string => {
      const text = typeof s.text === 'string' ? s.text : s.text();
      scan.segment(i, text);
      return text;
    },
  }));
  const verification = verifyForMonitor({
    ...files,
    segments,
    ...(keyText !== undefined ? { verifierKey: keyText } : {}),
    verifierKeyFile: keyFile,
    layout,
    workingState: built.state,
    workingOrigins: built.origins,
  });
  const report = verification.report;
  for (const [i, s] of segments.entries()) if (!scan.has(i)) s.text();
  const checkpoint = checkpointFact(files, layout);
  const merges = candidates.filter((m) => !scan.recorded.has(m.commit));

  const { actors, keyring } = await keyringFromTree(tree, layout);
  const quorumFile = joinPath(layout.paths.policies, 'quorum.yaml');
  const quorumText = await tree.readText(quorumFile);
  const quorum =
    quorumText === undefined ? { rules: [] } : loadDocument('quorum', quorumText, quorumFile).value;
  const incidents = await loadIncidents(tree, layout);
  for (const p of incidents.problems) notes.push(problemNote(p));
  const ovr = await loadOverrides(tree, layout, {
    actors,
    quorum,
    keyring,
    incidents: incidents.records,
    now,
  });
  for (const p of ovr.problems) notes.push(problemNote(p));

  // Silence (seed 001): the monitor's own alert entries are not a sign of life.
  const lastEntryTs = scan.lastActivity();
  const activity = [lastEntryTs, lastCheckpointAt]
    .filter((x): x is string => x !== undefined)
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  const facts: MonitorFacts = {
    now,
    verify: {
      ok: report.findings.every((f) => f.check === 'drift'),
      findings: report.findings.filter((f) => f.check !== 'drift'),
    },
    ledgerSize: report.size,
    ...(checkpoint ? { checkpoint } : {}),
    drift: report.drift,
    unrecordedMerges: merges,
    overrides: ovr.records.map((r) => deriveStatus(r, now)),
    // An incident closes when any record of its `amends` chain is resolved (src/incidents/open.ts).
    openIncidents: openIncidents(incidents.records).map((r) => ({
      id: r.front.id,
      file: r.file,
      severity: r.front.severity,
      detected_at: r.front.detected_at,
    })),
    ...(activity.length ? { lastActivity: activity[activity.length - 1]! } : {}),
  };
  const alerts = evaluateMonitor(facts, policy);
  const recorded = request.record
    ? await recordAlerts(request, ports, layout, facts.verify.ok, alerts)
    : undefined;
  return {
    ok: alerts.length === 0,
    alerts,
    notes,
    verified: verification.note,
    ...(recorded ? { recorded } : {}),
  };
}
