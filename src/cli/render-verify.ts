/** The output of `verify` (DESIGN §5): one JSON document with --json, else one line per fact and finding. */
import type { VerifyLedgerResult } from '../app/verify-ledger.js';
import type { SinceReport } from '../ledger/verify-since.js';
import { witnessLines } from '../witness/render.js';
import { formatFinding } from './render-findings.js';

export const VERIFY_USAGE =
  'gatehouse verify [--history | --no-history] [--since CHECKPOINT] [--witnessed-only] [--repo DIR] [--json]';

function sinceLine(s: SinceReport): string {
  const from = s.from === null ? 'genesis' : `snapshot ${s.from}`;
  return (
    `since: ${s.file} (size ${s.size}): ${s.signed ? 'signed' : 'NOT verified'}, ` +
    `${s.consistent ? 'consistent with the current root (RFC 9162)' : 'NOT consistent with the current root'}; ` +
    `${s.checked} entries verified in full, replay from ${from}`
  );
}

/** `verify --json`: the stable document the Action and other tools read (docs/action.md). */
export function verifyJson(r: VerifyLedgerResult): string {
  const { report, history } = r;
  return JSON.stringify({
    ok: r.ok,
    entries: report.size,
    segments: r.segments,
    head: report.head,
    root: report.root,
    checkpoints: report.checkpoints,
    snapshots: report.snapshots,
    drift: report.drift,
    findings: r.findings,
    notes: r.notes,
    ...(report.since ? { since: report.since } : {}),
    ...(report.witnesses ? { witnesses: report.witnesses } : {}),
    ...(history ? { history: history.result } : {}),
  });
}

export function verifyText(r: VerifyLedgerResult): string {
  const { report, history, segments } = r;
  return [
    `ledger: ${report.size} entries in ${segments} segment${segments === 1 ? '' : 's'}`,
    `head: ${report.head}`,
    `merkle root: ${report.root.base64} (${report.root.hex})`,
    `checkpoints verified: ${report.checkpoints}`,
    `snapshots verified: ${report.snapshots}`,
    `drift: ${report.drift.length === 0 ? 'none' : report.drift.join(', ')}`,
    ...(report.since ? [sinceLine(report.since)] : []),
    ...(report.witnesses ? witnessLines(report.witnesses) : []),
    ...r.notes.map((n) => `note: ${n}`),
    ...report.findings.map(formatFinding),
    ...(history ? history.lines : []),
    r.ok
      ? 'verify: ok'
      : `verify: FAILED — ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}`,
  ].join('\n');
}
