/**
 * `interrupt` entries (DESIGN §3 level 3: "any eligible human can interrupt, which produces a deterministic
 * rollback"). Derived, never declared: a merged `kind: rollback` change proposed by a human actor interrupts
 * each entry it reverts that is a level-3 (or 4) `change.applied` still inside its observation window when the
 * rollback is judged. The interrupt entries precede the `rollback.applied` entry that undoes the change, so
 * an auditor reads "alice interrupted CHG-0042, then its inverse was applied". A rollback after the window is
 * an ordinary rollback and gets no interrupt entry. Pure: the caller reads the ledger and the policy.
 */
import type { ChangeManifest } from '../core/documents.js';
import type { AppendDraft } from '../ledger/chain.js';
import { isoSeconds, recordKey } from './build.js';

/** A ledger entry the rollback names in `related.reverts`, as the ledger holds it. */
export interface RevertedEntry {
  seq: number;
  ts: string;
  type: string;
  level?: number;
  change?: string;
  actor: string;
}

export interface InterruptInput {
  manifest: ChangeManifest;
  digest: string;
  reverted: readonly RevertedEntry[];
  /** `kind` of the rollback's proposer in the base policy (undefined: not an actor). */
  proposerKind: 'human' | 'agent' | 'service' | undefined;
  /** The level-3 observation window, ms (authority.yaml `levels.3.observation_window`, default 30m). */
  windowMs: number;
  /** When the rollback is judged (the record's time). */
  at: Date;
  subject: { change: string; commit?: string; pr?: number };
}

/** The interrupt drafts of a rollback, in the order of the entries it reverts. */
export function interruptDrafts(input: InterruptInput): AppendDraft[] {
  const m = input.manifest;
  if (m.kind !== 'rollback' || input.proposerKind !== 'human') return [];
  const at = input.at.getTime();
  const drafts: AppendDraft[] = [];
  for (const e of input.reverted) {
    if (e.type !== 'change.applied' || e.level === undefined || e.level < 3) continue;
    const applied = Date.parse(e.ts);
    const endsAt = applied + input.windowMs;
    if (!Number.isFinite(applied) || at < applied || at > endsAt) continue;
    drafts.push({
      ts: isoSeconds(input.at),
      type: 'interrupt',
      actor: m.proposer,
      level: m.level,
      subject: input.subject,
      key: `${recordKey('interrupt', m.id, input.digest)}:${e.seq}`,
      body: {
        interrupted: e.seq,
        ...(e.change !== undefined ? { change: e.change } : {}),
        proposer: e.actor,
        level: e.level,
        applied_at: e.ts,
        window_ends_at: isoSeconds(new Date(endsAt)),
        rollback: m.id,
        ...(m.justification !== undefined ? { reason: m.justification } : {}),
      },
    });
  }
  return drafts;
}

/** The entries a rollback names (`related.reverts`), read from the ledger's lines (seq = index). */
export function revertedEntries(lines: readonly string[], m: ChangeManifest): RevertedEntry[] {
  const r = m.related?.reverts;
  const seqs = r === undefined ? [] : Array.isArray(r) ? r : [r];
  const out: RevertedEntry[] = [];
  for (const seq of seqs) {
    const line = lines[seq];
    if (line === undefined) continue;
    let e: { ts?: unknown; type?: unknown; level?: unknown; actor?: unknown; subject?: { change?: unknown } };
    try {
      e = JSON.parse(line) as typeof e;
    } catch {
      continue; // verify reports unreadable lines; an unreadable entry is interrupted by nobody
    }
    if (typeof e.ts !== 'string' || typeof e.type !== 'string' || typeof e.actor !== 'string') continue;
    out.push({
      seq,
      ts: e.ts,
      type: e.type,
      actor: e.actor,
      ...(typeof e.level === 'number' ? { level: e.level } : {}),
      ...(typeof e.subject?.change === 'string' ? { change: e.subject.change } : {}),
    });
  }
  return out;
}
