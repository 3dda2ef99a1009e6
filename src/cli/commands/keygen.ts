/**
 * `gatehouse keygen --actor ID [--type openpgp|ssh] --out DIR`: make a key pair for an actor and print the
 * actors.yaml stanza that lists it (DESIGN §5). The secret half is written with mode 0600 and never printed.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { generateKey } from 'openpgp';
import { stringify } from 'yaml';
import type { Command } from '../command.js';
import { optionalString, requireString } from '../args.js';
import { conflict, usageError } from '../../core/errors.js';
import {
  ed25519Blob,
  encodeOpenSshEd25519,
  rawEd25519Public,
  sshFingerprint,
  sshPublicKeyLine,
} from '../../identity/ssh-keys.js';

const USAGE = 'gatehouse keygen --actor ID [--type openpgp|ssh] --out DIR [--repo DIR] [--json]';
const ACTOR_ID = /^[a-z0-9][a-z0-9._-]*$/i;

async function writeNew(path: string, data: string, mode: number): Promise<void> {
  try {
    await writeFile(path, data, { flag: 'wx', mode });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw conflict(
        `${path} already exists; keygen never overwrites a key (choose another --out or remove it)`,
      );
    throw e;
  }
}

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
    await mkdir(out, { recursive: true });

    let publicFile: string;
    let secretFile: string;
    let fingerprint: string;
    if (type === 'openpgp') {
      const passphrase = ctx.env.GATEHOUSE_PASSPHRASE;
      const { privateKey, publicKey } = await generateKey({
        type: 'ecc',
        curve: 'curve25519Legacy', // Ed25519 signing key readable by GnuPG 2.2 as well as openpgp.js
        userIDs: [{ name: actor }],
        date: ctx.now,
        format: 'object',
        ...(passphrase ? { passphrase } : {}),
      });
      fingerprint = publicKey.getFingerprint().toUpperCase();
      publicFile = join(out, `${actor}.asc`);
      secretFile = join(out, `${actor}.secret.asc`);
      await writeNew(secretFile, privateKey.armor(), 0o600);
      await writeNew(publicFile, publicKey.armor(), 0o644);
    } else {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const blob = ed25519Blob(rawEd25519Public(publicKey));
      fingerprint = sshFingerprint(blob);
      publicFile = join(out, `${actor}.pub`);
      secretFile = join(out, actor);
      await writeNew(secretFile, encodeOpenSshEd25519(privateKey, actor), 0o600);
      await writeNew(
        publicFile,
        `${sshPublicKeyLine({ type: 'ssh-ed25519', blob, comment: actor })}\n`,
        0o644,
      );
      if (ctx.env.GATEHOUSE_PASSPHRASE)
        ctx.stderr(
          `note: SSH keys are written unencrypted; protect ${secretFile} with "ssh-keygen -p -f ${secretFile}"`,
        );
    }

    // The key file path as actors.yaml names it: relative to policies/ when written there, else keys/<name>.
    const policies = resolve(ctx.repo, 'policies');
    const rel = relative(policies, publicFile);
    const keyPath =
      rel && !rel.startsWith('..') && !isAbsolute(rel)
        ? rel.split(sep).join('/')
        : `keys/${basename(publicFile)}`;
    const stanza = stringify(
      [{ id: actor, kind: 'human', roles: [], max_level: 1, keys: [{ type, file: keyPath }] }],
      {
        lineWidth: 0,
      },
    );
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
      ctx.stdout(`# public: ${publicFile}${rel.startsWith('..') ? ` (copy it to policies/${keyPath})` : ''}`);
      ctx.stdout(`# secret: ${secretFile} (keep it out of the repository)`);
      ctx.stdout('# add to policies/actors.yaml under "actors:" (set kind, roles and max_level):');
      ctx.stdout(stanza.replace(/^/gm, '  ').trimEnd());
    }
    return 0;
  },
};
