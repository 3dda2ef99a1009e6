/** Ledger verification findings as text, for `verify` and `checkpoint sign`. */
import type { Finding } from '../ledger/verify.js';

/** `file:line: seq N: message` (DESIGN §5, CONVENTIONS: one line per finding). */
export function formatFinding(f: Finding): string {
  const where = f.line !== undefined ? `${f.file}:${f.line}` : f.file;
  return `${where}: ${f.seq !== undefined ? `seq ${f.seq}: ` : ''}${f.message}`;
}
