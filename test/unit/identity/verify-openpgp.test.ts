import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessage, enums, readKey, reformatKey, revokeKey, sign } from 'openpgp';
import { signedBytes } from '../../../src/core/jcs.js';
import { verifyDocument } from '../../../src/identity/verify.js';
import { actor, keyringOf, pgpKey } from './keys.js';
import { gnupgHome, type GnupgHome } from './tools.js';

const approval = {
  change: 'CHG-0042',
  digest: `sha256:${'9f'.repeat(32)}`,
  actor: 'alice',
  decision: 'approve',
  role: 'security',
  ts: '2026-01-18T14:10:00Z',
  comment: 'Checked the forecast — ok',
};
const NOW = new Date('2026-01-18T15:00:00Z');

describe('OpenPGP document signatures made with GnuPG', () => {
  // gpg signs with the wall clock, so these verify at the wall clock too.
  const NOW = new Date(Date.now() + 60_000);
  let g: GnupgHome;
  let aliceEd: string;
  let aliceRsa: string;
  let bob: string;
  let dsa: string;
  let files: Record<string, string>;

  beforeAll(() => {
    g = gnupgHome();
    aliceEd = g.genKey('Alice <alice@example.test>', 'ed25519');
    aliceRsa = g.genKey('Alice RSA <alice-rsa@example.test>', 'rsa3072');
    bob = g.genKey('Bob <bob@example.test>', 'ed25519');
    dsa = g.genKey('Dave DSA <dave@example.test>', 'dsa2048');
    files = {
      'keys/alice.asc': g.exportPublic(aliceEd) + g.exportPublic(aliceRsa),
      'keys/bob.asc': g.exportPublic(bob),
      'keys/dave.asc': g.exportPublic(dsa),
    };
  });
  afterAll(() => g.close());

  const ring = () =>
    keyringOf(
      [
        actor('alice', [{ type: 'openpgp', file: 'keys/alice.asc' }]),
        actor('bob', [{ type: 'openpgp', file: 'keys/bob.asc' }]),
        actor('dave', [{ type: 'openpgp', file: 'keys/dave.asc' }]),
      ],
      files,
    );

  it('verifies an approval signed with gpg --detach-sign --armor over its JCS bytes (ed25519 and rsa3072)', async () => {
    const keyring = await ring();
    expect(keyring.problems).toEqual([]);
    for (const fpr of [aliceEd, aliceRsa]) {
      const value = g.sign(fpr, signedBytes(approval));
      const res = await verifyDocument({ ...approval, signature: { type: 'openpgp', value } }, keyring, {
        at: NOW,
      });
      expect(res).toMatchObject({ ok: true, actor: 'alice', fingerprint: fpr });
    }
  });

  it('names the key type and the signature time', async () => {
    const value = g.sign(aliceRsa, signedBytes(approval));
    const res = await verifyDocument(
      { ...approval, signature: { type: 'openpgp', value } },
      await ring(),
      {},
    );
    expect(res.ok && res.keyType).toMatch(/^openpgp\/rsa/);
    expect(res.ok && Math.abs(Date.parse(res.signedAt) - Date.now())).toBeLessThan(120_000);
  });

  it('keeps a signature valid after gpg --quick-set-expire replaced the self-signature it was made under', async () => {
    const t0 = 1735689600; // 2025-01-01
    const day = 86_400;
    const fpr = g.genKey('Old <old@example.test>', 'ed25519', '10d', t0);
    const doc = { ...approval, actor: 'old' };
    const early = g.sign(fpr, signedBytes(doc), [], t0 + 5 * day);
    g.gpgAt(t0 + 8 * day, ['--quick-set-expire', fpr, '100d']);
    const late = g.sign(fpr, signedBytes(doc), [], t0 + 50 * day);
    const exported = g.exportPublic(fpr);
    // gpg kept only the new self-signature: the early signature predates every self-signature left.
    const key = await readKey({ armoredKey: exported });
    expect(key.users[0]!.selfCertifications.map((s) => s.created?.getTime())).toEqual([
      (t0 + 8 * day) * 1000,
    ]);
    const keyring = await keyringOf([actor('old', [{ type: 'openpgp', key: exported }])]);
    for (const value of [early, late]) {
      const res = await verifyDocument({ ...doc, signature: { type: 'openpgp', value } }, keyring, {
        at: NOW,
      });
      expect(res).toMatchObject({ ok: true, actor: 'old' });
    }
  });

  it('accepts a gpg signature made while the key was valid, verified after the key expired', async () => {
    const t0 = 1735689600;
    const fpr = g.genKey('Brief <brief@example.test>', 'ed25519', '10d', t0);
    const doc = { ...approval, actor: 'brief' };
    const value = g.sign(fpr, signedBytes(doc), [], t0 + 86_400);
    const keyring = await keyringOf([actor('brief', [{ type: 'openpgp', key: g.exportPublic(fpr) }])]);
    const res = await verifyDocument({ ...doc, signature: { type: 'openpgp', value } }, keyring, { at: NOW });
    expect(res).toMatchObject({ ok: true, signedAt: '2025-01-02T00:00:00Z' });
  });

  it('rejects a signature by another actor key as wrong-actor', async () => {
    const value = g.sign(bob, signedBytes(approval));
    const res = await verifyDocument({ ...approval, signature: { type: 'openpgp', value } }, await ring(), {
      at: NOW,
    });
    expect(res).toMatchObject({ ok: false, code: 'wrong-actor' });
    expect(!res.ok && res.reason).toMatch(/belongs to bob, not to alice/);
  });

  it('rejects a signature whose key no actor holds as unknown-key', async () => {
    const stranger = g.genKey('Eve <eve@example.test>', 'ed25519');
    const value = g.sign(stranger, signedBytes(approval));
    const res = await verifyDocument({ ...approval, signature: { type: 'openpgp', value } }, await ring(), {
      at: NOW,
    });
    expect(res).toMatchObject({ ok: false, code: 'unknown-key' });
  });

  it('rejects a SHA-1 signature as weak-hash', async () => {
    const value = g.sign(aliceRsa, signedBytes(approval), ['--digest-algo', 'SHA1']);
    const res = await verifyDocument({ ...approval, signature: { type: 'openpgp', value } }, await ring(), {
      at: NOW,
    });
    expect(res).toMatchObject({ ok: false, code: 'weak-hash' });
    expect(!res.ok && res.reason).toMatch(/SHA1/);
  });

  it('rejects a DSA key as weak-algorithm', async () => {
    const doc = { ...approval, actor: 'dave' };
    const value = g.sign(dsa, signedBytes(doc));
    const res = await verifyDocument({ ...doc, signature: { type: 'openpgp', value } }, await ring(), {
      at: NOW,
    });
    expect(res).toMatchObject({ ok: false, code: 'weak-algorithm' });
    expect(!res.ok && res.reason).toMatch(/DSA/);
  });

  it('rejects a document with one byte of payload changed as bad-signature', async () => {
    const value = g.sign(aliceEd, signedBytes(approval));
    const tampered = {
      ...approval,
      comment: 'Checked the forecast — oK',
      signature: { type: 'openpgp', value },
    };
    const res = await verifyDocument(tampered, await ring(), { at: NOW });
    expect(res).toMatchObject({ ok: false, code: 'bad-signature' });
  });

  it('rejects a signature made over another document as bad-signature', async () => {
    const other = { ...approval, change: 'CHG-0043' };
    const value = g.sign(aliceEd, signedBytes(other));
    const res = await verifyDocument({ ...approval, signature: { type: 'openpgp', value } }, await ring(), {
      at: NOW,
    });
    expect(res).toMatchObject({ ok: false, code: 'bad-signature' });
  });
});

