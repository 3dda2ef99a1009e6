/**
 * Builds the report model from the ledger in one streaming pass (pure: no I/O). Entry lines go out in
 * chunk scripts through the sink as they arrive, with replayed state every `stateEvery` entries, so a
 * ledger of a million entries never sits in memory; the model keeps only counts, samples and the
 * rows of the rare entry types (capped).
 */
import type { LedgerEntry } from '../core/ledger-entry.js';
import { applyEntry, emptyState } from '../state/replay.js';
import { ChunkIndexer, STATE_SCRIPT_FN, type ReportSink } from './chunks.js';
import {
  approvalProof,
  approvalsOf,
  changeOf,
  incidentOf,
  isObject,
  manifestOf,
  opsOf,
  revertsOf,
  str,
} from './entry-facts.js';
import { deriveIncidents, deriveOverrides } from './records.js';
import { buildChecklist, buildSoc2 } from './soc2.js';
import {
  chainWithReplay,
  levelBuckets,
  monthTallies,
  tally,
  type BuilderOptions,
  type FinishInput,
  type LedgerStats,
  type MonthTallies,
} from './model-parts.js';
import type {
  ActorInfo,
  ClientIndex,
  EscalationRow,
  EventRow,
  ReportModel,
  RollbackRow,
  SwitchRow,
  Tally,
  UnderOverrideRow,
} from './types.js';
import { DEFAULT_MTTR_TARGET, mttrTargetMs, wholeSeconds } from '../incidents/times.js';

const KNOWN_CHANGE = new Set(['change.applied', 'rollback.applied']);

export { RARE_MAX, indexScript, type ReportSink } from './chunks.js';
export type { BuilderOptions, FinishInput, LedgerStats, MonthTallies } from './model-parts.js';

export class ReportBuilder {
  readonly chunkSize: number;
  private readonly stateEvery: number;
  private readonly maxRows: number;
  private readonly sample: number;
  private readonly actors = new Map<string, ActorInfo>();
  private readonly sink: ReportSink;
  private readonly state = emptyState();
  private readonly chunks: ChunkIndexer;
  private readonly states: number[] = [];
  private size = 0;
  private readonly byType: Record<string, number> = {};
  private readonly tallies: Record<string, Tally> = {};
  private readonly months = new Map<string, MonthTallies>();
  private readonly days = new Map<string, [number, number, number, number, number]>();
  private readonly grants = new Map<string, { level: number; expires: number; seq: number }[]>();
  private readonly escalations: EscalationRow[] = [];
  private readonly switchRows: SwitchRow[] = [];
  private readonly switchNow = new Map<string, { active: boolean; seq: number }>();
  private readonly rollbacks: RollbackRow[] = [];
  private readonly events: EventRow[] = [];
  private readonly overrideEntries = new Map<string, number[]>();
  private readonly underOverride: UnderOverrideRow[] = [];
  private readonly rollbacksByIncident = new Map<string, number[]>();
  private readonly incidentRefs: { seq: number; month: string; incident: string; failed: boolean }[] = [];
  private readonly counts = { escalations: 0, switches: 0, rollbacks: 0, events: 0 };
  readonly replayFindings: string[] = [];

  constructor(sink: ReportSink, opts: BuilderOptions = {}) {
    this.sink = sink;
    this.chunkSize = opts.chunkSize ?? 1000;
    this.chunks = new ChunkIndexer(sink, this.chunkSize, opts.chunkFiles ?? true);
    const every = opts.stateEvery ?? this.chunkSize * 10;
    this.stateEvery = Math.max(this.chunkSize, Math.ceil(every / this.chunkSize) * this.chunkSize);
    this.maxRows = opts.maxRows ?? 500;
    this.sample = opts.sample ?? 20;
    for (const a of opts.actors ?? []) this.actors.set(a.id, a);
  }

  private count(key: string, seq: number): void {
    const t = (this.tallies[key] ??= tally());
    t.count++;
    if (t.seqs.length < this.sample) t.seqs.push(seq);
  }

  private month(ts: string): MonthTallies {
    const m = ts.slice(0, 7);
    let out = this.months.get(m);
    if (!out) this.months.set(m, (out = monthTallies()));
    return out;
  }

  private mark(t: Tally, seq: number): void {
    t.count++;
    if (t.seqs.length < this.sample) t.seqs.push(seq);
  }

  private keep<T>(rows: T[], row: T): void {
    rows.push(row);
    if (rows.length >= this.maxRows * 2) rows.splice(0, rows.length - this.maxRows);
  }

  /** Adds the next entry (in seq order) with its exact ledger line (at `start` in its segment `text`). */
  add(e: LedgerEntry, line: string, text?: string, start?: number): void {
    const seq = this.size;
    if (seq % this.stateEvery === 0) {
      // the state before entry `seq`: the page replays forward from the nearest one
      this.states.push(seq);
      this.sink.state(seq, `${STATE_SCRIPT_FN}(${seq},${JSON.stringify(this.state)});\n`);
    }
    try {
      applyEntry(this.state, e);
    } catch (err) {
      if (this.replayFindings.length < 100) this.replayFindings.push((err as Error).message);
    }
    this.tally(e, seq);
    this.chunks.add(e, line, text, start);
    this.size++;
  }

