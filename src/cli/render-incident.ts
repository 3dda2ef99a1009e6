/** What `gatehouse incident` prints: text for people, one JSON object with --json (stable). */
import { formatDuration } from '../core/duration.js';
import type { IncidentDetectResult, IncidentRcaResult } from '../app/incident-analysis.js';
import type { IncidentNewResult, IncidentResolveResult } from '../app/incident.js';
import { formatAnomaly } from '../detect/detect.js';
import { wholeSeconds } from '../incidents/times.js';
import { formatCandidate } from '../rca/rank.js';

export function renderNew(r: IncidentNewResult, json: boolean): string {
  return json
    ? JSON.stringify({ id: r.id, file: r.file })
    : `wrote ${r.file}\nnext: fill in the sections, then \`gatehouse incident resolve ${r.id}\``;
}

export function renderResolve(r: IncidentResolveResult, json: boolean): string {
  const { record, id } = r;
  const target = r.mttrTargetMs;
  const mttr = record.mttrMs ?? 0;
  const duration = record.durationMs ?? 0;
  if (json)
    return JSON.stringify({
      id,
      file: r.written,
      ...(r.committed ? { record: record.front.id, amends: id, committed: r.committed } : {}),
      resolved_at: record.front.resolved_at,
      mttr_s: wholeSeconds(mttr),
      duration_s: wholeSeconds(duration),
      mttr_target_s: wholeSeconds(target),
      within_target: mttr <= target,
    });
  const note = r.committed
    ? `${r.file} is committed (HEAD ${r.committed.slice(0, 12)}) and records are immutable once committed, so the resolution is a new record: wrote ${r.written} (amends: ${id}); ${r.file} is unchanged`
    : undefined;
  return [
    ...(note ? [note] : []),
    `resolved ${id} in ${r.written}`,
    `MTTR (detected→resolved): ${formatDuration(mttr)} (target ${formatDuration(target)}: ${mttr <= target ? 'met' : 'missed'})`,
    `duration (started→resolved): ${formatDuration(duration)}`,
  ].join('\n');
}

export function renderDetect({ report, confirmationMs }: IncidentDetectResult, json: boolean): string {
  if (json) return JSON.stringify({ ...report, confirmation_s: confirmationMs / 1000 });
  const n = report.anomalies.length;
  return [
    ...report.anomalies.map(formatAnomaly),
    ...report.skipped.map((s) => `skipped ${s.metric}: ${s.why}`),
    `${n} anomal${n === 1 ? 'y' : 'ies'} confirmed (confirmation ${formatDuration(confirmationMs)}); ${report.suppressed} shorter excursion${report.suppressed === 1 ? '' : 's'} ignored`,
  ].join('\n');
}

export function renderRca(r: IncidentRcaResult, json: boolean): string {
  const { result, note, at, services, regions } = r;
  if (json) return JSON.stringify({ ...result, ...(note ? { note } : {}) });
  const head = `anomaly at ${at}${services.length ? ` service ${services.join(',')}` : ''}${regions.length ? ` region ${regions.join(',')}` : ''}; looked back to ${result.horizon} (${result.scanned} entries)`;
  const lines = result.candidates.map((c, i) => formatCandidate(c, i + 1));
  return [
    head,
    ...(note ? [`note: ${note}`] : []),
    ...(lines.length ? lines : ['no state-changing entry in the window']),
  ].join('\n');
}
