/**
 * `gatehouse escalate --actor A --level L [--ttl 1h] --id CHG-…` (DESIGN §3, §5): write
 * changes/<ID>/change.yaml of kind escalation. The gate requires authority.escalation.approvers; `record`
 * appends `escalation.granted` with its expiry, and until then the actor may propose at that level.
 *
 * The manifest itself acts at level 0 (it mutates no state; the escalation approvers decide), proposed by
 * --proposer, else the signing key's actor, else the actor asking for the grant.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { badInput, conflict, internalError, usageError } from '../../core/errors.js';
import type { ChangeManifest, Level } from '../../core/documents.js';
import { isDuration } from '../../core/duration.js';
import { loadDocument } from '../../formats/validate.js';
import { signerFromArgs, SIGNER_OPTIONS } from '../signer-flags.js';
import { keyringFromTree, type PolicyKeyring } from '../../repo/policy-keyring.js';
import { actorsForIdentity, signDocument, type Signer } from '../../signers/signers.js';
import { verifyDocument } from '../../identity/verify.js';
import { FsTree } from '../../repo/fs-tree.js';
import { joinPath } from '../../repo/layout.js';
import { isoSeconds } from '../../record/build.js';
import { optionalString, requireString } from '../args.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';
import { writeAtomic } from './approve.js';

const USAGE =
  'gatehouse escalate --actor A --level L --id CHG-… [--ttl 1h] [--proposer P] [--title T] [--justification T] ' +
  '[--key FILE | --gpg KEYID | --ssh-key FILE] [--repo DIR] [--json] [--now ISO]';
const CHANGE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function levelFlag(args: ParsedArgs, name: string, fallback?: Level): Level {
  const v = optionalString(args, name);
  if (v === undefined) {
    if (fallback !== undefined) return fallback;
    throw usageError(`--${name} is required (0-4)`);
  }
  if (!/^[0-4]$/.test(v)) throw usageError(`--${name} expects an authority level 0-4, found "${v}"`);
  return Number(v) as Level;
}

export function changeIdFlag(args: ParsedArgs, usage: string): string {
  const id = requireString(args, 'id', usage);
  if (!CHANGE_ID.test(id)) throw usageError(`--id "${id}" is not a change id (letters, digits, . _ -)`);
  return id;
}

export interface ManifestDraft {
  id: string;
  fields: Omit<ChangeManifest, 'id' | 'proposer' | 'proposed_at' | 'signature'>;
  /** Explicit --proposer, or the default when neither it nor a signing key names one. */
  proposer?: string;
  fallbackProposer?: string;
}

/**
 * Write a new manifest through the gate's own checks: schema, known proposer, no overwrite, and, when a key
 * is given, a signature that verifies for the proposer (else nothing is written).
 */
export async function writeManifest(
  ctx: CliContext,
  args: ParsedArgs,
  draft: ManifestDraft,
  policy: PolicyKeyring,
  usage: string,
): Promise<{ file: string; manifest: ChangeManifest; signedBy?: string }> {
  const signing = ['key', 'gpg', 'ssh-key'].some((k) => typeof args.values[k] === 'string');
  let signer: Signer | undefined;
  let proposer = draft.proposer;
  if (signing) {
    signer = await signerFromArgs(args, ctx, usage);
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
  const exists = await access(join(ctx.repo, file)).then(
    () => true,
    () => false,
  );
  if (exists) throw conflict(`${file} already exists: choose another --id`);

  let manifest: ChangeManifest = {
    id: draft.id,
    ...draft.fields,
    proposer,
    proposed_at: isoSeconds(ctx.now),
  };
  let signedBy: string | undefined;
  if (signer) {
    manifest = (await signDocument(
      manifest as unknown as Record<string, unknown>,
      signer,
    )) as unknown as ChangeManifest;
    const check = await verifyDocument(manifest as unknown as Record<string, unknown>, policy.keyring, {
      actor: proposer,
      at: ctx.now,
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
  await writeAtomic(join(ctx.repo, file), text);
  return { file, manifest, ...(signedBy !== undefined ? { signedBy } : {}) };
}

export const escalateCommand: Command = {
  name: 'escalate',
  summary: 'write a kind-escalation change: a temporary grant to act at a higher level, through the gate',
  usage: USAGE,
  options: {
    ...SIGNER_OPTIONS,
    actor: { type: 'string' },
    level: { type: 'string' },
    ttl: { type: 'string' },
    id: { type: 'string' },
    proposer: { type: 'string' },
    title: { type: 'string' },
    justification: { type: 'string' },
  },
  async run(ctx, args) {
    const actor = requireString(args, 'actor', USAGE);
    const level = levelFlag(args, 'level');
    const id = changeIdFlag(args, USAGE);
    const ttl = optionalString(args, 'ttl');
    if (ttl !== undefined && !isDuration(ttl))
      throw usageError(`--ttl expects a duration like 30m, 1h, 2h30m; found "${ttl}"`);
    const policy = await keyringFromTree(new FsTree(ctx.repo));
    const grantee = policy.actors.actors.find((a) => a.id === actor);
    if (!grantee)
      throw badInput([
        {
          file: policy.actorsFile,
          message: `no actor "${actor}" to escalate (actors: ${policy.actors.actors.map((a) => a.id).join(', ')})`,
        },
      ]);
    if (level <= grantee.max_level)
      throw usageError(
        `${actor} may already act up to level ${grantee.max_level}: no escalation needed for level ${level}`,
      );
    const justification = optionalString(args, 'justification');
    const proposer = optionalString(args, 'proposer');
    const { file, manifest, signedBy } = await writeManifest(
      ctx,
      args,
      {
        id,
        fields: {
          kind: 'escalation',
          title:
            optionalString(args, 'title') ?? `Escalate ${actor} to level ${level}${ttl ? ` for ${ttl}` : ''}`,
          level: 0,
          ...(justification !== undefined ? { justification } : {}),
          escalation: { actor, level, ...(ttl !== undefined ? { ttl } : {}) },
        },
        ...(proposer !== undefined ? { proposer } : {}),
        fallbackProposer: actor,
      },
      policy,
      USAGE,
    );
    if (ctx.json)
      ctx.stdout(JSON.stringify({ file, manifest, ...(signedBy ? { signed_by: signedBy } : {}) }));
    else
      ctx.stdout(
        [
          `${file}: escalation of ${actor} to level ${level}${ttl ? ` for ${ttl}` : ''}, proposed by ${manifest.proposer}${signedBy ? ` (signed ${signedBy})` : ''}`,
          ...(signedBy
            ? []
            : [
                `next: sign it as its proposer (gatehouse sign ${file} --ssh-key FILE | --gpg KEYID | --key FILE); unsigned, the gate denies it`,
              ]),
          'next: commit it on a branch, open a pull request, and collect approvals from the escalation approvers',
        ].join('\n'),
      );
    return 0;
  },
};
