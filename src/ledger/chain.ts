/**
 * The hash chain (DESIGN §4): each entry is one JCS line; `leaf_i = SHA-256(0x00 ‖ line_i)` and the
 * `prev` of entry i is `sha256:hex(leaf_{i-1})`, 64 zeros for the genesis entry at seq 0.
 */
import { jcs } from '../core/jcs.js';
import { badInput, type Problem } from '../core/errors.js';
import { ZERO_HASH, type LedgerEntry } from '../core/ledger-entry.js';
import { leafHash } from './merkle.js';

/** What a caller supplies for a new entry: everything but `v`, `seq` and `prev`, which the chain fixes. */
export type EntryDraft = Omit<LedgerEntry, 'v' | 'seq' | 'prev'>;

/** A new entry: everything but v/seq/prev, plus an optional idempotency key (stored as body.key). */
export type AppendDraft = EntryDraft & { key?: string };

/** `sha256:<hex>` of the line's RFC 9162 leaf hash: the `prev` of the entry after it. */
export function prevOf(line: string): string {
  return `sha256:${leafHash(line).toString('hex')}`;
}

/** The entry's line: JCS (RFC 8785), integers only (DESIGN §4: no floats). */
export function serializeEntry(entry: LedgerEntry): string {
  const problems: Problem[] = [];
  integersOnly(entry, '', problems, `ledger entry ${entry.seq}`);
  if (problems.length > 0) throw badInput(problems);
  return jcs(entry);
}

/**
 * Builds entry `fields.seq` chained after `prevLine` (the previous entry's line, or null for seq 0)
 * and returns it with its line.
 */
export function makeEntry(
  fields: EntryDraft & { seq: number },
  prevLine: string | null,
): { entry: LedgerEntry; line: string } {
  if (!Number.isSafeInteger(fields.seq) || fields.seq < 0)
    throw badInput([{ file: 'ledger', message: `seq must be a non-negative integer, found ${fields.seq}` }]);
  if ((fields.seq === 0) !== (prevLine === null))
    throw badInput([
      { file: 'ledger', message: `entry ${fields.seq}: only seq 0 has no previous line (DESIGN §4)` },
    ]);
  const entry: LedgerEntry = {
    ...fields,
    v: 1,
    seq: fields.seq,
    prev: prevLine === null ? ZERO_HASH : prevOf(prevLine),
  };
  return { entry, line: serializeEntry(entry) };
}

function integersOnly(v: unknown, pointer: string, out: Problem[], file: string): void {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v))
      out.push({
        file,
        pointer,
        message: `${v} is not an integer; the ledger carries integers only (DESIGN §4)`,
      });
    return;
  }
  if (v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => integersOnly(x, `${pointer}/${i}`, out, file));
    return;
  }
  for (const [k, x] of Object.entries(v)) {
    integersOnly(x, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, out, file);
  }
}
