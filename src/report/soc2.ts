/**
 * Seed 000 Part 7 (Compliance & Audit): the SOC 2 change-management and incident-response controls
 * 5.1.1–5.2.3 mapped to the ledger entries that prove them, and the monthly audit checklist computed
 * from the data. Pure.
 */
import type { ChainStatus } from './chain.js';
import type { LedgerStats } from './model.js';
import type {
  CheckStatus,
  ChecklistItem,
  ChecklistMonth,
  EvidenceItem,
  IncidentRow,
  OverrideRow,
  Soc2Control,
  Tally,
} from './types.js';

/** Seed 000 Part 5: rollback SLO "< 2 minutes MTTR". */
export const MTTR_SLO_SECONDS = 120;
/** Seed 000 Part 7, control 5.2.1: "Anomaly detection < 30 seconds". */
export const DETECT_SLO_SECONDS = 30;

const EMPTY: Tally = { count: 0, seqs: [] };

function status(ok: boolean, count: number): CheckStatus {
  if (!ok) return 'fail';
  return count === 0 ? 'none' : 'pass';
}

function item(
  label: string,
  t: Tally,
  opts: { filter?: string; failing?: Tally; note?: string; ok?: boolean } = {},
): EvidenceItem {
  const failing = opts.failing && opts.failing.count > 0 ? opts.failing : undefined;
  const ok = (opts.ok ?? true) && !failing;
  return {
    label,
    count: t.count,
    seqs: t.seqs,
    ...(opts.filter ? { filter: opts.filter } : {}),
    status: status(ok, t.count),
    note: opts.note ?? '',
    ...(failing ? { failing } : {}),
  };
}

function control(id: string, section: string, title: string, items: EvidenceItem[]): Soc2Control {
  const s: CheckStatus = items.some((i) => i.status === 'fail')
    ? 'fail'
    : items.some((i) => i.status === 'pass')
      ? 'pass'
      : 'none';
  return { id, section, title, status: s, items };
}

function sum(...ts: (Tally | undefined)[]): Tally {
  const out: Tally = { count: 0, seqs: [] };
  for (const t of ts)
    if (t) {
      out.count += t.count;
      out.seqs.push(...t.seqs);
    }
  out.seqs = out.seqs.sort((a, b) => a - b).slice(0, 20);
  return out;
}

function incidentTally(list: IncidentRow[]): Tally {
  return {
    count: list.length,
    seqs: list
      .map((i) => i.culprit)
      .filter((c): c is number => typeof c === 'number')
      .slice(0, 20),
  };
}

