/**
 * The one decoder of ledger lines and the typed readers of entry bodies (DESIGN §4). A line is decoded
 * once (JSON.parse, seq checked where the caller knows it); a body member is read through the accessor
 * for it, which checks its shape and answers a typed value or nothing — never a cast of an unknown. The
 * encoder is chain.ts `serializeEntry` (JCS, integers only). verify's own line reader (verify-line.ts)
 * proves the shape first and builds the same entries.
 */
import { conflict } from '../core/errors.js';
import type { Level } from '../core/documents.js';
import type { EntryType, LedgerEntry } from '../core/ledger-entry.js';
import type { GovernedState, Op } from '../core/state-types.js';

export { serializeEntry as encodeEntry } from './chain.js';

/**
 * The entry on `line`, or a conflict that names `what` (e.g. `ledger entry 3`) and `gatehouse verify`.
 * With `seq`, an entry carrying another seq is refused too, and the message gives the reason.
 */
export function decodeEntry(line: string, what: string, seq?: number): LedgerEntry {
  let e: LedgerEntry;
  try {
    e = JSON.parse(line) as LedgerEntry;
    if (seq !== undefined && e.seq !== seq) throw new Error(`it carries seq ${String(e.seq)}`);
  } catch (err) {
    const why = seq === undefined ? 'is not JSON' : `cannot be read (${(err as Error).message})`;
    throw conflict(`${what} ${why}; run \`gatehouse verify\``, err);
  }
  return e;
}

/** The entry on `line`, or undefined when it is not JSON (an unreadable line is verify's business). */
export function tryDecodeEntry(line: string): LedgerEntry | undefined {
  try {
    return JSON.parse(line) as LedgerEntry;
  } catch {
    return undefined;
  }
}

/** The top-level `ts` of a JCS entry line: `"ts"` is the last string field before `type` and `v`. */
export function lineTs(line: string): string | undefined {
  const i = line.lastIndexOf('"ts":"');
  if (i < 0) return undefined;
  const end = line.indexOf('"', i + 6);
  return end < 0 ? undefined : line.slice(i + 6, end);
}

/** Whether a JCS line may hold a snapshot entry (a byte test before decoding it). */
export function mayBeSnapshot(line: string): boolean {
  return line.includes('"type":"snapshot"');
}

type Body = Record<string, unknown>;
const bodyOf = (e: LedgerEntry): Body =>
  typeof e.body === 'object' && e.body !== null ? (e.body as Body) : ({} as Body);
const isApplied = (t: EntryType): boolean => t === 'change.applied' || t === 'rollback.applied';
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const numbers = (v: unknown): number[] =>
  Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];

/** snapshot: the state hash and file it names, when both are strings. */
export function snapshotOf(e: LedgerEntry): { state: string; file: string } | undefined {
  if (e.type !== 'snapshot') return undefined;
  const b = bodyOf(e);
  return typeof b.state === 'string' && typeof b.file === 'string'
    ? { state: b.state, file: b.file }
    : undefined;
}

/** A snapshot entry's `state` and `file` as written, unchecked (verify reports wrong ones). */
export function snapshotFields(e: LedgerEntry): { state: unknown; file: unknown } {
  const b = bodyOf(e);
  return { state: b.state, file: b.file };
}

/** The ops an entry carries (applied entries replay them); [] when absent or not a list. */
export function opsOf(e: LedgerEntry): Op[] {
  const ops = bodyOf(e).ops;
  return Array.isArray(ops) ? (ops as Op[]) : [];
}

/** Whether the body holds an `ops` list at all (a rollback's range check needs the difference). */
export function hasOpsList(e: LedgerEntry): boolean {
  return Array.isArray(bodyOf(e).ops);
}

/** change.applied / rollback.applied: the overrides it recorded as used. */
export function overridesUsedOf(e: LedgerEntry): string[] {
  return isApplied(e.type) ? strings(bodyOf(e).overrides) : [];
}

/** rollback.applied `body.reverts`: the seqs it undid. */
export function revertsOf(e: LedgerEntry): number[] {
  return numbers(bodyOf(e).reverts);
}

/** `body.reverts`, else the manifest's `related.reverts` (a number or a list), as a list. */
export function declaredRevertsOf(e: LedgerEntry): number[] {
  const b = bodyOf(e);
  const manifest = b.manifest as { related?: { reverts?: unknown } } | undefined;
  const r = b.reverts ?? manifest?.related?.reverts;
  return Array.isArray(r) ? numbers(r) : typeof r === 'number' ? [r] : [];
}

/** The manifest an applied entry recorded (kind, title), as far as it is readable. */
export function manifestOf(e: LedgerEntry): { kind?: string; title?: string } {
  const m = bodyOf(e).manifest as { kind?: unknown; title?: unknown } | undefined;
  return {
    ...(typeof m?.kind === 'string' ? { kind: m.kind } : {}),
    ...(typeof m?.title === 'string' ? { title: m.title } : {}),
  };
}

/** The blast-radius summary an applied entry's decision recorded, when complete. */
export function recordedAffectedOf(
  e: LedgerEntry,
): { affected: number; services: string[]; regions: string[] } | undefined {
  const d = bodyOf(e).decision as { affected?: { count?: unknown; services?: unknown; regions?: unknown } };
  const a = d?.affected;
  if (!a || typeof a.count !== 'number' || !Array.isArray(a.services) || !Array.isArray(a.regions))
    return undefined;
  return { affected: a.count, services: strings(a.services), regions: strings(a.regions) };
}

/** escalation.granted: the grant, when every member is present. */
export function escalationOf(
  e: LedgerEntry,
): { actor: string; level: Level; expires_at: string } | undefined {
  if (e.type !== 'escalation.granted') return undefined;
  const b = bodyOf(e);
  if (typeof b.actor !== 'string' || typeof b.level !== 'number' || typeof b.expires_at !== 'string')
    return undefined;
  return { actor: b.actor, level: b.level as Level, expires_at: b.expires_at };
}

/** policy.changed: the files it recorded with their before/after hashes. */
export function policyFilesOf(e: LedgerEntry): { path: string; before: unknown; after: unknown }[] {
  if (e.type !== 'policy.changed') return [];
  const files = bodyOf(e).files;
  if (!Array.isArray(files)) return [];
  const out: { path: string; before: unknown; after: unknown }[] = [];
  for (const f of files as { path?: unknown; before?: unknown; after?: unknown }[])
    if (typeof f?.path === 'string') out.push({ path: f.path, before: f.before, after: f.after });
  return out;
}

/** The idempotency key an entry carries (`body.key`, see src/store/ledger-store.ts). */
export function keyOf(e: LedgerEntry): string | undefined {
  const k = bodyOf(e).key;
  return typeof k === 'string' ? k : undefined;
}

/** genesis: the state the ledger starts from (replay checks its shape). */
export function genesisStateOf(e: LedgerEntry): GovernedState | undefined {
  return e.type === 'genesis' ? (bodyOf(e).state as GovernedState | undefined) : undefined;
}
