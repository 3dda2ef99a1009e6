/**
 * `override sign` (DESIGN §2.6): one actor's signed approval (or rejection) of an override request, as one of
 * the roles its quorum counts; checked against the policy's keyring before it is written.
 */
import { stringify } from 'yaml';
import { badInput, usageError } from '../core/errors.js';
import { loadDocument } from '../formats/validate.js';
import { verifyDocument } from '../identity/verify.js';
import { overrideDigest } from '../overrides/lifecycle.js';
import { isoSeconds as iso } from '../record/build.js';
import { joinPath } from '../repo/layout.js';
import { keyringFromTree } from '../repo/policy-keyring.js';
import { actorsForIdentity, signDocument } from '../signers/signers.js';
import { readOverrideRequest } from './override-request.js';
import type { OpenSigner, WorkTree } from './ports.js';

export interface OverrideSignRequest {
  id: string;
  role: string;
  /** `--actor`; default the one actor whose key signs. */
  actor?: string;
  reject: boolean;
  now: Date;
}

export interface OverrideSignResult {
  file: string;
  actor: string;
  role: string;
  decision: 'approve' | 'reject';
}

export async function overrideSign(
  request: OverrideSignRequest,
  ports: { work: WorkTree; signer: OpenSigner },
): Promise<OverrideSignResult> {
  const { id, role, now } = request;
  const { layout, actors, actorsFile, keyring } = await keyringFromTree(ports.work);
  const { request: override } = await readOverrideRequest(ports.work, layout, id);
  const signer = await ports.signer();
  const identity = await signer.identity();
  const owners = actorsForIdentity(identity, keyring);
  let actor = request.actor;
  if (actor === undefined) {
    if (owners.length !== 1)
      throw owners.length === 0
        ? badInput([
            {
              file: actorsFile,
              message: `the key of ${signer.label} belongs to no actor; list it under an actor's keys, or pass --actor`,
            },
          ])
        : usageError(`the key is listed for ${owners.join(', ')}; pass --actor`);
    actor = owners[0]!;
  }
  const entry = actors.actors.find((a) => a.id === actor);
  if (!entry) throw badInput([{ file: actorsFile, message: `no actor "${actor}"` }]);
  if (!entry.roles.includes(role))
    throw usageError(`${actor} does not hold role "${role}" (roles: ${entry.roles.join(', ') || 'none'})`);
  const doc = {
    override: id,
    actor,
    role,
    decision: request.reject ? ('reject' as const) : ('approve' as const),
    ts: iso(now),
    digest: overrideDigest(override),
  };
  const signed = await signDocument(doc, signer);
  const check = await verifyDocument(signed, keyring, { actor, at: now });
  if (!check.ok)
    throw usageError(
      `the signature would not verify for ${actor}: ${check.code}: ${check.reason}; nothing written`,
    );
  const file = joinPath(layout.paths.overrides, `${id}/signatures/${actor}.yaml`);
  const text = stringify(signed, { lineWidth: 0 });
  loadDocument('override-signature', text, file);
  await ports.work.write(file, text);
  return { file, actor, role, decision: doc.decision };
}