describe('OpenPGP key validity at signature time', () => {
  const t0 = new Date('2025-01-01T00:00:00Z');
  const day = 86_400;
  const signAt = async (key: Awaited<ReturnType<typeof pgpKey>>['privateKey'], doc: object, date: Date) =>
    sign({
      message: await createMessage({ binary: signedBytes(doc as Record<string, unknown>) }),
      signingKeys: key,
      detached: true,
      date,
    });

  it('accepts a signature made before the key expired, verified after expiry', async () => {
    const k = await pgpKey('alice', { date: t0, keyExpirationTime: 10 * day });
    const keyring = await keyringOf([actor('alice', [{ type: 'openpgp', key: k.publicArmored }])]);
    const value = await signAt(k.privateKey, approval, new Date('2025-01-05T00:00:00Z'));
    const res = await verifyDocument({ ...approval, signature: { type: 'openpgp', value } }, keyring, {
      at: NOW,
    });
    expect(res).toMatchObject({ ok: true, actor: 'alice', signedAt: '2025-01-05T00:00:00Z' });
  });

  it('rejects a signature made after the key expired as expired', async () => {
    // Same key material, first valid without expiry; then its self-signatures are remade with a 10-day expiry.
    const k = await pgpKey('alice', { date: t0 });
    const value = await signAt(k.privateKey, approval, new Date('2025-03-01T00:00:00Z'));
    const shortLived = await reformatKey({
      privateKey: k.privateKey,
      userIDs: [{ name: 'alice' }],
      keyExpirationTime: 10 * day,
      date: t0,
      format: 'object',
    });
    const keyring = await keyringOf([
      actor('alice', [{ type: 'openpgp', key: shortLived.publicKey.armor() }]),
    ]);
    const res = await verifyDocument({ ...approval, signature: { type: 'openpgp', value } }, keyring, {
      at: NOW,
    });
    expect(res).toMatchObject({ ok: false, code: 'expired' });
  });

  it('rejects a signature by a revoked key as revoked', async () => {
    const k = await pgpKey('alice', { date: t0 });
    const value = await signAt(k.privateKey, approval, new Date('2025-02-01T00:00:00Z'));
    const revoked = await revokeKey({
      key: k.privateKey,
      reasonForRevocation: { flag: enums.reasonForRevocation.keyCompromised },
      date: new Date('2025-03-01T00:00:00Z'),
      format: 'object',
    });
    const keyring = await keyringOf([actor('alice', [{ type: 'openpgp', key: revoked.publicKey.armor() }])]);
    const res = await verifyDocument({ ...approval, signature: { type: 'openpgp', value } }, keyring, {
      at: NOW,
    });
    expect(res).toMatchObject({ ok: false, code: 'revoked' });
  });

  it('keeps signatures made before a soft revocation (key superseded) valid, and rejects later ones', async () => {
    const k = await pgpKey('alice', { date: t0 });
    const before = await signAt(k.privateKey, approval, new Date('2025-02-01T00:00:00Z'));
    const after = await signAt(k.privateKey, approval, new Date('2025-04-01T00:00:00Z'));
    const retired = await revokeKey({
      key: k.privateKey,
      reasonForRevocation: { flag: enums.reasonForRevocation.keySuperseded },
      date: new Date('2025-03-01T00:00:00Z'),
      format: 'object',
    });
    const keyring = await keyringOf([actor('alice', [{ type: 'openpgp', key: retired.publicKey.armor() }])]);
    const ok = await verifyDocument({ ...approval, signature: { type: 'openpgp', value: before } }, keyring, {
      at: NOW,
    });
    expect(ok).toMatchObject({ ok: true });
    const late = await verifyDocument(
      { ...approval, signature: { type: 'openpgp', value: after } },
      keyring,
      { at: NOW },
    );
    expect(late).toMatchObject({ ok: false, code: 'revoked' });
  });

  it('rejects a signature dated after the verification time as not-yet-valid', async () => {
    const k = await pgpKey('alice', { date: t0 });
    const keyring = await keyringOf([actor('alice', [{ type: 'openpgp', key: k.publicArmored }])]);
    const value = await signAt(k.privateKey, approval, new Date('2026-02-01T00:00:00Z'));
    const res = await verifyDocument({ ...approval, signature: { type: 'openpgp', value } }, keyring, {
      at: NOW,
    });
    expect(res).toMatchObject({ ok: false, code: 'not-yet-valid' });
  });

  it('applies the policy validity window to OpenPGP keys too', async () => {
    const k = await pgpKey('alice', { date: t0 });
    const keyring = await keyringOf([
      actor('alice', [{ type: 'openpgp', key: k.publicArmored, valid_before: '2025-06-01T00:00:00Z' }]),
    ]);
    const value = await signAt(k.privateKey, approval, new Date('2025-07-01T00:00:00Z'));
    const res = await verifyDocument({ ...approval, signature: { type: 'openpgp', value } }, keyring, {
      at: NOW,
    });
    expect(res).toMatchObject({ ok: false, code: 'expired' });
    expect(!res.ok && res.reason).toMatch(/valid only until 2025-06-01/);
  });

  it('reads a key file holding several keys and reports garbage signatures as malformed', async () => {
    const a = await pgpKey('alice', { date: t0 });
    const b = await pgpKey('alice2', { date: t0 });
    const keyring = await keyringOf([actor('alice', [{ type: 'openpgp', file: 'keys/a.asc' }])], {
      'keys/a.asc': a.publicArmored + b.publicArmored,
    });
    expect((await readKey({ armoredKey: b.publicArmored })).getFingerprint()).toBeTruthy();
    const value = await signAt(b.privateKey, approval, new Date('2025-02-01T00:00:00Z'));
    expect(
      await verifyDocument({ ...approval, signature: { type: 'openpgp', value } }, keyring, { at: NOW }),
    ).toMatchObject({
      ok: true,
    });
    const bad = await verifyDocument(
      { ...approval, signature: { type: 'openpgp', value: 'not a signature' } },
      keyring,
      { at: NOW },
    );
    expect(bad).toMatchObject({ ok: false, code: 'malformed' });
    const none = await verifyDocument({ ...approval }, keyring, { at: NOW });
    expect(none).toMatchObject({ ok: false, code: 'malformed', reason: 'document is not signed' });
  });
});
