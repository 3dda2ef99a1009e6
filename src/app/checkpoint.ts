/**
 * The checkpoint-sign use case (DESIGN §4): sign the current ledger head as a C2SP checkpoint — `ledger/checkpoint`
 * and the archived `ledger/checkpoints/<size>.note` — for a ledger that `record` appended to without a key.
 * Refuses a ledger that does not verify and a key whose public half is not the policy's verifier key (what it
 * signs would not verify); when the checkpoint already commits to the head, writes nothing.
 */
import { badInput, usageError } from '../core/errors.js';
import { verifierKeyOf, verifyCheckpoint } from '../ledger/checkpoint.js';
import { archivedCheckpointPath, checkpointPath } from '../ledger/layout.js';
import { verifyLedger, type Finding } from '../ledger/verify.js';
import { joinPath, loadLayout, type RepoLayout } from '../repo/layout.js';
import type { LedgerFiles } from '../store/ledger-files.js';
import type { WorkTree } from './ports.js';

export interface CheckpointSignRequest {
  /** The checkpoint signer key (never part of any result or message). */
  signerKey: string;
}

export interface CheckpointSignPorts {
  workTree: WorkTree;
  /** The ledger's files as the verifier reads them (src/store/ledger-files.ts). */
  ledgerFiles(layout: RepoLayout): Promise<LedgerFiles>;
  /** Signs the current root and writes both checkpoint files (src/store/ledger-store.ts). */
  writeCheckpoint(
    layout: RepoLayout,
    signerKey: string,
  ): Promise<{ size: number; root: Buffer; file: string }>;
}

export type CheckpointSignResult =
  /** The ledger does not verify: nothing signed (exit 1). */
  | { outcome: 'refused'; size: number; findings: Finding[] }
  /** The checkpoint already commits to the head: nothing written. */
  | { outcome: 'current'; size: number; root: string; file: string; archived: string }
  | { outcome: 'signed'; size: number; root: string; file: string; archived: string; ledgerDir: string };

export async function checkpointSign(
  request: CheckpointSignRequest,
  ports: CheckpointSignPorts,
): Promise<CheckpointSignResult> {
  const { signerKey } = request;
  const tree = ports.workTree;
  const layout = await loadLayout(tree);
  const keyFile = joinPath(layout.paths.policies, layout.ledger.checkpoint_key);
  const verifierKey = verifierKeyOf(signerKey);
  const policyKey = (await tree.readText(keyFile))?.trim();
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

  const files = await ports.ledgerFiles(layout);
  // Drift (state/ against the replay) is not the ledger's integrity, and a checkpoint that is missing or not yet
  // archived is what signing repairs: every other finding refuses.
  const report = verifyLedger({ ...files, verifierKey: policyKey, verifierKeyFile: keyFile, layout });
  const refusing = report.findings.filter(
    (f) => !(f.check === 'checkpoint' && f.message.startsWith('missing: ')),
  );
  if (refusing.length > 0) return { outcome: 'refused', size: report.size, findings: report.findings };
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
    (await tree.readText(archived)) === latest;
  if (latestOk) return { outcome: 'current', size: report.size, root: report.root.base64, file, archived };
  const cp = await ports.writeCheckpoint(layout, signerKey);
  return {
    outcome: 'signed',
    size: cp.size,
    root: cp.root.toString('base64'),
    file: cp.file,
    archived: archivedCheckpointPath(layout, cp.size),
    ledgerDir: layout.paths.ledger,
  };
}
