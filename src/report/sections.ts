/** Server-rendered tables of the report (pure). Every value from the repository is escaped. */
import type { ChainStatus } from './chain.js';
import { esc } from './svg.js';
import type {
  CheckStatus,
  ChecklistMonth,
  EscalationRow,
  EventRow,
  IncidentRow,
  OverrideRow,
  Provenance,
  RollbackRow,
  Soc2Control,
  SwitchRow,
  UnderOverrideRow,
} from './types.js';

export function seqLink(seq: number): string {
  return `<a href="#entry-${seq}" class="seq">#${seq}</a>`;
}

function seqLinks(seqs: number[], total?: number): string {
  const more =
    total !== undefined && total > seqs.length
      ? ` <span class="muted">(+${total - seqs.length} more)</span>`
      : '';
  return seqs.map(seqLink).join(' ') + more;
}

function status(s: CheckStatus | 'pending', label?: string): string {
  return `<span class="badge ${s}">${esc(label ?? (s === 'none' ? 'no evidence' : s))}</span>`;
}

const OVERRIDE_CLASS: Record<OverrideRow['status'], CheckStatus | 'pending'> = {
  pending: 'pending',
  active: 'pass',
  completed: 'pass',
  reviewed: 'pass',
  rejected: 'fail',
  expired: 'fail',
  review_overdue: 'fail',
};

export function duration(seconds: number | undefined): string {
  if (seconds === undefined) return '—';
  if (Math.abs(seconds) < 120) return `${seconds} s`;
  if (Math.abs(seconds) < 7200) return `${Math.round(seconds / 6) / 10} min`;
  return `${Math.round(seconds / 360) / 10} h`;
}

