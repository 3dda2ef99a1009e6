/**
 * Writes a new change manifest through the gate's own checks (DESIGN §2.2, §5): schema, known proposer, no
 * overwrite, and, when a key is given, a signature that verifies for the proposer (else nothing is written).
 * Shared by `change new`, `escalate` and `killswitch`.
 */
import { stringify } from 'yaml';
import { badInput, conflict, internalError, usageError } from '../core/errors.js';
import type { ChangeManifest } from '../core/documents.js';
import { loadDocument } from '../formats/validate.js';
import { verifyDocument } from '../identity/verify.js';
import { isoSeconds } from '../record/build.js';
import type { PolicyKeyring } from '../repo/policy-keyring.js';
import { joinPath } from '../repo/layout.js';
import { actorsForIdentity, signDocument, type Signer } from '../signers/signers.js';
import type { OpenSigner, WorkTree } from './ports.js';

export interface ManifestDraft {
  id: string;
  fields: Omit<ChangeManifest, 'id' | 'proposer' | 'proposed_at' | 'signature'>;
  /** Explicit --proposer, or the default when neither it nor a signing key names one. */
  proposer?: string;
  fallbackProposer?: string;
}

export interface ManifestPorts {
  workTree: WorkTree;
  /** Present when a signing key was given: the manifest is signed by it. */
  signer?: OpenSigner;
}

export interface WrittenManifest {
  file: string;
  manifest: ChangeManifest;
  /** Fingerprint of the key that signed it, when signed. */
  signedBy?: string;
}

export async function writeManifest(
  draft: ManifestDraft,
  policy: PolicyKeyring,
  now: Date,
  usage: string,
  ports: ManifestPorts,
): Promise<WrittenManifest> {
  let signer: Signer | undefined;
  let proposer = draft.proposer;
  if (ports.signer) {
    signer = await ports.signer();
    if (proposer === undefined) {
      const owners = actorsForIdentity(await signer.identity(), policy.keyring);
      if (owners.length === 1) proposer = owners[0];
      else if (owners.length > 1)
        throw usageError(`the key is listed for ${owners.join(', ')}; pass --proposer`);
    }
  }
  proposer ??= draft.fallbackProposer;
  if (proposer === undefined)
    throw usageError(`name the proposer: --proposer ID, or sign with their key\nusage: ${usage}`);
  if (!policy.actors.actors.some((a) => a.id === proposer))
    throw badInput([
      {
        file: policy.actorsFile,
        message: `no actor "${proposer}" to propose ${draft.id} (actors: ${policy.actors.actors.map((a) => a.id).join(', ')})`,
      },
    ]);
  const file = joinPath(joinPath(policy.layout.paths.changes, draft.id), 'change.yaml');
  if (await ports.workTree.exists(file)) throw conflict(`${file} already exists: choose another --id`);

  let manifest: ChangeManifest = { id: draft.id, ...draft.fields, proposer, proposed_at: isoSeconds(now) };
  let signedBy: string | undefined;
  if (signer) {
    manifest = (await signDocument(
      manifest as unknown as Record<string, unknown>,
      signer,
    )) as unknown as ChangeManifest;
    const check = await verifyDocument(manifest as unknown as Record<string, unknown>, policy.keyring, {
      actor: proposer,
      at: now,
    });
    if (!check.ok)
      throw usageError(
        `the manifest signature would not verify for ${proposer}: ${check.code}: ${check.reason}; nothing written`,
      );
    signedBy = check.fingerprint;
  }
  const text = stringify(manifest, { lineWidth: 0 });
  const reread = loadDocument('change', text, file); // schema check before anything is written
  if (JSON.stringify(reread.value) !== JSON.stringify(manifest))
    throw internalError(`${file}: YAML round trip changed the manifest`);
  await ports.workTree.write(file, text);
  return { file, manifest, ...(signedBy !== undefined ? { signedBy } : {}) };
}
