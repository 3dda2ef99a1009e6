/**
 * Every OpenPGP vector of ../shared/interop-vectors/part-b against its recorded verdict:
 * - pgp/: keys and detached signatures GnuPG 2.2.40 made at faked times (cases.json: Gatehouse's expected
 *   outcome and gpg's own status words);
 * - guix/: 372 real release signatures of bitcoin-core/guix.sigs with their builders' keys
 *   (gpg-verdicts.json: gpg's status at each signature's own time).
 * A Gatehouse verdict equals the reference tool's, or is a documented refusal whose reason names its cause.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { armor, enums, unarmor } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActorKeyRef } from '../../../src/core/documents.js';
import type { Keyring, VerifyResult } from '../../../src/identity/types.js';
import { verifyDetached } from '../../../src/identity/verify.js';
import { DOCUMENTED_REFUSALS, PART_B, expectVerdict, requireVectors } from './interop.js';
import { actor, keyringOf } from './keys.js';

const PGP = join(PART_B, 'pgp');
const GUIX = join(PART_B, 'guix');
/** After every signature in the set; expiry of keys is judged at signature time, never at this one. */
const AT = new Date('2027-01-01T00:00:00Z');

interface PgpCase {
  name: string;
  sig: string;
  msg: string;
  key: string | null;
  expect: string;
  gpg: string;
  why: string;
  tamper?: 'message' | 'signature';
  keyring?: 'binary' | 'window-before' | 'window-after' | 'concat';
  actor?: string;
  at?: string;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

async function tamperSignature(armored: string): Promise<string> {
  // The last byte of the packet is the last byte of the last signature MPI.
  const { data } = await unarmor(armored);
  const bytes = Buffer.from(data as unknown as Uint8Array);
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x01;
  return armor(enums.armor.signature, bytes);
}

describe('OpenPGP vectors made with GnuPG (part-b/pgp)', () => {
  let cases: PgpCase[];
  let keyNames: string[];
  let ring: Keyring;
  const file = (p: string) => readFileSync(join(PGP, p));

  beforeAll(async () => {
    requireVectors();
    cases = readJson<PgpCase[]>(join(PGP, 'cases.json'));
    keyNames = readdirSync(join(PGP, 'keys'))
      .filter((f) => f.endsWith('.asc'))
      .map((f) => f.slice(0, -4))
      .filter((k) => k !== 'stranger'); // "key in no actor"
    ring = await keyringOf(
      keyNames.map((k) => actor(k, [{ type: 'openpgp', file: `keys/${k}.asc` }])),
      Object.fromEntries(keyNames.map((k) => [`keys/${k}.asc`, file(`keys/${k}.asc`)])),
    );
  });

  async function ringFor(c: PgpCase): Promise<Keyring> {
    const k = c.key!;
    const ref = (extra: Partial<ActorKeyRef>): ActorKeyRef => ({
      type: 'openpgp',
      file: `keys/${k}.asc`,
      ...extra,
    });
    const files = { [`keys/${k}.asc`]: file(`keys/${k}.asc`) };
    if (c.keyring === 'binary')
      return keyringOf([actor(k, [{ type: 'openpgp', file: `keys/${k}.gpg` }])], {
        [`keys/${k}.gpg`]: file(`keys/${k}.gpg`),
      });
    if (c.keyring === 'window-before')
      return keyringOf([actor(k, [ref({ valid_before: '2024-02-01T00:00:00Z' })])], files);
    if (c.keyring === 'window-after')
      return keyringOf([actor(k, [ref({ valid_after: '2024-06-01T00:00:00Z' })])], files);
    if (c.keyring === 'concat')
      return keyringOf([actor(k, [ref({})])], {
        [`keys/${k}.asc`]: Buffer.concat([file('keys/rsa2048.asc'), file(`keys/${k}.asc`)]),
      });
    return ring;
  }

  async function run(c: PgpCase): Promise<VerifyResult> {
    let value = file(c.sig).toString('utf8');
    let message = file(join('msg', c.msg));
    if (c.tamper === 'signature') value = await tamperSignature(value);
    if (c.tamper === 'message') {
      message = Buffer.from(message);
      message[10] = message[10]! ^ 0x01;
    }
    const keyring = c.key && c.keyring ? await ringFor(c) : ring;
    const opts: Parameters<typeof verifyDetached>[3] = {
      namespace: 'gatehouse',
      at: c.at ? new Date(c.at) : AT,
    };
    if (c.actor) opts.actor = c.actor;
    else if (c.key && c.key !== 'stranger') opts.actor = c.key;
    return verifyDetached({ type: 'openpgp', value }, message, keyring, opts);
  }

  it('every case in cases.json gets its recorded verdict, each refusal naming its cause', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(70);
    for (const c of cases)
      expectVerdict(c.name, c.expect === 'ok' && c.key ? `ok:${c.key}` : c.expect, await run(c));
  });

  it('differs from gpg only by documented refusals', async () => {
    const differences: string[] = [];
    for (const c of cases) {
      const res = await run(c);
      const gpgGood = /^(GOODSIG|EXPKEYSIG|REVKEYSIG)/.test(c.gpg) && !c.tamper;
      if (gpgGood && !res.ok) {
        differences.push(`${c.name}: ${res.code}`);
        expect(DOCUMENTED_REFUSALS.has(res.code), `${c.name}: ${res.code} ${res.reason}`).toBe(true);
      }
    }
    // The differences are exactly the contract's refusals (DSA, RSA < 2048, SHA-1/RIPEMD-160, the policy's
    // own key copy and validity windows, revocation, one signature packet per armor).
    expect(differences.length).toBeGreaterThan(0);
  });

  it('verifies brainpool and secp256k1 ECDSA signatures, and calls a tampered one a bad signature', async () => {
    for (const name of ['brainpoolP256r1', 'brainpoolP384r1', 'secp256k1']) {
      const c = cases.find((x) => x.name === name)!;
      expect(await run(c)).toMatchObject({ ok: true, actor: name, keyType: 'openpgp/ecdsa' });
      const bad = await run({ ...c, tamper: 'message' });
      expect(bad).toMatchObject({ ok: false, code: 'bad-signature' });
      expect(!bad.ok && bad.reason).not.toMatch(/eckey-utils|Cannot find module/);
    }
  });

  it('refuses a signature past its own expiration time as "expired signature" (gpg: EXPSIG)', async () => {
    const res = await run(cases.find((x) => x.name === 'ed25519-sig-expired')!);
    expect(res).toMatchObject({ ok: false, code: 'expired-signature' });
    expect(!res.ok && res.reason).toMatch(/^expired signature: it expired on 2024-04-01/);
    // Before it expired, the same signature counts.
    const early = await verifyDetached(
      { type: 'openpgp', value: file('sigs/ed25519-sig-expired.asc').toString() },
      file('msg/doc.json'),
      ring,
      { namespace: 'gatehouse', actor: 'ed25519', at: new Date('2024-03-15T00:00:00Z') },
    );
    expect(early).toMatchObject({ ok: true, actor: 'ed25519' });
  });

  it('refuses unknown critical notations by name, on the node:crypto path too (RSA and Ed25519)', async () => {
    for (const name of ['ed25519-critical-notation', 'rsa2048-critical-notation']) {
      const res = await run(cases.find((x) => x.name === name)!);
      expect(res).toMatchObject({ ok: false, code: 'unsupported' });
      expect(!res.ok && res.reason).toMatch(/unknown critical notation crit@interop\.test/);
    }
  });
});

