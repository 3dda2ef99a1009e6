/**
 * `gatehouse checkpoint sign [--checkpoint-key FILE]` (DESIGN §4): sign the current ledger head as a C2SP
 * checkpoint — `ledger/checkpoint` and the archived `ledger/checkpoints/<size>.note` — for a ledger that `record`
 * appended to without a key. The key is `--checkpoint-key FILE` or env GATEHOUSE_CHECKPOINT_KEY and never printed.
 * Refuses a ledger that does not verify (exit 1) and a key whose public half is not the policy's verifier key
 * (exit 2: what it signs would not verify); when the checkpoint already commits to the head, writes nothing.
 * Committed, the checkpoint is a sign of life for the monitor's silence rule (seed 001).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { badInput, usageError } from '../../core/errors.js';
import { verifierKeyOf, verifyCheckpoint } from '../../ledger/checkpoint.js';
import { readLedgerFiles } from '../../store/ledger-files.js';
import { archivedCheckpointPath, checkpointPath } from '../../ledger/layout.js';
import { openLedger } from '../../store/ledger-store.js';
import { verifyLedger } from '../../ledger/verify.js';
import { FsTree } from '../../repo/fs-tree.js';
import { joinPath, loadLayout } from '../../repo/layout.js';
import { checkpointSignerKey } from '../checkpoint-key.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';
import { formatFinding } from './verify.js';

const USAGE = 'gatehouse checkpoint sign [--checkpoint-key FILE] [--repo DIR] [--json]';

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

async function runSign(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const signerKey = await checkpointSignerKey(ctx, args);
  if (signerKey === undefined)
    throw usageError(
      `give the checkpoint signer key: --checkpoint-key FILE or env GATEHOUSE_CHECKPOINT_KEY\nusage: ${USAGE}`,
    );
  const layout = await loadLayout(new FsTree(ctx.repo));
  const keyFile = joinPath(layout.paths.policies, layout.ledger.checkpoint_key);
  const verifierKey = verifierKeyOf(signerKey);
  const policyKey = (await readOptional(join(ctx.repo, keyFile)))?.trim();
  // DESIGN §4: the checkpoint key's public half lives in policies/keys/; a note it cannot verify is useless.
  if (policyKey === undefined)
    throw badInput([
      {
        file: keyFile,
        message: `no checkpoint verifier key: add the public half of this signer key to ${keyFile} (${verifierKey}) and commit it; nothing signed`,
      },
    ]);
  if (policyKey !== verifierKey)
    throw badInput([
      {
        file: keyFile,
        line: 1,
        message: `the signer key is not the one ${keyFile} names (its public half is ${verifierKey.split('+').slice(0, 2).join('+')}): a checkpoint it signs would not verify; nothing signed`,
      },
    ]);

  const files = await readLedgerFiles(ctx.repo, layout);
  // Drift (state/ against the replay) is not the ledger's integrity, and a checkpoint that is missing or not yet
  // archived is what signing repairs: every other finding refuses.
  const report = verifyLedger({ ...files, verifierKey: policyKey, verifierKeyFile: keyFile, layout });
  const findings = report.findings.filter(
    (f) => !(f.check === 'checkpoint' && f.message.startsWith('missing: ')),
  );
  if (findings.length > 0) {
    const msg = 'checkpoint: refused, the ledger does not verify; nothing signed (run `gatehouse verify`)';
    if (ctx.json)
      ctx.stdout(
        JSON.stringify({ signed: false, refused: true, size: report.size, findings: report.findings }),
      );
    else ctx.stdout([...report.findings.map(formatFinding), msg].join('\n'));
    return 1;
  }
  if (report.size === 0)
    throw usageError(
      `the ledger at ${layout.paths.ledger}/ is empty: nothing to sign (run gatehouse init or record)`,
    );

  const file = checkpointPath(layout);
  const archived = archivedCheckpointPath(layout, report.size);
  const latest = files.latestCheckpoint?.text;
  const latestOk =
    latest !== undefined &&
    latest.split('\n')[1] === String(report.size) &&
    verifyCheckpoint(latest, policyKey).ok &&
    (await readOptional(join(ctx.repo, archived))) === latest;
  if (latestOk) {
    const msg = `checkpoint: ${file} already commits to the ledger head (size ${report.size}); nothing written`;
    if (ctx.json)
      ctx.stdout(
        JSON.stringify({ signed: false, size: report.size, root: report.root.base64, file, archived }),
      );
    else ctx.stdout(msg);
    return 0;
  }
  const ledger = await openLedger(ctx.repo, layout);
  const cp = await ledger.writeCheckpoint(signerKey);
  const root = cp.root.toString('base64');
  const written = archivedCheckpointPath(layout, cp.size);
  if (ctx.json)
    ctx.stdout(JSON.stringify({ signed: true, size: cp.size, root, file: cp.file, archived: written }));
  else
    ctx.stdout(
      [
        `checkpoint signed: ${cp.file} and ${written} at size ${cp.size} (root ${root})`,
        `commit them: git add ${layout.paths.ledger} && git commit -m "ledger: checkpoint at ${cp.size}"`,
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
