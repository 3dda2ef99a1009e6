/**
 * OpenPGP (RFC 9580) detached signatures through gatehouse/lib: every case GnuPG made in part-b/pgp (cases.json,
 * with Gatehouse's expected outcome and gpg's status words), verified by verifyOpenPgpDetached against a keyring
 * built by buildKeyring, the vector files read in place at test time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { armor, enums, unarmor } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildKeyring, verifyOpenPgpDetached } from 'gatehouse/lib';
import type { Actor, ActorKeyRef, Keyring, VerifyResult } from 'gatehouse/lib';

const PGP = fileURLToPath(new URL('../../../shared/interop-vectors/part-b/pgp/', import.meta.url));
/** After every signature in the set; key expiry is judged at signature time, never at this one. */
const AT = new Date('2027-01-01T00:00:00Z');

interface PgpCase {
  name: string;
  sig: string;
  msg: string;
  key: string | null;
  expect: string;
  gpg: string;
  tamper?: 'message' | 'signature';
  keyring?: 'binary' | 'window-before' | 'window-after' | 'concat';
  actor?: string;
  at?: string;
}

const file = (p: string): Buffer => readFileSync(join(PGP, p));
const actor = (id: string, keys: ActorKeyRef[]): Actor => ({
  id,
  kind: 'human',
  roles: ['operator'],
  max_level: 2,
  keys,
});
const keyringOf = (actors: Actor[], files: Record<string, Buffer>): Promise<Keyring> =>
  buildKeyring(actors, (p) => Promise.resolve(files[p]));

async function tamperSignature(armored: string): Promise<string> {
  // The last byte of the packet is the last byte of the last signature MPI.
  const bytes = Buffer.from((await unarmor(armored)).data as Uint8Array);
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x01;
  return armor(enums.armor.signature, bytes);
}

describe('OpenPGP vectors made with GnuPG (part-b/pgp) through gatehouse/lib', () => {
  const cases = JSON.parse(file('cases.json').toString('utf8')) as PgpCase[];
  const results = new Map<string, VerifyResult>();

  /** The case's own keyring when it names one (binary key file, validity window, concatenated keys). */
  async function ringFor(c: PgpCase, ring: Keyring): Promise<Keyring> {
    const k = c.key!;
    const asc = `keys/${k}.asc`;
    const ref = (extra: Partial<ActorKeyRef>): ActorKeyRef => ({ type: 'openpgp', file: asc, ...extra });
    if (c.keyring === 'binary')
      return keyringOf([actor(k, [{ type: 'openpgp', file: `keys/${k}.gpg` }])], {
        [`keys/${k}.gpg`]: file(`keys/${k}.gpg`),
      });
    if (c.keyring === 'window-before')
      return keyringOf([actor(k, [ref({ valid_before: '2024-02-01T00:00:00Z' })])], { [asc]: file(asc) });
    if (c.keyring === 'window-after')
      return keyringOf([actor(k, [ref({ valid_after: '2024-06-01T00:00:00Z' })])], { [asc]: file(asc) });
    if (c.keyring === 'concat')
      return keyringOf([actor(k, [ref({})])], {
        [asc]: Buffer.concat([file('keys/rsa2048.asc'), file(asc)]),
      });
    return ring;
  }

  beforeAll(async () => {
    const names = readdirSync(join(PGP, 'keys'))
      .filter((f) => f.endsWith('.asc'))
      .map((f) => f.slice(0, -4))
      .filter((k) => k !== 'stranger'); // the key of no actor
    const ring = await keyringOf(
      names.map((k) => actor(k, [{ type: 'openpgp', file: `keys/${k}.asc` }])),
      Object.fromEntries(names.map((k) => [`keys/${k}.asc`, file(`keys/${k}.asc`)])),
    );
    for (const c of cases) {
      let armored = file(c.sig).toString('utf8');
      const message = Buffer.from(file(join('msg', c.msg)));
      if (c.tamper === 'signature') armored = await tamperSignature(armored);
      if (c.tamper === 'message') message[10] = message[10]! ^ 0x01;
      const keyring = c.key && c.keyring ? await ringFor(c, ring) : ring;
      const who = c.actor ?? (c.key && c.key !== 'stranger' ? c.key : undefined);
      const opts = { at: c.at ? new Date(c.at) : AT, ...(who ? { actor: who } : {}) };
      results.set(c.name, await verifyOpenPgpDetached(armored, message, keyring, opts));
    }
  });

  it('has the 76 cases, accepted and refused among them', () => {
    expect(cases).toHaveLength(76);
    expect(new Set(cases.map((c) => c.expect === 'ok'))).toEqual(new Set([true, false]));
  });

  for (const c of cases)
    it(`${c.name}: ${c.expect} (gpg: ${c.gpg || 'no status'})`, () => {
      const r = results.get(c.name)!;
      const got = r.ok ? `ok:${r.actor}` : `${r.code}: ${r.reason}`;
      if (c.expect === 'ok') {
        expect(r.ok, got).toBe(true);
        if (c.key) expect(r.ok && r.actor, got).toBe(c.actor ?? c.key);
        return;
      }
      expect(r.ok, got).toBe(false);
      if (c.expect !== 'fail') expect(!r.ok && r.code, got).toBe(c.expect);
      expect(!r.ok && r.reason.length, got).toBeGreaterThan(0);
    });

  it('refuses every signature gpg calls bad, errored or expired (BADSIG, ERRSIG, EXPSIG)', () => {
    const refusedByGpg = cases.filter((c) => /^(BADSIG|ERRSIG|EXPSIG)/.test(c.gpg));
    expect(refusedByGpg.length).toBeGreaterThanOrEqual(20);
    for (const c of refusedByGpg) expect(results.get(c.name)!.ok, c.name).toBe(false);
  });
});
