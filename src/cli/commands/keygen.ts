/**
 * `gatehouse keygen --actor ID [--type openpgp|ssh] --out DIR`: make a key pair for an actor and print the
 * actors.yaml stanza that lists it (DESIGN §5; src/app/keygen.ts). The secret half is never printed.
 */
import { resolve } from 'node:path';
import type { Command } from '../command.js';
import { optionalString, requireString } from '../args.js';
import { usageError } from '../../core/errors.js';
import { keygen } from '../../app/keygen.js';
import { FsWorkTree } from '../../assembly/fs-work-files.js';

const USAGE = 'gatehouse keygen --actor ID [--type openpgp|ssh] --out DIR [--repo DIR] [--json]';
const ACTOR_ID = /^[a-z0-9][a-z0-9._-]*$/i;

export const keygenCommand: Command = {
  name: 'keygen',
  summary: 'make a key pair for an actor and print its actors.yaml stanza',
  usage: USAGE,
  options: { actor: { type: 'string' }, type: { type: 'string' }, out: { type: 'string' } },
  async run(ctx, args) {
    const actor = requireString(args, 'actor', USAGE);
    if (!ACTOR_ID.test(actor))
      throw usageError(`--actor "${actor}" is not a valid actor id (letters, digits, . _ -)`);
    const type = optionalString(args, 'type') ?? 'openpgp';
    if (type !== 'openpgp' && type !== 'ssh')
      throw usageError(`--type must be openpgp or ssh, found "${type}"`);
    const out = resolve(ctx.repo, requireString(args, 'out', USAGE));
    const passphrase = ctx.env.GATEHOUSE_PASSPHRASE;
    const r = await keygen(
      { actor, type, out, now: ctx.now, ...(passphrase !== undefined ? { passphrase } : {}) },
      { workTree: new FsWorkTree(ctx.repo) },
    );
    if (type === 'ssh' && passphrase)
      ctx.stderr(
        `note: SSH keys are written unencrypted; protect ${r.secretFile} with "ssh-keygen -p -f ${r.secretFile}"`,
      );
    const { fingerprint, publicFile, secretFile, keyPath, stanza } = r;
    if (ctx.json) {
      ctx.stdout(
        JSON.stringify({
          actor,
          type,
          fingerprint,
          public_key: publicFile,
          secret_key: secretFile,
          key_file: keyPath,
          stanza,
        }),
      );
    } else {
      ctx.stdout(`# ${type} key ${fingerprint}`);
      ctx.stdout(`# public: ${publicFile}${r.outsidePolicies ? ` (copy it to policies/${keyPath})` : ''}`);
      ctx.stdout(`# secret: ${secretFile} (keep it out of the repository)`);
      ctx.stdout('# add to policies/actors.yaml under "actors:" (set kind, roles and max_level):');
      ctx.stdout(stanza.replace(/^/gm, '  ').trimEnd());
    }
    return 0;
  },
};
