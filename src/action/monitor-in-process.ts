/**
 * The Action's `monitor` (seed 001 §3–5) in process: the monitor use case (src/app/run-monitor.ts) over the
 * checkout, never a child process of the CLI. Its outcome is what `gatehouse monitor --json` gives (a test holds
 * the two equal): the alerts keyed by fingerprint (one issue each), the notes as Markdown, and with
 * `record` the alert entries appended. The checkpoint signer key comes from the request, never the
 * environment. Errors reach the caller as GatehouseErrors with the exit code `gatehouse monitor` would have had.
 */
import { runMonitor, type RunMonitorResult } from '../app/run-monitor.js';
import { runMonitorPorts } from '../assembly/run-monitor-ports.js';
import { exitCodeFor, GatehouseError, internalError } from '../core/errors.js';
import { escapeMd } from '../github/markdown.js';
import type { Alert } from '../github/types.js';
import { checkedSignerKey } from '../record/signer-key.js';
import type { GatePort, MonitorOutcome } from './ports.js';

/** The alerts as the Action reads them; a fingerprint that cannot key an issue is a fault (fail closed). */
function outcomeOf(r: RunMonitorResult, recording: boolean): MonitorOutcome {
  const alerts: Alert[] = r.alerts.map((a) => ({
    fingerprint: a.fingerprint,
    title: a.title,
    body: a.body,
    severity: a.severity,
    rule: a.rule,
    owner: a.owner,
    responseTime: a.response_time,
    playbook: [...a.playbook],
  }));
  const bad = alerts.find((a) => !/^[A-Za-z0-9._:-]+$/.test(a.fingerprint));
  if (bad)
    throw internalError(
      `gatehouse monitor printed an alert with an unusable fingerprint "${bad.fingerprint}"`,
    );
  const recorded = r.recorded?.entries.map((e) => ({ seq: e.seq, type: e.type }));
  if (recording && recorded === undefined)
    throw internalError('gatehouse monitor --record --json printed no {recorded: {entries}}');
  return {
    ok: r.ok && alerts.length === 0,
    alerts,
    markdown: r.notes.map((n) => `- ${escapeMd(n)}`).join('\n'),
    ...(recorded ? { recorded } : {}),
  };
}

export const inProcessMonitor: GatePort['monitor'] = async (req) => {
  let result: RunMonitorResult;
  try {
    const given = req.record?.checkpointKey;
    // As `GATEHOUSE_CHECKPOINT_KEY` for the CLI: checked before anything is read, never in a message.
    const key = given?.trim() ? checkedSignerKey(given, 'GATEHOUSE_CHECKPOINT_KEY') : undefined;
    result = await runMonitor(
      {
        now: req.now,
        branch: 'HEAD',
        history: 1000,
        ...(req.record ? { record: key !== undefined ? { checkpointKey: key } : {} } : {}),
      },
      runMonitorPorts(req.repoDir),
    );
  } catch (e) {
    if (exitCodeFor(e) === 2 && e instanceof GatehouseError)
      throw new GatehouseError('bad-input', `gatehouse monitor: ${e.message.trimEnd() || 'exit 2'}`, {
        problems: e.problems,
      });
    throw internalError(`gatehouse monitor failed: ${e instanceof Error ? e.message : String(e)}`, e);
  }
  return outcomeOf(result, req.record !== undefined);
};