function table(head: string[], rows: string[][], empty: string, cls = ''): string {
  if (rows.length === 0) return `<p class="muted">${esc(empty)}</p>`;
  return `<table class="grid${cls ? ` ${cls}` : ''}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function shown(total: number, rows: number): string {
  return total > rows
    ? `<p class="muted">Showing the latest ${rows} of ${total}; the timeline has all of them.</p>`
    : '';
}

export function checkpointsTable(c: ChainStatus): string {
  return table(
    ['Size', 'Root (base64)', 'File', 'Matches ledger'],
    c.checkpoints.map((cp) => [
      String(cp.size),
      `<code>${esc(cp.root)}</code>`,
      esc(cp.file ?? ''),
      cp.ok === undefined ? '—' : status(cp.ok ? 'pass' : 'fail') + (cp.note ? ` ${esc(cp.note)}` : ''),
    ]),
    'No checkpoints found.',
  );
}

export function findingsList(c: ChainStatus): string {
  if (c.findings.length === 0) return '<p class="muted" id="findings">No findings.</p>';
  return `<ul id="findings" class="findings">${c.findings
    .map((f) => {
      const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}: ` : '';
      return `<li>${f.seq !== undefined ? `${seqLink(f.seq)} ` : ''}${esc(where + f.message)}</li>`;
    })
    .join('')}</ul>`;
}

export function typeTable(byType: Record<string, number>): string {
  return table(
    ['Type', 'Entries'],
    Object.entries(byType)
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => [`<a href="#timeline?type=${encodeURIComponent(t)}">${esc(t)}</a>`, String(n)]),
    'The ledger is empty.',
  );
}

export function incidentsTable(list: IncidentRow[]): string {
  return table(
    [
      'Id',
      'Type',
      'Severity',
      'Started',
      'Detected after',
      'MTTR (detected → resolved)',
      'Duration (started → resolved)',
      'Culprit',
      'Rollbacks',
      'Post-mortem for',
      'Records',
    ],
    list.map((i) => [
      `<span title="${esc(i.file)}">${esc(i.id)}</span>`,
      esc(i.type),
      `<span class="sev ${esc(i.severity)}">${esc(i.severity)}</span>`,
      `<span class="nowrap">${esc(i.started_at)}</span>`,
      duration(i.detectSeconds),
      i.resolved_at ? duration(i.mttrSeconds) : '<span class="badge pending">open</span>',
      duration(i.durationSeconds),
      typeof i.culprit === 'number'
        ? i.culpritKnown
          ? seqLink(i.culprit)
          : `#${i.culprit} <span class="badge fail">not in ledger</span>`
        : '—',
      seqLinks(i.rollbacks),
      esc(i.postMortemOf.join(', ')),
      // DESIGN §2.5: the chain of records (corrections amend the first); the one that resolved it is marked
      i.records
        .map((r) => (r === i.resolvedBy ? `${esc(r)} <span class="muted">(resolved)</span>` : esc(r)))
        .join('<br>'),
    ]),
    'No incident records.',
    'incidents',
  );
}

/** DESIGN §4: every change an override let through, with the override and the checks it bypassed. */
export function underOverrideTable(rows: UnderOverrideRow[]): string {
  return table(
    ['Entry', 'Time', 'Change', 'Level', 'Gate decision', 'Allowed under'],
    rows.map((r) => [
      seqLink(r.seq),
      esc(r.ts),
      esc(r.change),
      r.level === null ? '—' : String(r.level),
      `${status(r.decision === 'pass' ? 'pass' : 'fail', r.decision || 'unrecorded')} <span class="badge override">under override</span>`,
      r.overrides
        .map(
          (o) =>
            `<strong>${esc(o.id)}</strong>${o.checks.length ? ` bypassing ${esc(o.checks.join(', '))}` : ''}${o.status ? ` <span class="muted">(${esc(o.status)})</span>` : ''}`,
        )
        .join('<br>'),
    ]),
    'No change was allowed under an override.',
    'under-override',
  );
}

export function overridesTable(list: OverrideRow[]): string {
  return table(
    ['Id', 'Change', 'Checks', 'Impact', 'Requested', 'Signatures', 'Status', 'Post-mortem', 'Entries'],
    list.map((o) => [
      `<span title="${esc(o.file)}">${esc(o.id)}</span>`,
      esc(o.change),
      esc(o.checks.join(', ')),
      esc(o.impact),
      `${esc(o.requested_by)}<br><span class="muted">${esc(o.requested_at)}</span>`,
      o.signers.map((s) => `${esc(s.actor)} (${esc(s.role)}, ${esc(s.decision)})`).join('<br>') +
        (o.rolesMissing.length
          ? `<br><span class="muted">missing role: ${esc(o.rolesMissing.join(', '))}</span>`
          : ''),
      status(OVERRIDE_CLASS[o.status], o.status),
      o.postMortems.length ? `reviewed in ${esc(o.postMortems.join(', '))}` : `due ${esc(o.post_mortem_due)}`,
      seqLinks(o.entries),
    ]),
    'No overrides.',
    'overrides',
  );
}

export function escalationsTable(x: { total: number; rows: EscalationRow[] }): string {
  return (
    shown(x.total, x.rows.length) +
    table(
      ['Entry', 'Time', 'Granted to', 'Level', 'Expires', 'Change', 'Recorded by', 'Approvals'],
      x.rows.map((r) => [
        seqLink(r.seq),
        esc(r.ts),
        esc(r.grantee),
        r.level === null ? '—' : String(r.level),
        esc(r.expires_at),
        esc(r.change),
        esc(r.by),
        String(r.approvals),
      ]),
      'No escalations granted.',
      'escalations',
    )
  );
}

export function switchesSection(x: {
  total: number;
  rows: SwitchRow[];
  current: { switch: string; active: boolean; seq: number }[];
}): string {
  const now = table(
    ['Switch', 'Now', 'Since entry'],
    x.current.map((s) => [
      esc(s.switch),
      status(s.active ? 'fail' : 'pass', s.active ? 'active' : 'inactive'),
      seqLink(s.seq),
    ]),
    'No kill switch has ever been flipped.',
  );
  const hist = table(
    ['Entry', 'Time', 'Switch', 'Action', 'By', 'Change'],
    x.rows.map((r) => [
      seqLink(r.seq),
      esc(r.ts),
      esc(r.switch),
      r.active ? 'activated' : 'deactivated',
      esc(r.actor),
      esc(r.change),
    ]),
    '',
    'switches',
  );
  return `${now}<h3>History</h3>${shown(x.total, x.rows.length)}${hist}`;
}

export function rollbacksTable(x: { total: number; rows: RollbackRow[] }): string {
  return (
    shown(x.total, x.rows.length) +
    table(
      ['Entry', 'Time', 'By', 'Reverts', 'Incident', 'Ops', 'Documented'],
      x.rows.map((r) => [
        seqLink(r.seq),
        esc(r.ts),
        esc(r.actor),
        seqLinks(r.reverts),
        esc(r.incident),
        String(r.ops),
        r.documented ? status('pass') : `${status('fail')} ${esc(r.why)}`,
      ]),
      'No rollbacks.',
      'rollbacks',
    )
  );
}

export function eventsTable(x: { total: number; rows: EventRow[] }): string {
  return (
    shown(x.total, x.rows.length) +
    table(
      ['Entry', 'Time', 'Type', 'Actor', 'Subject'],
      x.rows.map((r) => [seqLink(r.seq), esc(r.ts), esc(r.type), esc(r.actor), esc(r.what)]),
      'None recorded.',
    )
  );
}

export function soc2Table(controls: Soc2Control[]): string {
  const rows: string[][] = [];
  for (const c of controls)
    c.items.forEach((it, i) => {
      const evidence =
        (it.filter
          ? `<a href="#timeline?${esc(it.filter)}">${it.count} ${it.count === 1 ? 'entry' : 'entries'}</a>`
          : `${it.count}`) +
        (it.seqs.length ? `<br>${seqLinks(it.seqs, it.filter ? it.count : undefined)}` : '');
      const failing = it.failing ? `<br>failing: ${seqLinks(it.failing.seqs, it.failing.count)}` : '';
      rows.push([
        i === 0
          ? `<strong id="tsc-${esc(c.id)}">${esc(c.id)}</strong> ${esc(c.title)}<br><span class="muted">${esc(c.section)}</span><br>${status(c.status)}`
          : '',
        i === 0 ? esc(c.seed.join(', ')) : '',
        esc(it.label),
        evidence,
        status(it.status) + (it.note ? ` <span class="muted">${esc(it.note)}</span>` : '') + failing,
      ]);
    });
  return table(
    ['Trust Services Criterion', 'Seed 000 control', 'Requirement', 'Evidence (ledger entries)', 'Result'],
    rows,
    'No controls.',
    'soc2',
  );
}

/** Where the report was built from: repository commit, tool version, checkpoint key. */
export function provenanceTable(p: Provenance | undefined): string {
  if (!p) return '<p class="muted">No provenance recorded.</p>';
  const key = p.checkpointKey;
  return `<table class="kv provenance"><tbody>${[
    [
      'Repository commit (HEAD)',
      p.commit
        ? `<code id="prov-commit">${esc(p.commit)}</code>${p.dirty ? ' <span class="badge pending">working tree differs</span>' : ''}`
        : '<span class="muted">not a git repository</span>',
    ],
    ['Tool version', `gatehouse <code id="prov-version">${esc(p.tool)}</code>`],
    [
      'Checkpoint key',
      key
        ? `<code id="prov-key">${esc(key.name)}</code> key ID <code>${esc(key.keyId)}</code>, fingerprint <code>${esc(key.fingerprint)}</code> (${esc(key.file)}; ${key.verified} checkpoint${key.verified === 1 ? '' : 's'} verified)`
        : '<span class="muted">no checkpoint verified</span>',
    ],
  ]
    .map(([k, v]) => `<tr><th>${esc(k!)}</th><td>${v}</td></tr>`)
    .join('')}</tbody></table>`;
}

export function checklistSection(months: ChecklistMonth[]): string {
  if (months.length === 0) return '<p class="muted">No activity to audit.</p>';
  return months
    .map(
      (m) =>
        `<h3>${esc(m.month)}</h3>` +
        table(
          ['#', 'Check', 'Result', 'Detail'],
          m.items.map((it) => [
            String(it.n),
            esc(it.label),
            status(it.status),
            esc(it.detail) + (it.failing.length ? `<br>${seqLinks(it.failing)}` : ''),
          ]),
          '',
          'checklist',
        ),
    )
    .join('\n');
}