export function buildSoc2(
  stats: LedgerStats,
  chain: ChainStatus,
  incidents: IncidentRow[],
  overrides: OverrideRow[],
): Soc2Control[] {
  const t = (k: string): Tally => stats.tallies[k] ?? EMPTY;
  const resolved = incidents.filter((i) => i.mttrSeconds !== undefined);
  const slow = resolved.filter((i) => i.mttrSeconds! > MTTR_SLO_SECONDS);
  const lateDetect = incidents.filter((i) => (i.detectSeconds ?? 0) > DETECT_SLO_SECONDS);
  const noCulprit = incidents.filter((i) => i.culpritKnown !== true);
  const overdue = overrides.filter((o) => o.status === 'review_overdue');
  const mttrNote = `${resolved.length - slow.length}/${resolved.length} resolved incidents within ${MTTR_SLO_SECONDS} s (MTTR: detection to resolution)`;
  const chainItem = item(
    'Hash-chained ledger verifies (audit log complete and untampered)',
    { count: chain.size, seqs: [] },
    {
      ok: chain.ok,
      note: chain.ok ? `${chain.size} entries, root ${chain.root}` : `${chain.findings.length} findings`,
    },
  );
  const mttr = item('MTTR under 2 minutes', incidentTally(resolved), {
    ok: slow.length === 0,
    note: mttrNote,
  });
  return [
    control('5.1.1', '5.1 Change Management', 'Authorization', [
      item('Changes recorded with their authority level (0–4) and gate decision', t('change.applied'), {
        filter: 'type=change.applied',
        failing: stats.tallies['fail.change-unrecorded'],
      }),
      item('Escalations granted through approval, logged with level and expiry', t('escalation.granted'), {
        filter: 'type=escalation.granted',
        failing: stats.tallies['fail.escalation'],
        note: 'also fails when a change acts above its proposer’s max_level without an unexpired grant',
      }),
      chainItem,
    ]),
    control('5.1.2', '5.1 Change Management', 'Change Implementation', [
      item('Level 1 (assist) changes carry a counted approval', t('change.level1'), {
        filter: 'type=change.applied&level=1',
        failing: stats.tallies['fail.approval.level1'],
        note: 'each needs a recorded approval with a key fingerprint or GitHub review id',
      }),
      item('Level 2 (recommend) batches approved as one unit', t('change.level2'), {
        filter: 'type=change.applied&level=2',
        failing: stats.tallies['fail.approval.level2'],
        note: 'each needs a recorded approval with a key fingerprint or GitHub review id',
      }),
      item('Level 3 (act) changes observable and interruptible', t('change.level3'), {
        filter: 'type=change.applied&level=3',
        note: `${t('interrupt').count} interrupts recorded`,
      }),
    ]),
    control('5.1.3', '5.1 Change Management', 'Rollback Capability', [
      item('Rollbacks recorded with the entries they revert (exact inverse ops)', t('rollback.applied'), {
        filter: 'type=rollback.applied',
        failing: stats.tallies['fail.rollback'],
      }),
      item('State snapshots for deterministic replay', t('snapshot'), {
        filter: 'type=snapshot',
        note: `${stats.stateFiles} replay points embedded in this report`,
      }),
      mttr,
    ]),
    control('5.2.1', '5.2 Incident Response', 'Incident Detection', [
      item('Automated alerts raised', t('alert.raised'), { filter: 'type=alert.raised' }),
      item('Incidents opened in the ledger', t('incident.opened'), { filter: 'type=incident.opened' }),
      item('Anomaly detected within 30 seconds of onset', incidentTally(incidents), {
        ok: lateDetect.length === 0,
        note: `${incidents.length - lateDetect.length}/${incidents.length} incidents detected within ${DETECT_SLO_SECONDS} s`,
      }),
    ]),
    control('5.2.2', '5.2 Incident Response', 'Incident Investigation', [
      chainItem,
      item('RCA links each incident to its causal ledger entry', incidentTally(incidents), {
        ok: noCulprit.length === 0,
        note: noCulprit.length ? `no culprit entry: ${noCulprit.map((i) => i.id).join(', ')}` : '',
      }),
      item(
        'Time-travel debugging: state at any seq',
        { count: stats.size, seqs: [] },
        {
          note: 'replay from the nearest embedded state (see "State at seq")',
        },
      ),
    ]),
    control('5.2.3', '5.2 Incident Response', 'Incident Response', [
      item('Rollbacks linked to an incident', t('rollback.incident'), { filter: 'type=rollback.applied' }),
      mttr,
      item('Post-incident reviews logged', sum(t('override.reviewed'), t('incident.resolved')), {
        ok: overdue.length === 0,
        note: overdue.length ? `post-mortem overdue: ${overdue.map((o) => o.id).join(', ')}` : '',
      }),
    ]),
  ];
}

const CASCADE = /cascad/i;

/** Seed 000 Part 7 "Monthly Audit", items 1–5, for each month that has entries or incidents. */
export function buildChecklist(
  stats: LedgerStats,
  chain: ChainStatus,
  incidents: IncidentRow[],
): ChecklistMonth[] {
  const months = new Set<string>(stats.months.keys());
  for (const i of incidents) months.add(i.started_at.slice(0, 7));
  return [...months]
    .filter((m) => /^\d{4}-\d{2}$/.test(m))
    .sort()
    .reverse()
    .map((month) => {
      const m = stats.months.get(month);
      const inMonth = incidents.filter((i) => i.started_at.startsWith(month));
      const cascades = inMonth.filter((i) => CASCADE.test(i.type));
      const row = (
        n: number,
        label: string,
        total: Tally | undefined,
        bad: Tally | undefined,
        what: string,
      ): ChecklistItem => {
        const count = total?.count ?? 0;
        const failing = bad?.count ?? 0;
        return {
          n,
          label,
          status: failing > 0 ? 'fail' : count === 0 ? 'none' : 'pass',
          detail: failing > 0 ? `${failing} of ${count} ${what} fail` : `${count} ${what}`,
          failing: bad?.seqs ?? [],
        };
      };
      const items: ChecklistItem[] = [
        row(1, 'All authority escalations logged', m?.escalations, m?.escalationFailures, 'escalations'),
        row(
          2,
          'All approvals have audit entries',
          m?.approvalsNeeded,
          m?.approvalFailures,
          'level 1–2 changes',
        ),
        row(3, 'All rollbacks documented', m?.rollbacks, m?.rollbackFailures, 'rollbacks'),
        {
          n: 4,
          label: 'Event log integrity (chain verification)',
          status: chain.ok ? 'pass' : 'fail',
          detail: chain.ok ? `${chain.size} entries verified` : `${chain.findings.length} findings`,
          failing: chain.findings
            .map((f) => f.seq)
            .filter((s): s is number => typeof s === 'number')
            .slice(0, 20),
        },
        {
          n: 5,
          label: 'No unplanned cascades (0 incidents)',
          status: cascades.length > 0 ? 'fail' : 'pass',
          detail: `${cascades.length} cascade incidents; ${inMonth.length} incidents in the month`,
          failing: cascades.map((i) => i.culprit).filter((c): c is number => typeof c === 'number'),
        },
      ];
      return { month, items };
    });
}
