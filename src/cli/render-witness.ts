/** `gatehouse witness add-checkpoint` output (docs/witnesses.md), as text or JSON, from the use case's result. */
import type { WitnessAddCheckpointResult } from '../app/witness-add-checkpoint.js';

function lines(r: WitnessAddCheckpointResult): string[] {
  const q = r.witnessed;
  return [
    ...r.outcomes.map((o) =>
      o.status === 'cosigned'
        ? `${o.witness}: cosigned size ${r.size} (proof from size ${o.oldSize}${o.attempts > 1 ? `, after ${o.attempts - 1} size correction` : ''})`
        : `${o.witness}: ${o.status.toUpperCase()}${o.httpStatus !== undefined ? ` (HTTP ${o.httpStatus})` : ''}: ${o.message}`,
    ),
    ...r.skipped.map((s) => `${s.witness}: skipped: ${s.reason}`),
    r.written ? `stored in ${r.file} and ${r.archived}` : `nothing new to store in ${r.file}`,
    `witness: ${q.cosigners.length} cosigner${q.cosigners.length === 1 ? '' : 's'} on ${r.file} (size ${r.size}): ${q.cosigners.map((c) => c.name).join(', ') || 'none'} — quorum ${q.quorum_met ? 'met' : 'NOT met'}`,
    ...(r.written
      ? [
          `commit them: git add ${r.file} ${r.archived} && git commit -m "ledger: witness cosignatures at ${r.size}"`,
        ]
      : []),
  ];
}

export function renderAddCheckpoint(r: WitnessAddCheckpointResult, json: boolean): string {
  if (!json) return lines(r).join('\n');
  return JSON.stringify({
    ok: r.witnessed.quorum_met,
    file: r.file,
    archived: r.archived,
    size: r.size,
    written: r.written,
    quorum: r.quorum,
    cosigners: r.witnessed.cosigners,
    outcomes: r.outcomes.map((o) =>
      o.status === 'cosigned' ? { ...o, lines: o.lines.map((l) => l.trimEnd()) } : o,
    ),
    skipped: r.skipped,
  });
}
