/**
 * SOC 2 evidence keyed by the AICPA Trust Services Criteria (2017, revised points of focus 2022): CC6.1–CC6.3
 * (logical access), CC7.2–CC7.5 (system operations: monitoring, incidents, recovery) and CC8.1 (change
 * management), each with the seed 000 Part 7 controls (5.1.1–5.2.3) it covers beside it, mapped to the
 * ledger entries that prove them; and the monthly audit checklist computed from the data. Pure.
 */
import type { ChainStatus } from './chain.js';
import type { LedgerStats } from './model-parts.js';
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

function control(id: string, title: string, seed: string[], items: EvidenceItem[]): Soc2Control {
  const s: CheckStatus = items.some((i) => i.status === 'fail')
    ? 'fail'
    : items.some((i) => i.status === 'pass')
      ? 'pass'
      : 'none';
  return { id, title, seed, section: SECTIONS[id.slice(0, 3)] ?? '', status: s, items };
}

/** The Trust Services Criteria series the rows belong to. */
const SECTIONS: Record<string, string> = {
  CC6: 'CC6 Logical and Physical Access Controls',
  CC7: 'CC7 System Operations',
  CC8: 'CC8 Change Management',
};

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

export interface Soc2Options {
  /** policies/incident.yaml `mttr_target` in seconds (src/incidents/times.ts; seed 000: 2 minutes). */
  mttrTargetSeconds: number;
  /** change.applied entries allowed under an override, with the overrides they name. */
  underOverride: Tally;
}

