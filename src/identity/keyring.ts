/**
 * The keyring: every key the (base) policy lists, by actor (DESIGN §2.7). Pure apart from the injected
 * reader. A key that cannot be read is recorded as a problem, never dropped: the gate fails closed on it.
 */
import { readKeys, type Key } from 'openpgp';
import type { Actor, ActorKeyRef } from '../core/documents.js';
import { parseSshPublicKeys } from './ssh-keys.js';
import type { Keyring, KeyringProblem, KeyWindow, OpenPgpEntry, SshEntry } from './types.js';

export type PolicyFileReader = (relPath: string) => Promise<Uint8Array | undefined>;

/** A timestamp in a key window: ISO-8601 with a zone (YAML may also hand us a Date). */
function parseWindowTime(v: unknown): Date | undefined | 'bad' {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'bad' : v;
  if (typeof v !== 'string') return 'bad';
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(v)) return 'bad';
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? 'bad' : d;
}

async function readOpenPgpKeys(bytes: Uint8Array): Promise<Key[]> {
  const text = Buffer.from(bytes).toString('utf8');
  if (!text.includes('-----BEGIN PGP')) return readKeys({ binaryKeys: bytes });
  // A file may hold several armored blocks one after another (gpg --export a b, or cat a.asc b.asc).
  const blocks = text.match(/-----BEGIN PGP ([A-Z ]+)-----[\s\S]*?-----END PGP \1-----/g) ?? [];
  if (blocks.length === 0) throw new Error('unterminated armored block');
  const keys: Key[] = [];
  for (const block of blocks) keys.push(...(await readKeys({ armoredKeys: block })));
  return keys;
}

export async function buildKeyring(actors: Actor[], readPolicyFile: PolicyFileReader): Promise<Keyring> {
  const actorMap = new Map<string, Actor>();
  const openpgp = new Map<string, OpenPgpEntry[]>();
  const ssh = new Map<string, SshEntry[]>();
  const unreadable = new Map<string, KeyringProblem[]>();
  const problems: KeyringProblem[] = [];
  const owners = new Map<string, Set<string>>(); // fingerprint → actors, to spot shared keys

  const problem = (p: KeyringProblem): void => {
    problems.push(p);
    const list = unreadable.get(p.actor) ?? [];
    list.push(p);
    unreadable.set(p.actor, list);
  };
  const own = (fingerprint: string, actor: string): void => {
    const set = owners.get(fingerprint) ?? new Set<string>();
    set.add(actor);
    owners.set(fingerprint, set);
  };

  for (const actor of actors) {
    actorMap.set(actor.id, actor);
    for (const [i, ref] of (actor.keys ?? []).entries()) {
      const source = ref.file ?? `actors.yaml (${actor.id} key ${i + 1})`;
      const fail = (reason: string): void =>
        problem({ actor: actor.id, file: ref.file ?? 'actors.yaml', reason });
      const window = readWindow(ref, fail);
      if (!window) continue;
      let bytes: Uint8Array | undefined;
      if (ref.file !== undefined) {
        try {
          bytes = await readPolicyFile(ref.file);
        } catch (e) {
          fail(`cannot read key file: ${(e as Error).message}`);
          continue;
        }
        if (bytes === undefined) {
          fail(`key file ${ref.file} not found under policies/`);
          continue;
        }
      } else if (typeof ref.key === 'string') {
        bytes = Buffer.from(ref.key, 'utf8');
      } else {
        fail('key entry has neither "file" nor "key"');
        continue;
      }

      if (ref.type === 'openpgp') {
        let keys: Key[];
        try {
          keys = await readOpenPgpKeys(bytes);
        } catch (e) {
          fail(`unreadable OpenPGP key: ${(e as Error).message}`);
          continue;
        }
        if (keys.length === 0) {
          fail('no OpenPGP key found');
          continue;
        }
        for (const key of keys) {
          if (key.isPrivate()) {
            // A secret key in the policy is a leak: refuse it rather than quietly use its public half.
            fail(`secret key material for ${key.getFingerprint().toUpperCase()} must not be in the policy`);
            continue;
          }
          const fingerprint = key.getFingerprint().toUpperCase();
          own(fingerprint, actor.id);
          const entry: OpenPgpEntry = { kind: 'openpgp', actor: actor.id, source, key, fingerprint, window };
          for (const k of key.getKeys()) {
            const id = k.getKeyID().toHex().toUpperCase();
            const list = openpgp.get(id) ?? [];
            list.push(entry);
            openpgp.set(id, list);
          }
        }
      } else if (ref.type === 'ssh') {
        let keys;
        try {
          keys = parseSshPublicKeys(Buffer.from(bytes).toString('utf8'));
        } catch (e) {
          fail(`unreadable SSH public key: ${(e as Error).message}`);
          continue;
        }
        if (keys.length === 0) {
          fail('no SSH public key found');
          continue;
        }
        for (const key of keys) {
          own(key.fingerprint, actor.id);
          const id = key.blob.toString('base64');
          const list = ssh.get(id) ?? [];
          list.push({ kind: 'ssh', actor: actor.id, source, key, window });
          ssh.set(id, list);
        }
      } else {
        fail(`unknown key type "${String((ref as { type: unknown }).type)}"`);
      }
    }
  }
  // A key shared by two actors would let one person count twice (DESIGN §3: approvals count once per actor).
  for (const [fingerprint, set] of owners) {
    if (set.size > 1) {
      const ids = [...set].sort();
      for (const id of ids)
        problems.push({
          actor: id,
          reason: `key ${fingerprint} is listed for several actors: ${ids.join(', ')}`,
        });
    }
  }
  return { actors: actorMap, openpgp, ssh, unreadable, problems };
}

function readWindow(ref: ActorKeyRef, fail: (reason: string) => void): KeyWindow | undefined {
  const after = parseWindowTime(ref.valid_after);
  const before = parseWindowTime(ref.valid_before);
  if (after === 'bad' || before === 'bad') {
    fail('valid_after / valid_before must be ISO-8601 times with a zone');
    return undefined;
  }
  if (after && before && after >= before) {
    fail('valid_after is not before valid_before');
    return undefined;
  }
  const window: KeyWindow = {};
  if (after) window.validAfter = after;
  if (before) window.validBefore = before;
  return window;
}