  private tally(e: LedgerEntry, seq: number): void {
    this.byType[e.type] = (this.byType[e.type] ?? 0) + 1;
    this.count(e.type, seq);
    const level = typeof e.level === 'number' ? e.level : undefined;
    if (KNOWN_CHANGE.has(e.type)) {
      const day = e.ts.slice(0, 10);
      let d = this.days.get(day);
      if (!d) this.days.set(day, (d = [0, 0, 0, 0, 0]));
      if (level !== undefined && level >= 0 && level <= 4) d[level]++;
    }
    switch (e.type) {
      case 'change.applied':
        return this.onChange(e, seq, level);
      case 'rollback.applied':
        return this.onRollback(e, seq, level);
      case 'escalation.granted':
        return this.onEscalation(e, seq);
      case 'killswitch.activated':
      case 'killswitch.deactivated': {
        const sw = str(e.body.switch);
        const active = e.type === 'killswitch.activated';
        this.switchNow.set(sw, { active, seq });
        this.counts.switches++;
        this.keep(this.switchRows, {
          seq,
          ts: e.ts,
          actor: e.actor,
          switch: sw,
          active,
          change: changeOf(e),
        });
        return;
      }
      case 'genesis':
      case 'snapshot':
        return;
      default: {
        const override = e.subject?.override;
        if (override) this.overrideEntry(override, seq);
        this.counts.events++;
        const what = [e.subject?.incident, override, e.subject?.alert, e.subject?.change]
          .filter(Boolean)
          .join(' ');
        this.keep(this.events, { seq, ts: e.ts, type: e.type, actor: e.actor, what });
      }
    }
  }

  private overrideEntry(id: string, seq: number): void {
    const list = this.overrideEntries.get(id) ?? [];
    if (list.length < this.sample) list.push(seq);
    this.overrideEntries.set(id, list);
  }

  private onChange(e: LedgerEntry, seq: number, level: number | undefined): void {
    const m = this.month(e.ts);
    if (level === undefined || !isObject(e.body.decision)) this.count('fail.change-unrecorded', seq);
    if (level !== undefined) this.count(`change.level${level}`, seq);
    const manifest = manifestOf(e);
    const related = manifest.related;
    if (isObject(related) && typeof related.override === 'string') this.overrideEntry(related.override, seq);
    const used = Array.isArray(e.body.overrides)
      ? e.body.overrides.filter((o): o is string => typeof o === 'string')
      : [];
    for (const o of used) this.overrideEntry(o, seq);
    // DESIGN §4: change.applied records the overrides used; a change they let through is shown with them.
    if (used.length > 0) {
      this.count('change.override', seq);
      const decision = isObject(e.body.decision) ? e.body.decision : {};
      this.keep(this.underOverride, {
        seq,
        ts: e.ts,
        change: changeOf(e),
        level: level ?? null,
        decision: str(decision.status),
        overrides: used.map((id) => ({ id, checks: [], status: '' })),
      });
    }
    // seed 000 Part 7, monthly audit 2: every approval has its audit entry
    if (level === 1 || level === 2) {
      this.mark(m.approvalsNeeded, seq);
      const approvals = approvalsOf(e);
      if (
        approvals.length === 0 ||
        approvals.some((a) => str(a.actor) === '' || approvalProof(a).kind === 'none')
      ) {
        this.mark(m.approvalFailures, seq);
        this.count(`fail.approval.level${level}`, seq);
      }
    }
    // seed 000 Part 7, monthly audit 1: acting above one's max level needs a logged escalation
    const proposer = str(manifest.proposer) || e.actor;
    const actor = this.actors.get(proposer);
    if (actor && level !== undefined && level > actor.max_level) {
      const at = Date.parse(e.ts);
      const covered = (this.grants.get(proposer) ?? []).some((g) => g.level >= level && g.expires > at);
      if (!covered) {
        this.mark(m.escalationFailures, seq);
        this.count('fail.escalation', seq);
      }
    }
    if (level === 3) this.count('level3', seq);
  }

