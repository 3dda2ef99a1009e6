/**
 * Alerts in the ledger (DESIGN §4 `alert.raised`, `alert.resolved`; seed 001 §5: every alert is auditable).
 * `monitor --record` appends `alert.raised` when an alert starts firing and `alert.resolved` when a raised
 * alert no longer fires; an alert that keeps firing adds nothing, so running the monitor on a schedule does
 * not grow the ledger. Alerts are matched by their stable fingerprint. Pure: lines and alerts in, drafts out.
 */
import type { AppendDraft } from '../ledger/chain.js';
import type { Alert } from './invariants.js';

export const ALERT_ACTOR = 'gatehouse-monitor';

interface OpenAlert {
  seq: number;
  rule: string;
  raisedAt: string;
  /** How many times this fingerprint was raised before (part of each entry's idempotency key). */
  raises: number;
}

/** An alert entry by its top-level `type` (the substring test only keeps the parse off other lines). */
function isAlertLine(line: string): boolean {
  if (!line.includes('"type":"alert.')) return false;
  try {
    const t = (JSON.parse(line) as { type?: unknown }).type;
    return t === 'alert.raised' || t === 'alert.resolved';
  } catch {
    return false; // verify reports unreadable lines
  }
}

/** Fingerprints whose latest alert entry is `alert.raised`, and how often each fingerprint was raised. */
export function openAlerts(lines: readonly string[]): {
  open: Map<string, OpenAlert>;
  raises: Map<string, number>;
} {
  const open = new Map<string, OpenAlert>();
  const raises = new Map<string, number>();
  lines.forEach((line, seq) => {
    if (!isAlertLine(line)) return;
    let e: { type?: unknown; ts?: unknown; subject?: { alert?: unknown }; body?: { rule?: unknown } };
    try {
      e = JSON.parse(line) as typeof e;
    } catch {
      return; // verify reports unreadable lines
    }
    const fp = e.subject?.alert;
    if (typeof fp !== 'string') return;
    if (e.type === 'alert.raised') {
      const n = raises.get(fp) ?? 0;
      raises.set(fp, n + 1);
      open.set(fp, {
        seq,
        rule: typeof e.body?.rule === 'string' ? e.body.rule : 'unknown',
        raisedAt: typeof e.ts === 'string' ? e.ts : '',
        raises: n,
      });
    } else if (e.type === 'alert.resolved') open.delete(fp);
  });
  return { open, raises };
}

/** The last line that is not an alert entry, or undefined when every line is one. */
export function lastActivityLine(lines: readonly string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) if (!isAlertLine(lines[i]!)) return lines[i]!;
  return undefined;
}

/** The ts of the last entry that is not an alert: the monitor's own entries are not a sign of life. */
export function lastActivityTs(
  lines: readonly string[],
  tsOf: (line: string) => string | undefined,
): string | undefined {
  const line = lastActivityLine(lines);
  return line === undefined ? undefined : tsOf(line);
}

export interface AlertDrafts {
  drafts: AppendDraft[];
  raised: string[];
  resolved: string[];
}

/** `alert.raised` for firing alerts not open in the ledger, `alert.resolved` for open ones that stopped. */
export function alertDrafts(alerts: readonly Alert[], lines: readonly string[], ts: string): AlertDrafts {
  const { open, raises } = openAlerts(lines);
  const drafts: AppendDraft[] = [];
  const raised: string[] = [];
  const resolved: string[] = [];
  const firing = new Set(alerts.map((a) => a.fingerprint));
  for (const [fp, o] of [...open].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (firing.has(fp)) continue;
    resolved.push(fp);
    drafts.push({
      ts,
      type: 'alert.resolved',
      actor: ALERT_ACTOR,
      subject: { alert: fp },
      key: `alert.resolved:${fp}:${o.raises}`,
      body: { rule: o.rule, raised_seq: o.seq, raised_at: o.raisedAt },
    });
  }
  for (const a of alerts) {
    if (open.has(a.fingerprint)) continue;
    raised.push(a.fingerprint);
    drafts.push({
      ts,
      type: 'alert.raised',
      actor: ALERT_ACTOR,
      subject: { alert: a.fingerprint },
      key: `alert.raised:${a.fingerprint}:${raises.get(a.fingerprint) ?? 0}`,
      body: {
        rule: a.rule,
        severity: a.severity,
        owner: a.owner,
        response_time: a.response_time,
        title: a.title,
      },
    });
  }
  return { drafts, raised, resolved };
}