interface GuixVerdict {
  sig: string;
  doc: string;
  signer: string;
  gpg_now: string[];
  gpg_at_sig_time: string[];
  t: number;
  primary?: string;
}

describe('bitcoin-core/guix.sigs release signatures (part-b/guix)', () => {
  let verdicts: GuixVerdict[];
  let ring: Keyring;
  const results = new Map<string, VerifyResult>();

  beforeAll(async () => {
    requireVectors();
    verdicts = readJson<GuixVerdict[]>(join(GUIX, 'gpg-verdicts.json'));
    const keyFiles = readdirSync(join(GUIX, 'builder-keys')).filter((f) => f.endsWith('.gpg'));
    ring = await keyringOf(
      keyFiles.map((f) => actor(f.slice(0, -4), [{ type: 'openpgp', file: f }])),
      Object.fromEntries(keyFiles.map((f) => [f, readFileSync(join(GUIX, 'builder-keys', f))])),
    );
    for (const v of verdicts) {
      const res = await verifyDetached(
        { type: 'openpgp', value: readFileSync(join(GUIX, v.sig), 'utf8') },
        readFileSync(join(GUIX, v.doc)),
        ring,
        // Builder folders and key files are named apart (duncandean signs with dunxen.gpg): no actor named.
        { namespace: 'gatehouse', at: AT },
      );
      results.set(v.sig, res);
    }
  });

  it('reads every builder key (one key listed for two builders is reported, not dropped)', () => {
    expect(ring.unreadable.size).toBe(0);
    expect(ring.problems.every((p) => /listed for several actors/.test(p.reason))).toBe(true);
  });

  it('agrees with gpg at each signature time on all 372 signatures', () => {
    expect(verdicts).toHaveLength(372);
    for (const v of verdicts) {
      const res = results.get(v.sig)!;
      const good = v.gpg_at_sig_time[0] === 'GOODSIG';
      expectVerdict(v.sig, good ? 'ok' : 'unknown-key', res);
      // gpg's VALIDSIG names the primary key; so must Gatehouse.
      if (good) expect(res.ok && res.fingerprint, v.sig).toBe(v.primary);
    }
  });

  it('accepts the signatures whose keys had expired and were extended later (gpg now: EXPKEYSIG)', () => {
    const extended = verdicts.filter(
      (v) => v.gpg_now[0] === 'EXPKEYSIG' && v.gpg_at_sig_time[0] === 'GOODSIG',
    );
    expect(extended.length).toBeGreaterThanOrEqual(60);
    expect(new Set(extended.map((v) => v.signer)).size).toBeGreaterThanOrEqual(5);
    for (const v of extended)
      expect(results.get(v.sig), v.sig).toMatchObject({ ok: true, fingerprint: v.primary });
  });

  it('verifies the secp256k1/brainpool builder signatures that once failed with a missing module', () => {
    const ecdsa = verdicts.filter(
      (v) =>
        results.get(v.sig)?.ok && (results.get(v.sig) as { keyType: string }).keyType === 'openpgp/ecdsa',
    );
    expect(ecdsa.length).toBeGreaterThan(0);
  });
});