  private onRollback(e: LedgerEntry, seq: number, level: number | undefined): void {
    const m = this.month(e.ts);
    this.mark(m.rollbacks, seq);
    if (level !== undefined) this.count(`rollback.level${level}`, seq);
    const reverts = revertsOf(e);
    const incident = incidentOf(e);
    let why = '';
    if (reverts.length === 0) why = 'names no reverted entry';
    for (const r of reverts) {
      const t = r < seq ? this.chunks.typeAt(r) : undefined;
      if (t === undefined || !KNOWN_CHANGE.has(t)) why = `reverts #${r}, which is not an applied change`;
    }
    const justification = str(manifestOf(e).justification) || str(manifestOf(e).title);
    if (!why && !justification && !incident) why = 'has neither a justification nor an incident';
    if (why) {
      this.mark(m.rollbackFailures, seq);
      this.count('fail.rollback', seq);
    }
    if (incident) {
      this.incidentRefs.push({ seq, month: e.ts.slice(0, 7), incident, failed: why !== '' });
      this.count('rollback.incident', seq);
      const list = this.rollbacksByIncident.get(incident) ?? [];
      list.push(seq);
      this.rollbacksByIncident.set(incident, list);
    }
    this.counts.rollbacks++;
    // incident existence is checked in finish(), once the records are known
    this.keep(this.rollbacks, {
      seq,
      ts: e.ts,
      actor: e.actor,
      reverts,
      incident,
      ops: opsOf(e).length,
      documented: why === '',
      why,
    });
  }

  private onEscalation(e: LedgerEntry, seq: number): void {
    const m = this.month(e.ts);
    this.mark(m.escalations, seq);
    const grantee = str(e.body.actor);
    const level = typeof e.body.level === 'number' ? e.body.level : null;
    const expires = str(e.body.expires_at);
    const change = str(e.body.change) || changeOf(e);
    const approvals = approvalsOf(e).length;
    // seed 000 Part 4: an escalation is granted through approval, with a level and an expiry
    if (!grantee || level === null || Number.isNaN(Date.parse(expires)) || !change) {
      this.mark(m.escalationFailures, seq);
      this.count('fail.escalation', seq);
    }
    if (grantee && level !== null) {
      const list = this.grants.get(grantee) ?? [];
      list.push({ level, expires: Date.parse(expires), seq });
      this.grants.set(grantee, list);
    }
    this.counts.escalations++;
    this.keep(this.escalations, {
      seq,
      ts: e.ts,
      by: e.actor,
      grantee,
      level,
      expires_at: expires,
      change,
      approvals,
    });
  }

  finish(input: FinishInput): ReportModel {
    const index: ClientIndex = { ...this.chunks.finish(), stateEvery: this.stateEvery, states: this.states };
    const chain = chainWithReplay(input.chain, this.replayFindings);
    const incidents = deriveIncidents(input.incidents, this.size, this.rollbacksByIncident);
    const known = new Set(incidents.map((i) => i.id));
    for (const ref of this.incidentRefs)
      if (!ref.failed && !known.has(ref.incident)) {
        this.mark(this.months.get(ref.month)!.rollbackFailures, ref.seq);
        this.count('fail.rollback', ref.seq);
      }
    for (const r of this.rollbacks)
      if (r.documented && r.incident && !known.has(r.incident)) {
        r.documented = false;
        r.why = `names incident ${r.incident}, which has no record in incidents/`;
      }
    const overrides = deriveOverrides(input.overrides, incidents, this.overrideEntries, input.now);
    const byOverride = new Map(overrides.map((o) => [o.id, o]));
    const underOverride = this.underOverride.slice(-this.maxRows).map((r) => ({
      ...r,
      overrides: r.overrides.map((o) => {
        const row = byOverride.get(o.id);
        return row
          ? { id: o.id, checks: row.checks, status: row.status }
          : { id: o.id, checks: [], status: 'no request file' };
      }),
    }));
    const mttrTargetSeconds =
      input.mttrTargetSeconds ?? wholeSeconds(mttrTargetMs({ mttr_target: DEFAULT_MTTR_TARGET }))!;
    const stats: LedgerStats = {
      size: this.size,
      byType: this.byType,
      tallies: this.tallies,
      months: this.months,
      rollbacks: this.rollbacks,
      stateFiles: this.states.length,
    };
    const { unit, buckets } = levelBuckets(this.days);
    const trim = <T>(rows: T[]): T[] => rows.slice(-this.maxRows);
    return {
      generatedAt: input.now.toISOString(),
      repo: input.repo,
      chain,
      size: this.size,
      byType: this.byType,
      levelBuckets: buckets,
      bucketUnit: unit,
      incidents,
      overrides,
      escalations: { total: this.counts.escalations, rows: trim(this.escalations) },
      switches: {
        total: this.counts.switches,
        rows: trim(this.switchRows),
        current: [...this.switchNow]
          .map(([sw, v]) => ({ switch: sw, ...v }))
          .sort((a, b) => (a.switch < b.switch ? -1 : 1)),
      },
      rollbacks: { total: this.counts.rollbacks, rows: trim(this.rollbacks) },
      events: { total: this.counts.events, rows: trim(this.events) },
      underOverride,
      mttrTargetSeconds,
      ...(input.provenance ? { provenance: input.provenance } : {}),
      soc2: buildSoc2(stats, chain, incidents, overrides, {
        mttrTargetSeconds,
        underOverride: this.tallies['change.override'] ?? { count: 0, seqs: [] },
      }),
      checklist: buildChecklist(stats, chain, incidents),
      index,
    };
  }
}
