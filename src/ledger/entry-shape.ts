/** The structural check of one parsed ledger line (DESIGN §4 entry shape), used by verifyLedger. */
import { ENTRY_TYPES } from '../core/ledger-entry.js';

const TYPES: ReadonlySet<string> = new Set(ENTRY_TYPES);
const FIELDS: ReadonlySet<string> = new Set([
  'v',
  'seq',
  'prev',
  'ts',
  'type',
  'actor',
  'level',
  'subject',
  'body',
]);
const PREV_RE = /^sha256:[0-9a-f]{64}$/;
const TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Structural check of one parsed line (DESIGN §4 entry shape). Returns the problems, empty if none.
 * `expectedPrev` (well-formed by construction) skips the prev pattern test when it matches.
 */
export function entryShapeProblems(e: unknown, expectedPrev?: string): string[] {
  if (!isObject(e)) return ['an entry is a JSON object'];
  const out: string[] = [];
  if (e.v !== 1) out.push('v must be 1');
  if (!Number.isSafeInteger(e.seq) || (e.seq as number) < 0) out.push('seq must be a non-negative integer');
  if (e.prev !== expectedPrev && (typeof e.prev !== 'string' || !PREV_RE.test(e.prev)))
    out.push('prev must be sha256:<64 hex>');
  if (typeof e.ts !== 'string' || !TS_RE.test(e.ts) || Number.isNaN(Date.parse(e.ts)))
    out.push('ts must be an ISO-8601 UTC time (…Z)');
  if (typeof e.type !== 'string' || !TYPES.has(e.type)) out.push(`unknown type ${JSON.stringify(e.type)}`);
  if (typeof e.actor !== 'string' || e.actor === '') out.push('actor must be a non-empty string');
  if (!isObject(e.body)) out.push('body must be an object');
  if (
    e.level !== undefined &&
    !(Number.isSafeInteger(e.level) && (e.level as number) >= 0 && (e.level as number) <= 4)
  )
    out.push('level must be an integer 0-4');
  if (e.subject !== undefined && !isObject(e.subject)) out.push('subject must be an object');
  for (const k in e) if (!FIELDS.has(k)) out.push(`unknown field "${k}"`);
  return out;
}
