/**
 * Flag helpers shared by commands: change ids and levels (`change new`, `escalate`, `killswitch`), the optional
 * signer, and optional string flags.
 */
import { usageError } from '../core/errors.js';
import type { Level } from '../core/documents.js';
import type { OpenSigner } from '../app/ports.js';
import { optionalString, requireString } from './args.js';
import type { CliContext, ParsedArgs } from './command.js';
import { signerFromArgs } from './signer-flags.js';

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

/** The signer when --key, --gpg or --ssh-key is given (an unsigned manifest otherwise), opened on demand. */
export function signerIfGiven(ctx: CliContext, args: ParsedArgs, usage: string): OpenSigner | undefined {
  const signing = ['key', 'gpg', 'ssh-key'].some((k) => typeof args.values[k] === 'string');
  return signing ? () => signerFromArgs(args, ctx, usage) : undefined;
}

/** The string flags among `names` that were given, keyed by name (absent ones left out). */
export function optionalFlags<K extends string>(args: ParsedArgs, ...names: K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const n of names) {
    const v = optionalString(args, n);
    if (v !== undefined) out[n] = v;
  }
  return out;
}
