/**
 * The approve use case (DESIGN §2.3, §5): a signed approval (or reject veto) of a change digest, written to
 * changes/<ID>/approvals/<actor>.yaml. The actor is the one whose key signs, unless named; nothing is written
 * that the gate would not count (same key, actor and time rules as the gate).
 */
import { stringify } from 'yaml';
import { badInput, internalError, notFound, usageError } from '../core/errors.js';
import type { ChangeCore } from '../assembly/change-read.js';
import { loadDocument } from '../formats/validate.js';
import { verifyDocument } from '../identity/verify.js';
import { isoSeconds } from '../record/build.js';
import { joinPath } from '../repo/layout.js';
import { keyringFromTree } from '../repo/policy-keyring.js';
import { actorsForIdentity, signDocument } from '../signers/signers.js';
import type { OpenSigner, WorkTree } from './ports.js';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

export interface ApproveRequest {
  id: string;
  /** The digest to approve, or the refs whose change set gives it (exactly one of the two). */
  digest?: string;
  base?: string;
  head: string;
  actor?: string;
  role?: string;
  reject: boolean;
  comment?: string;
  now: Date;
}

export interface ApprovePorts {
  workTree: WorkTree;
  signer: OpenSigner;
  /** The change set base..head as git holds it (src/assembly/change-read.ts). */
  changeCore(
    base: string,
    head: string,
  ): Promise<Pick<ChangeCore, 'changeId' | 'digest' | 'manifestProblem'>>;
}

export interface ApproveResult {
  file: string;
  change: string;
  digest: string;
  actor: string;
  decision: 'approve' | 'reject';
  fingerprint: string;
}

export async function approve(request: ApproveRequest, ports: ApprovePorts): Promise<ApproveResult> {
  const { id, now } = request;
  const tree = ports.workTree;
  const { layout, actors, actorsFile, keyring } = await keyringFromTree(tree);
  const manifestFile = joinPath(joinPath(layout.paths.changes, id), 'change.yaml');
  if ((await tree.read(manifestFile)) === undefined)
    throw notFound(`${manifestFile} not found: there is no change ${id} to approve`, manifestFile);

  let digest: string;
  if (request.digest !== undefined) {
    if (!DIGEST.test(request.digest))
      throw usageError(`--digest must look like sha256:<64 hex digits>, found "${request.digest}"`);
    digest = request.digest;
  } else {
    // The digest computed from git (DESIGN §2.2), exactly what `gatehouse digest` prints.
    const core = await ports.changeCore(request.base!, request.head);
    if (core.changeId !== id || !core.digest)
      throw usageError(
        `${request.base}..${request.head} is not change ${id}` +
          (core.changeId ? ` (it is ${core.changeId})` : `: ${core.manifestProblem ?? 'no manifest'}`),
      );
    digest = core.digest;
  }

  const signer = await ports.signer();
  const identity = await signer.identity();
  const owners = actorsForIdentity(identity, keyring);
  const keyName = identity.type === 'ssh' ? identity.fingerprint : (identity.fingerprints[0] ?? '?');
  let actor = request.actor;
  if (actor === undefined) {
    if (owners.length === 0)
      throw badInput([
        {
          file: actorsFile,
          message: `key ${keyName} (${signer.label}) belongs to no actor; list it under an actor's keys, or pass --actor`,
        },
      ]);
    if (owners.length > 1)
      throw usageError(`key ${keyName} is listed for ${owners.join(', ')}; pass --actor`);
    actor = owners[0]!;
  }
  const entry = actors.actors.find((a) => a.id === actor);
  if (!entry)
    throw badInput([
      {
        file: actorsFile,
        message: `no actor "${actor}" (actors: ${actors.actors.map((a) => a.id).join(', ')})`,
      },
    ]);
  const { role, comment } = request;
  if (role !== undefined && !entry.roles.includes(role))
    throw usageError(`${actor} does not hold role "${role}" (roles: ${entry.roles.join(', ') || 'none'})`);

  const decision = request.reject ? 'reject' : 'approve';
  const doc = {
    change: id,
    digest,
    actor,
    decision,
    ...(role !== undefined ? { role } : {}),
    ts: isoSeconds(now),
    ...(comment !== undefined ? { comment } : {}),
  };
  const signed = await signDocument(doc, signer);
  // Refuse to write an approval that would count for nothing (e.g. --actor naming someone else's key, or a
  // gpg signature made after the approval's own `ts`): the same key, actor and time rules as the gate.
  const check = await verifyDocument(signed, keyring, { actor, at: now });
  if (!check.ok)
    throw usageError(
      `the approval would not verify for ${actor}: ${check.code}: ${check.reason}; nothing written`,
    );

  const file = joinPath(joinPath(joinPath(layout.paths.changes, id), 'approvals'), `${actor}.yaml`);
  const text = stringify(signed, { lineWidth: 0 });
  const reread = loadDocument('approval', text, file);
  if (JSON.stringify(reread.value) !== JSON.stringify(signed))
    throw internalError(`${file}: YAML round trip changed the approval`);
  await tree.write(file, text);
  return { file, change: id, digest, actor, decision, fingerprint: check.fingerprint };
}
