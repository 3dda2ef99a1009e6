/**
 * `verify --since` (DESIGN §4, §5): the checkpoint verified earlier, read before anything is verified — a size
 * (`ledger/checkpoints/<size>.note`) or a note file (relative to the repository, else to the caller's working
 * directory). Missing or malformed: bad input (exit 2), nothing verified.
 */
import { badInput, notFound } from '../core/errors.js';
import { decodeUtf8Strict, describeBadByte, utf8Position } from '../core/utf8.js';
import { archivedCheckpointPath, type LedgerLayout } from '../ledger/layout.js';
import { NoteError } from '../ledger/note.js';
import type { TextFile } from '../ledger/verify.js';
import { sinceCheckpoint } from '../ledger/verify-since.js';
import type { WorkTree } from './ports.js';

async function readOptionalBytes(
  work: Pick<WorkTree, 'readBytes'>,
  path: string,
): Promise<Uint8Array | undefined> {
  try {
    return await work.readBytes(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** `since.arg` as given; `since.outside`, the same file resolved against the caller's working directory. */
export async function readSince(
  work: Pick<WorkTree, 'readBytes'>,
  layout: LedgerLayout,
  since: { arg: string; outside: string },
): Promise<TextFile> {
  const { arg } = since;
  const size = /^\d+$/.test(arg);
  const file = size ? archivedCheckpointPath(layout, Number(arg)) : arg;
  const paths = size ? [file] : [file, since.outside];
  let bytes: Uint8Array | undefined;
  for (const path of paths) bytes ??= await readOptionalBytes(work, path);
  if (bytes === undefined) throw notFound(`--since ${arg}: no checkpoint file ${file}`, file);
  // signed-note: valid UTF-8, checked on the bytes with a fatal decoder (U+FFFD is a valid character).
  const decoded = decodeUtf8Strict(bytes, { keepBom: true });
  if (!decoded.ok)
    throw badInput([
      {
        file,
        ...utf8Position(bytes, decoded.offset),
        message: `invalid UTF-8 (${describeBadByte(decoded)}): not a signed checkpoint`,
      },
    ]);
  const text = decoded.text;
  try {
    sinceCheckpoint({ file, text });
  } catch (err) {
    if (err instanceof NoteError)
      throw badInput([{ file, line: 1, message: `not a signed checkpoint: ${err.message}` }]);
    throw err;
  }
  return { file, text };
}
