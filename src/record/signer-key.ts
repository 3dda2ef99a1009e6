/**
 * The checkpoint signer key of a command that appends to the ledger (DESIGN §4): checked before anything is
 * appended, and no message ever includes the key (CI holds it as a secret). Pure: the caller reads the text.
 */
import { usageError } from '../core/errors.js';
import { NoteError, parseSignerKey } from '../ledger/checkpoint.js';

/** The trimmed key; a usage error naming `where` (the flag or variable it came from) when it does not parse. */
export function checkedSignerKey(text: string, where: string): string {
  const key = text.trim();
  try {
    parseSignerKey(key);
  } catch (e) {
    if (e instanceof NoteError) throw usageError(`${where}: not a checkpoint signer key (${e.message})`);
    throw e;
  }
  return key;
}
