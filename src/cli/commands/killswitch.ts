/**
 * `gatehouse killswitch activate|deactivate SWITCH --id CHG-…` (seed 001 §7; DESIGN §5): write
 * changes/<ID>/change.yaml of kind killswitch. The gate judges it by the switch's `flippers` quorum (the
 * same authority activates and deactivates); `record` appends killswitch.activated / .deactivated and the
 * replayed state carries the switch from then on.
 *
 * The manifest acts at level 0 unless --level says otherwise: it mutates no resource.
 */
import { badInput, usageError } from '../../core/errors.js';
import type { KillSwitchPolicy } from '../../core/documents.js';
import { loadDocument } from '../../formats/validate.js';
import { SIGNER_OPTIONS } from '../signer-flags.js';
import { keyringFromTree } from '../../repo/policy-keyring.js';
import { FsTree } from '../../repo/fs-tree.js';
import { joinPath } from '../../repo/layout.js';
import { optionalString } from '../args.js';
import type { Command } from '../command.js';
import { changeIdFlag, levelFlag, writeManifest } from './escalate.js';

const USAGE =
  'gatehouse killswitch activate|deactivate SWITCH --id CHG-… [--proposer P] [--level L] [--title T] ' +
  '[--justification T] [--key FILE | --gpg KEYID | --ssh-key FILE] [--repo DIR] [--json] [--now ISO]';

export const killswitchCommand: Command = {
  name: 'killswitch',
  summary: 'write a kind-killswitch change that activates or deactivates a kill switch, through the gate',
  usage: USAGE,
  options: {
    ...SIGNER_OPTIONS,
    id: { type: 'string' },
    proposer: { type: 'string' },
    level: { type: 'string' },
    title: { type: 'string' },
    justification: { type: 'string' },
  },
  async run(ctx, args) {
    const [action, sw, ...rest] = args.positionals;
    if ((action !== 'activate' && action !== 'deactivate') || sw === undefined || rest.length > 0)
      throw usageError(`give activate or deactivate and one SWITCH\nusage: ${USAGE}`);
    const id = changeIdFlag(args, USAGE);
    const level = levelFlag(args, 'level', 0);
    const tree = new FsTree(ctx.repo);
    const policy = await keyringFromTree(tree);
    const file = joinPath(policy.layout.paths.policies, 'kill-switches.yaml');
    const bytes = await tree.read(file);
    const defs: KillSwitchPolicy = bytes
      ? loadDocument('kill-switches', bytes, file).value
      : { switches: [] };
    if (!defs.switches.some((s) => s.id === sw))
      throw badInput([
        {
          file,
          message: `no kill switch "${sw}" (switches: ${defs.switches.map((s) => s.id).join(', ') || 'none'})`,
        },
      ]);
    const justification = optionalString(args, 'justification');
    const proposer = optionalString(args, 'proposer');
    const written = await writeManifest(
      ctx,
      args,
      {
        id,
        fields: {
          kind: 'killswitch',
          title:
            optionalString(args, 'title') ??
            `${action === 'activate' ? 'Activate' : 'Deactivate'} kill switch ${sw}`,
          level,
          ...(justification !== undefined ? { justification } : {}),
          killswitch: { id: sw, action },
        },
        ...(proposer !== undefined ? { proposer } : {}),
      },
      policy,
      USAGE,
    );
    if (ctx.json)
      ctx.stdout(
        JSON.stringify({
          file: written.file,
          manifest: written.manifest,
          ...(written.signedBy ? { signed_by: written.signedBy } : {}),
        }),
      );
    else
      ctx.stdout(
        [
          `${written.file}: ${action} kill switch ${sw}, proposed by ${written.manifest.proposer}${written.signedBy ? ` (signed ${written.signedBy})` : ''}`,
          ...(written.signedBy
            ? []
            : [
                `next: sign it as its proposer (gatehouse sign ${written.file} --ssh-key FILE | --gpg KEYID | --key FILE); unsigned, the gate denies it`,
              ]),
          `next: commit it on a branch, open a pull request, and collect approvals from the switch's flippers`,
        ].join('\n'),
      );
    return 0;
  },
};
