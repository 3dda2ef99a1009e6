/**
 * Founding actors of a new governed repository (`init --actor ID:ROLES:KEYFILE`): who may propose and
 * approve from the first commit on. Pure apart from the key files read by the caller; everything is
 * checked before init writes anything (DESIGN §9: bad input writes nothing).
 */
import { usageError } from '../core/errors.js';
import { matchRoles } from '../quorum/match-roles.js';

export interface Founder {
  id: string;
  roles: string[];
  /** Key type, from the key file's content. */
  keyType: 'ssh' | 'openpgp';
  /** The key file's text, copied into policies/keys/. */
  keyText: string;
  /** Where it was read from (for messages). */
  keySource: string;
}

const ID = /^[a-z0-9][a-z0-9._-]*$/;
const ROLE = /^[a-z0-9][a-z0-9._-]*$/;

export interface FounderSpec {
  id: string;
  roles: string[];
  keyFile: string;
}

/** `alice:security,operator:keys/alice.pub` → its parts; a usage error naming what is wrong otherwise. */
export function parseFounderSpec(spec: string): FounderSpec {
  const first = spec.indexOf(':');
  const second = first < 0 ? -1 : spec.indexOf(':', first + 1);
  if (first < 0 || second < 0)
    throw usageError(
      `--actor expects ID:ROLES:KEYFILE (e.g. alice:security,operator:alice.pub), found "${spec}"`,
    );
  const id = spec.slice(0, first);
  const roles = spec
    .slice(first + 1, second)
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  const keyFile = spec.slice(second + 1);
  if (!ID.test(id)) throw usageError(`--actor "${spec}": the id must be like "alice", found "${id}"`);
  if (roles.length === 0)
    throw usageError(`--actor "${spec}": give at least one role (ROLES is comma-separated)`);
  const badRole = roles.find((r) => !ROLE.test(r));
  if (badRole !== undefined) throw usageError(`--actor "${spec}": role "${badRole}" must be like "security"`);
  if (keyFile === '') throw usageError(`--actor "${spec}": KEYFILE is empty`);
  return { id, roles: [...new Set(roles)], keyFile };
}

/** What a key file holds: an SSH public key line or an armored OpenPGP public key; never a secret key. */
export function classifyKey(text: string, source: string): 'ssh' | 'openpgp' {
  if (/PRIVATE KEY/.test(text))
    throw usageError(
      `${source} holds a private key: give the public key (the .pub file, or \`gpg --armor --export ID\`); a private key must never be committed`,
    );
  if (text.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----')) return 'openpgp';
  const first = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('#'));
  if (first !== undefined && /^(ssh-|ecdsa-sha2-|sk-)/.test(first)) return 'ssh';
  throw usageError(
    `${source} is neither an SSH public key ("ssh-ed25519 AAAA…") nor an armored OpenPGP public key ("-----BEGIN PGP PUBLIC KEY BLOCK-----")`,
  );
}

/** The file a founder's key is copied to, relative to policies/. */
export function founderKeyPath(f: Pick<Founder, 'id' | 'keyType'>): string {
  return `keys/${f.id}.${f.keyType === 'ssh' ? 'pub' : 'asc'}`;
}

/** Distinct ids; refuses duplicates. */
export function checkDistinct(founders: readonly Pick<Founder, 'id'>[]): void {
  const seen = new Set<string>();
  for (const f of founders) {
    if (seen.has(f.id)) throw usageError(`--actor ${f.id} is given twice: one --actor per founding actor`);
    seen.add(f.id);
  }
}

/**
 * A starter policy that nobody could ever change is refused: every role the policy-change rule wants in
 * `roles_all` must be filled by a different founding actor (DESIGN §3 roles_all is a matching), or the
 * first commit locks the policy for good. Returns the roles left unfilled (empty when it can be met).
 */
export function unfillableRoles(
  rolesAll: readonly string[],
  founders: readonly Pick<Founder, 'id' | 'roles'>[],
): string[] {
  return matchRoles(
    rolesAll,
    founders.map((f) => ({ actor: f.id, roles: f.roles })),
  ).missing;
}
