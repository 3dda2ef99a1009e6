/**
 * The checkpoint signer key of a command that appends to the ledger (`record`, `monitor --record`):
 * `--checkpoint-key FILE`, else env GATEHOUSE_CHECKPOINT_KEY; none means no checkpoint is written.
 * Checked before anything is appended; no message ever includes the key (DESIGN §4: CI holds it as a secret).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { notFound } from '../core/errors.js';
import { checkedSignerKey } from '../record/signer-key.js';
import { optionalString } from './args.js';
import type { CliContext, ParsedArgs } from './command.js';

export async function checkpointSignerKey(ctx: CliContext, args: ParsedArgs): Promise<string | undefined> {
  const file = optionalString(args, 'checkpoint-key');
  let text: string | undefined;
  let where: string;
  if (file !== undefined) {
    where = `--checkpoint-key ${file}`;
    try {
      text = await readFile(resolve(ctx.repo, file), 'utf8');
    } catch (e) {
      throw notFound(`${where}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`, file);
    }
  } else {
    where = 'GATEHOUSE_CHECKPOINT_KEY';
    text = ctx.env.GATEHOUSE_CHECKPOINT_KEY;
    if (text === undefined || text.trim() === '') return undefined;
  }
  return checkedSignerKey(text, where); // messages never include the key
}
