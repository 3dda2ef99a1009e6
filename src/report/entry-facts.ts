/**
 * Small readers over ledger entry bodies (DESIGN §4), shared by the model and the checks. Entry bodies
 * are data from the ledger: every field is checked for its type before use.
 */
import type { LedgerEntry } from '../core/ledger-entry.js';

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function manifestOf(e: LedgerEntry): Record<string, unknown> {
  return isObject(e.body.manifest) ? e.body.manifest : {};
}

export function approvalsOf(e: LedgerEntry): Record<string, unknown>[] {
  const a = e.body.approvals;
  return Array.isArray(a) ? a.filter(isObject) : [];
}

export function opsOf(e: LedgerEntry): Record<string, unknown>[] {
  const ops = e.body.ops;
  return Array.isArray(ops) ? ops.filter(isObject) : [];
}

/**
 * How a counted approval proves itself (DESIGN §4: "actor, role, key fingerprint or GitHub review id").
 * Field names follow the gate's CountedApproval: `fingerprint`, `reviewId` (`review_id` also read).
 */
export function approvalProof(a: Record<string, unknown>): {
  kind: 'signed' | 'github' | 'none';
  text: string;
} {
  const fp = a.fingerprint;
  if (typeof fp === 'string' && fp !== '') return { kind: 'signed', text: fp };
  const review = a.reviewId ?? a.review_id;
  if (typeof review === 'number' || (typeof review === 'string' && review !== ''))
    return { kind: 'github', text: `review ${String(review)}` };
  return { kind: 'none', text: '' };
}

/** Services an entry touches: the `<service>` part of each op key (genesis: of every resource). */
export function servicesOf(e: LedgerEntry): string[] {
  const out = new Set<string>();
  const add = (key: string): void => {
    const slash = key.indexOf('/');
    if (slash > 0) out.add(key.slice(0, slash));
  };
  if (e.type === 'genesis') {
    const state = e.body.state;
    if (isObject(state) && isObject(state.resources)) for (const k of Object.keys(state.resources)) add(k);
  } else {
    for (const op of opsOf(e)) if (typeof op.key === 'string') add(op.key);
  }
  return [...out];
}

/** Seqs a rollback reverts: `body.reverts`, else the manifest's `related.reverts`. */
export function revertsOf(e: LedgerEntry): number[] {
  const direct = e.body.reverts;
  const related = manifestOf(e).related;
  const raw = direct ?? (isObject(related) ? related.reverts : undefined);
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter((n): n is number => typeof n === 'number' && Number.isInteger(n));
}

/** The incident an entry names: `subject.incident`, else the manifest's `related.incident`. */
export function incidentOf(e: LedgerEntry): string {
  if (e.subject?.incident) return e.subject.incident;
  const related = manifestOf(e).related;
  return isObject(related) ? str(related.incident) : '';
}

/** The change id an entry is about. */
export function changeOf(e: LedgerEntry): string {
  return e.subject?.change ?? str(manifestOf(e).id) ?? '';
}

export function secondsBetween(
  from: string | undefined | null,
  to: string | undefined | null,
): number | undefined {
  if (!from || !to) return undefined;
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
  return Math.round((b - a) / 1000);
}

/**
 * What the report needs of an entry to show it: the full shape rules are `gatehouse verify`'s (and a
 * line that breaks them shows up there as a finding); here only what rendering and replay rely on.
 */
export function entryShapeProblemsOf(e: unknown): string[] {
  if (!isObject(e)) return ['an entry is a JSON object'];
  const out: string[] = [];
  if (!Number.isSafeInteger(e.seq) || (e.seq as number) < 0) out.push('seq must be a non-negative integer');
  for (const k of ['prev', 'ts', 'type', 'actor'] as const)
    if (typeof e[k] !== 'string') out.push(`${k} must be a string`);
  if (typeof e.ts === 'string' && Number.isNaN(Date.parse(e.ts))) out.push('ts must be an ISO-8601 time');
  if (!isObject(e.body)) out.push('body must be an object');
  if (
    e.level !== undefined &&
    !(Number.isSafeInteger(e.level) && (e.level as number) >= 0 && (e.level as number) <= 4)
  )
    out.push('level must be an integer 0-4');
  if (e.subject !== undefined && !isObject(e.subject)) out.push('subject must be an object');
  return out;
}
