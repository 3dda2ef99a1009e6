/**
 * `gatehouse checkpoint sign [--checkpoint-key FILE]` (DESIGN §4; src/app/checkpoint.ts): sign the current ledger
 * head as a C2SP checkpoint, for a ledger that `record` appended to without a key. The key is `--checkpoint-key
 * FILE` or env GATEHOUSE_CHECKPOINT_KEY and never printed. Exit 1 when the ledger does not verify, 2 for a key
 * that is not the policy's. Committed, the checkpoint is a sign of life for the monitor's silence rule (seed 001).
 */
import { usageError } from '../../core/errors.js';
import { checkpointSign } from '../../app/checkpoint.js';
import { FsWorkTree } from '../../assembly/fs-work-files.js';
import { readLedgerFiles } from '../../store/ledger-files.js';
import { openLedger } from '../../store/ledger-store.js';
import { checkpointSignerKey } from '../checkpoint-key.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';
import { formatFinding } from '../render-findings.js';

const USAGE = 'gatehouse checkpoint sign [--checkpoint-key FILE] [--repo DIR] [--json]';

async function runSign(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const signerKey = await checkpointSignerKey(ctx, args);
  if (signerKey === undefined)
    throw usageError(
      `give the checkpoint signer key: --checkpoint-key FILE or env GATEHOUSE_CHECKPOINT_KEY\nusage: ${USAGE}`,
    );
  const r = await checkpointSign(
    { signerKey },
    {
      workTree: new FsWorkTree(ctx.repo),
      ledgerFiles: (layout) => readLedgerFiles(ctx.repo, layout),
      writeCheckpoint: async (layout, key) => (await openLedger(ctx.repo, layout)).writeCheckpoint(key),
    },
  );
  if (r.outcome === 'refused') {
    const msg = 'checkpoint: refused, the ledger does not verify; nothing signed (run `gatehouse verify`)';
    if (ctx.json)
      ctx.stdout(JSON.stringify({ signed: false, refused: true, size: r.size, findings: r.findings }));
    else ctx.stdout([...r.findings.map(formatFinding), msg].join('\n'));
    return 1;
  }
  const { size, root, file, archived } = r;
  if (r.outcome === 'current') {
    if (ctx.json) ctx.stdout(JSON.stringify({ signed: false, size, root, file, archived }));
    else ctx.stdout(`checkpoint: ${file} already commits to the ledger head (size ${size}); nothing written`);
    return 0;
  }
  if (ctx.json) ctx.stdout(JSON.stringify({ signed: true, size, root, file, archived }));
  else
    ctx.stdout(
      [
        `checkpoint signed: ${file} and ${archived} at size ${size} (root ${root})`,
        `commit them: git add ${r.ledgerDir} && git commit -m "ledger: checkpoint at ${size}"`,
      ].join('\n'),
    );
  return 0;
}

export const checkpointCommand: Command = {
  name: 'checkpoint',
  summary:
    'sign the current ledger head as a checkpoint (ledger/checkpoint), e.g. after record without a key',
  usage: USAGE,
  options: { 'checkpoint-key': { type: 'string' } },
  async run(ctx, args) {
    const [sub, ...extra] = args.positionals;
    if (sub !== 'sign' || extra.length > 0)
      throw usageError(
        `${sub === undefined ? 'checkpoint needs a subcommand' : `checkpoint: unknown subcommand "${[sub, ...extra].join(' ')}"`}: sign\nusage: ${USAGE}`,
      );
    return runSign(ctx, args);
  },
};
