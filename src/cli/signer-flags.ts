/** Builds a Signer from the CLI flags shared by `sign` and `approve`: --key FILE | --gpg KEYID | --ssh-key FILE. */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { notFound, usageError } from '../core/errors.js';
import type { ParsedArgs } from './command.js';
import { gpgSigner, openPgpKeySigner, sshKeySigner, type Signer } from '../signers/signers.js';

export const SIGNER_OPTIONS = {
  key: { type: 'string' },
  gpg: { type: 'string' },
  'ssh-key': { type: 'string' },
} as const;

async function readKeyFile(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw notFound(
      `${flag} ${path}: cannot read the key file (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      path,
    );
  }
}

/** Ask for a passphrase on the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const muted = new Writable({ write: (_c, _e, cb) => cb() });
  process.stderr.write(question);
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

export async function signerFromArgs(
  args: ParsedArgs,
  ctx: { env: NodeJS.ProcessEnv; isTTY: boolean; now: Date },
  usage: string,
): Promise<Signer> {
  const key = args.values.key;
  const gpg = args.values.gpg;
  const ssh = args.values['ssh-key'];
  const given = [key, gpg, ssh].filter((v) => typeof v === 'string');
  if (given.length !== 1)
    throw usageError(`give exactly one of --key FILE, --gpg KEYID, --ssh-key FILE\nusage: ${usage}`);
  if (typeof key === 'string') {
    return openPgpKeySigner(await readKeyFile(key, '--key'), {
      date: ctx.now,
      label: `--key ${key}`,
      passphrase: async () => {
        const env = ctx.env.GATEHOUSE_PASSPHRASE;
        if (env !== undefined) return env;
        return ctx.isTTY && process.stdin.isTTY ? promptHidden(`passphrase for ${key}: `) : undefined;
      },
    });
  }
  if (typeof gpg === 'string') return gpgSigner(gpg, ctx.env);
  return sshKeySigner(ssh as string, await readKeyFile(ssh as string, '--ssh-key'), ctx.env);
}