export function buildSoc2(
  stats: LedgerStats,
  chain: ChainStatus,
  incidents: IncidentRow[],
  overrides: OverrideRow[],
  opts: Soc2Options,
): Soc2Control[] {
  const t = (k: string): Tally => stats.tallies[k] ?? EMPTY;
  const target = opts.mttrTargetSeconds;
  // An override's post-mortem is governance, not an outage: its "resolution" is the review, so it counts
  // neither against the MTTR target nor as an incident needing a causal entry (DESIGN §2.6).
  const operational = incidents.filter((i) => i.postMortemOf.length === 0);
  const resolved = operational.filter((i) => i.mttrSeconds !== undefined);
  const slow = resolved.filter((i) => i.mttrSeconds! > target);
  const lateDetect = incidents.filter((i) => (i.detectSeconds ?? 0) > DETECT_SLO_SECONDS);
  // RCA is done once the incident is resolved: each resolved outage names its causal entry, and every
  // culprit named (by any incident) is inside the ledger.
  const noCulprit = resolved.filter((i) => typeof i.culprit !== 'number');
  const badCulprit = incidents.filter((i) => typeof i.culprit === 'number' && i.culpritKnown !== true);
  const overdue = overrides.filter((o) => o.status === 'review_overdue');
  const unreviewed = overrides.filter((o) => o.status === 'completed' || o.status === 'review_overdue');
  const chainItem = item(
    'Hash-chained ledger verifies (audit log complete and untampered)',
    { count: chain.size, seqs: [] },
    {
      ok: chain.ok,
      note: chain.ok ? `${chain.size} entries, root ${chain.root}` : `${chain.findings.length} findings`,
    },
  );
  const mttr = item(
    `MTTR within the ${target} s target (policies/incident.yaml mttr_target)`,
    incidentTally(resolved),
    {
      ok: slow.length === 0,
      note:
        `${resolved.length - slow.length}/${resolved.length} resolved incidents within ${target} s (MTTR: detection to resolution)` +
        (slow.length ? `; over: ${slow.map((i) => `${i.id} ${i.mttrSeconds} s`).join(', ')}` : '') +
        (incidents.length > operational.length
          ? `; ${incidents.length - operational.length} override post-mortem${incidents.length - operational.length === 1 ? '' : 's'} not counted`
          : ''),
    },
  );
  return [
    control(
      'CC6.1',
      'Logical access: authority levels bound what each principal may change',
      ['5.1.1'],
      [
        item(
          'Every change acts within its proposer’s max_level (or an unexpired escalation grant)',
          t('change.applied'),
          {
            filter: 'type=change.applied',
            failing: stats.tallies['fail.escalation'],
          },
        ),
      ],
    ),
    control(
      'CC6.2',
      'Principals and their keys are registered through recorded policy changes',
      ['5.1.1'],
      [
        item('Policy changes (actors, keys, roles) recorded in the ledger', t('policy.changed'), {
          filter: 'type=policy.changed',
          note: 'each passed the policy-change quorum of the base policy',
        }),
      ],
    ),
    control(
      'CC6.3',
      'Access is raised only by approved, expiring escalations',
      ['5.1.1'],
      [
        item('Escalations granted through approval, logged with level and expiry', t('escalation.granted'), {
          filter: 'type=escalation.granted',
          failing: stats.tallies['fail.escalation'],
          note: 'also fails when a change acts above its proposer’s max_level without an unexpired grant',
        }),
      ],
    ),
    control(
      'CC7.2',
      'Monitoring detects anomalies and tampering',
      ['5.2.1', '5.1.1'],
      [
        item('Automated alerts raised', t('alert.raised'), { filter: 'type=alert.raised' }),
        item(`Anomaly detected within ${DETECT_SLO_SECONDS} seconds of onset`, incidentTally(incidents), {
          ok: lateDetect.length === 0,
          note: `${incidents.length - lateDetect.length}/${incidents.length} incidents detected within ${DETECT_SLO_SECONDS} s`,
        }),
        chainItem,
      ],
    ),
    control(
      'CC7.3',
      'Events are evaluated as incidents and investigated',
      ['5.2.1', '5.2.2'],
      [
        item('Incidents opened in the ledger', t('incident.opened'), { filter: 'type=incident.opened' }),
        item('RCA links each resolved incident to its causal ledger entry', incidentTally(resolved), {
          ok: noCulprit.length === 0 && badCulprit.length === 0,
          note: [
            noCulprit.length
              ? `resolved without a culprit entry: ${noCulprit.map((i) => i.id).join(', ')}`
              : '',
            badCulprit.length ? `culprit not in the ledger: ${badCulprit.map((i) => i.id).join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; '),
        }),
        item(
          'Time-travel debugging: state at any seq',
          { count: stats.size, seqs: [] },
          { note: 'replay from the nearest embedded state (see "State at seq")' },
        ),
      ],
    ),
    control(
      'CC7.4',
      'Incidents are responded to and reviewed',
      ['5.2.3'],
      [
        item('Rollbacks linked to an incident', t('rollback.incident'), { filter: 'type=rollback.applied' }),
        item('Post-incident reviews logged', sum(t('override.reviewed'), t('incident.resolved')), {
          ok: overdue.length === 0,
          note: [
            overdue.length ? `post-mortem overdue: ${overdue.map((o) => o.id).join(', ')}` : '',
            unreviewed.length > overdue.length
              ? `awaiting post-mortem: ${unreviewed
                  .filter((o) => o.status === 'completed')
                  .map((o) => o.id)
                  .join(', ')}`
              : '',
          ]
            .filter(Boolean)
            .join('; '),
        }),
      ],
    ),
    control(
      'CC7.5',
      'Recovery restores the exact prior state within the target',
      ['5.1.3', '5.2.3'],
      [
        item('Rollbacks recorded with the entries they revert (exact inverse ops)', t('rollback.applied'), {
          filter: 'type=rollback.applied',
          failing: stats.tallies['fail.rollback'],
        }),
        item('State snapshots for deterministic replay', t('snapshot'), {
          filter: 'type=snapshot',
          note: `${stats.stateFiles} replay points embedded in this report`,
        }),
        mttr,
      ],
    ),
    control(
      'CC8.1',
      'Changes are authorized, approved, recorded and reversible',
      ['5.1.1', '5.1.2'],
      [
        item('Changes recorded with their authority level (0–4) and gate decision', t('change.applied'), {
          filter: 'type=change.applied',
          failing: stats.tallies['fail.change-unrecorded'],
        }),
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
        item(
          'Emergency changes let through by an override name it (signature quorum, post-mortem)',
          opts.underOverride,
          {
            note: opts.underOverride.count
              ? 'see "Changes allowed under an override" in Emergency overrides'
              : 'no change needed an override',
          },
        ),
      ],
    ),
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
