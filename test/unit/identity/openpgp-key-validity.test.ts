/**
 * OpenPGP key validity at signature time, judged as GnuPG judges it (src/identity/openpgp-key-validity.ts):
 * re-issued and extended self-signatures, the quick-check octets as a hint only, broken self-signatures
 * named as such.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMessage, readKey, reformatKey, sign, type PrivateKey } from 'openpgp';
import { describe, expect, it } from 'vitest';
import { signedBytes } from '../../../src/core/jcs.js';
import { judgeSigningKey } from '../../../src/identity/openpgp-key-validity.js';
import { verifyDocument } from '../../../src/identity/verify.js';
import { PART_B, requireVectors } from './interop.js';
import { actor, keyringOf, pgpKey } from './keys.js';
import { gnupgHome } from './tools.js';

const day = 86_400;
const t0 = new Date('2025-01-01T00:00:00Z');
const at = (days: number) => new Date(t0.getTime() + days * day * 1000);
const doc = { change: 'CHG-1', actor: 'alice', decision: 'approve', ts: '2025-01-21T00:00:00Z' };

async function signAt(key: PrivateKey, date: Date): Promise<string> {
  return sign({
    message: await createMessage({ binary: signedBytes(doc) }),
    signingKeys: key,
    detached: true,
    date,
  });
}

/** The same key material with one more self-signature, made at `date`, setting expiry `days` after creation. */
async function withSelfSig(base: string, priv: PrivateKey, date: Date, days: number): Promise<string> {
  const key = await readKey({ armoredKey: base });
  const again = await reformatKey({
    privateKey: priv,
    userIDs: [{ name: 'alice' }],
    keyExpirationTime: days * day,
    date,
    format: 'object',
  });
  const merged = await key.update(again.publicKey, date);
  return merged.armor();
}

describe('OpenPGP key validity at signature time (GnuPG semantics)', () => {
  it('takes the expiry of the newest self-signature, even one made after the signature (expiry extended)', async () => {
    const k = await pgpKey('alice', { date: t0 });
    const value = await signAt(k.privateKey, at(20));
    // First self-signature (day 0): expires on day 10. A later one (day 30) extends it to day 100.
    const short = await reformatKey({
      privateKey: k.privateKey,
      userIDs: [{ name: 'alice' }],
      keyExpirationTime: 10 * day,
      date: t0,
      format: 'object',
    });
    const extended = await withSelfSig(short.publicKey.armor(), k.privateKey, at(30), 100);
    expect((await readKey({ armoredKey: extended })).users[0]!.selfCertifications).toHaveLength(2);
    const keyring = await keyringOf([actor('alice', [{ type: 'openpgp', key: extended }])]);
    const res = await verifyDocument({ ...doc, signature: { type: 'openpgp', value } }, keyring, {
      at: at(40),
    });
    expect(res).toMatchObject({ ok: true, actor: 'alice', signedAt: '2025-01-21T00:00:00Z' });
    // Without the extension, the same signature was made after the key expired.
    const only = await keyringOf([actor('alice', [{ type: 'openpgp', key: short.publicKey.armor() }])]);
    const expired = await verifyDocument({ ...doc, signature: { type: 'openpgp', value } }, only, {
      at: at(40),
    });
    expect(expired).toMatchObject({ ok: false, code: 'expired' });
    expect(!expired.ok && expired.reason).toMatch(
      /expired on 2025-01-11T00:00:00Z, before the signature \(2025-01-21T00:00:00Z\)/,
    );
  });

  it('accepts a signature made under a self-signature gpg later replaced (--quick-set-expire), and an extension after expiry', async () => {
    const g = gnupgHome();
    try {
      const s0 = Math.floor(t0.getTime() / 1000);
      const fpr = g.genKey('Late <late@example.test>', 'ed25519', '10d', s0);
      const bytes = signedBytes({ ...doc, actor: 'late' });
      const early = g.sign(fpr, bytes, [], s0 + 5 * day);
      // The key expires on day 10; on day 40 its owner extends it to day 400 and signs again.
      g.gpgAt(s0 + 40 * day, ['--quick-set-expire', fpr, '400d']);
      const late = g.sign(fpr, bytes, [], s0 + 50 * day);
      const keyring = await keyringOf([actor('late', [{ type: 'openpgp', key: g.exportPublic(fpr) }])]);
      for (const value of [early, late]) {
        const res = await verifyDocument(
          { ...doc, actor: 'late', signature: { type: 'openpgp', value } },
          keyring,
          {
            at: at(60),
          },
        );
        expect(res).toMatchObject({ ok: true, actor: 'late' });
      }
    } finally {
      g.close();
    }
  });

  it("uses GitHub's web-flow key, whose only self-signature has wrong quick-check octets (RFC 9580 §5.2.4)", async () => {
    requireVectors();
    const armored = readFileSync(join(PART_B, 'real/kewlfft-ansible-aur/keys/github-web-flow.asc'), 'utf8');
    const key = await readKey({ armoredKey: armored });
    expect(await judgeSigningKey(key, '4AEE18F83AFDEB23', new Date('2020-01-01T00:00:00Z'))).toEqual({
      ok: true,
    });
    // openpgp.js alone refuses the key over those two octets.
    await expect(key.getSigningKey()).rejects.toThrow(/digest did not match/i);
  });

  it('names a self-signature that does not verify as the cause, not the document signature', async () => {
    requireVectors();
    const armored = readFileSync(join(PART_B, 'real/kewlfft-ansible-aur/keys/github-web-flow.asc'), 'utf8');
    const key = await readKey({ armoredKey: armored });
    const cert = key.users[0]!.selfCertifications[0]! as unknown as {
      params: Promise<{ s: Uint8Array }> | { s: Uint8Array };
    };
    const params = await cert.params;
    params.s[params.s.length - 1] = params.s[params.s.length - 1]! ^ 0x01;
    cert.params = params;
    const res = await judgeSigningKey(key, '4AEE18F83AFDEB23', new Date('2020-01-01T00:00:00Z'));
    expect(res).toMatchObject({ ok: false, code: 'invalid-key' });
    expect(!res.ok && res.reason).toMatch(
      /has no valid self-signature: self-signature of 2017-08-16T\S+: does not verify/,
    );
  });
});
