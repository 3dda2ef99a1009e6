/**
 * `gatehouse approve ID (--digest D | --base REF [--head REF]) (--key FILE | --gpg KEYID | --ssh-key FILE)
 * [--actor ID] [--role R] [--reject] [--comment T]`: write changes/<ID>/approvals/<actor>.yaml, signed
 * (DESIGN §2.3, §5). The actor is the one whose key signs, unless --actor names it.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { Command } from '../command.js';
import { optionalString } from '../args.js';
import { badInput, internalError, notFound, usageError } from '../../core/errors.js';
import { joinPath } from '../../repo/layout.js';
import { FsTree } from '../../repo/fs-tree.js';
import { readChangeCore } from '../../assembly/change-read.js';
import { loadDocument } from '../../formats/validate.js';
import { signerFromArgs, SIGNER_OPTIONS } from '../signer-flags.js';
import { keyringFromTree } from '../../repo/policy-keyring.js';
import { actorsForIdentity, signDocument } from '../../signers/signers.js';
import { verifyDocument } from '../../identity/verify.js';

const USAGE =
  'gatehouse approve ID (--digest D | --base REF [--head REF]) (--key FILE | --gpg KEYID | --ssh-key FILE) ' +
  '[--actor ID] [--role R] [--reject] [--comment T] [--repo DIR] [--json] [--now ISO]';
const CHANGE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Write via a temp file and rename, so a crash never leaves half a file. */
export async function writeAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

export const approveCommand: Command = {
  name: 'approve',
  summary: 'write a signed approval (or --reject veto) of a change digest',
  usage: USAGE,
  options: {
    ...SIGNER_OPTIONS,
    digest: { type: 'string' },
    base: { type: 'string' },
    head: { type: 'string' },
    actor: { type: 'string' },
    role: { type: 'string' },
    reject: { type: 'boolean', default: false },
    comment: { type: 'string' },
  },
  async run(ctx, args) {
    const id = args.positionals[0];
    if (id === undefined || args.positionals.length > 1)
      throw usageError(`give one change ID\nusage: ${USAGE}`);
    if (!CHANGE_ID.test(id)) throw usageError(`"${id}" is not a change id`);
    const digestFlag = optionalString(args, 'digest');
    const baseRef = optionalString(args, 'base');
    if ((digestFlag === undefined) === (baseRef === undefined))
      throw usageError(`give either --digest D or --base REF [--head REF]\nusage: ${USAGE}`);

    const tree = new FsTree(ctx.repo);
    const { layout, actors, actorsFile, keyring } = await keyringFromTree(tree);
    const manifestFile = joinPath(joinPath(layout.paths.changes, id), 'change.yaml');
    if ((await tree.read(manifestFile)) === undefined)
      throw notFound(`${manifestFile} not found: there is no change ${id} to approve`, manifestFile);

    let digest: string;
    if (digestFlag !== undefined) {
      if (!DIGEST.test(digestFlag))
        throw usageError(`--digest must look like sha256:<64 hex digits>, found "${digestFlag}"`);
      digest = digestFlag;
    } else {
      // The digest computed from git (DESIGN §2.2), exactly what `gatehouse digest` prints.
      const core = await readChangeCore(ctx.repo, baseRef!, optionalString(args, 'head') ?? 'HEAD');
      if (core.changeId !== id || !core.digest)
        throw usageError(
          `${baseRef}..${optionalString(args, 'head') ?? 'HEAD'} is not change ${id}` +
            (core.changeId ? ` (it is ${core.changeId})` : `: ${core.manifestProblem ?? 'no manifest'}`),
        );
      digest = core.digest;
    }

    const signer = await signerFromArgs(args, ctx, USAGE);
    const identity = await signer.identity();
    const owners = actorsForIdentity(identity, keyring);
    const keyName = identity.type === 'ssh' ? identity.fingerprint : (identity.fingerprints[0] ?? '?');
    let actor = optionalString(args, 'actor');
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
    const role = optionalString(args, 'role');
    if (role !== undefined && !entry.roles.includes(role))
      throw usageError(`${actor} does not hold role "${role}" (roles: ${entry.roles.join(', ') || 'none'})`);

    const comment = optionalString(args, 'comment');
    const doc = {
      change: id,
      digest,
      actor,
      decision: args.values.reject === true ? 'reject' : 'approve',
      ...(role !== undefined ? { role } : {}),
      ts: isoSeconds(ctx.now),
      ...(comment !== undefined ? { comment } : {}),
    };
    const signed = await signDocument(doc, signer);
    // Refuse to write an approval that would count for nothing (e.g. --actor naming someone else's key, or a
    // gpg signature made after the approval's own `ts`): the same key, actor and time rules as the gate.
    const check = await verifyDocument(signed, keyring, { actor, at: ctx.now });
    if (!check.ok)
      throw usageError(
        `the approval would not verify for ${actor}: ${check.code}: ${check.reason}; nothing written`,
      );

    const file = joinPath(joinPath(joinPath(layout.paths.changes, id), 'approvals'), `${actor}.yaml`);
    const text = stringify(signed, { lineWidth: 0 });
    const reread = loadDocument('approval', text, file);
    if (JSON.stringify(reread.value) !== JSON.stringify(signed))
      throw internalError(`${file}: YAML round trip changed the approval`);
    await writeAtomic(join(ctx.repo, file), text);
    if (ctx.json)
      ctx.stdout(
        JSON.stringify({
          file,
          change: id,
          digest,
          actor,
          decision: doc.decision,
          fingerprint: check.fingerprint,
        }),
      );
    else ctx.stdout(`${file}: ${doc.decision} ${id} ${digest} as ${actor} (key ${check.fingerprint})`);
    return 0;
  },
};
