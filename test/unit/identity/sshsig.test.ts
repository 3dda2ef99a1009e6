import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signedBytes } from '../../../src/core/jcs.js';
import {
  encodeOpenSshEd25519,
  parseSshPrivateKey,
  parseSshPublicKeyLine,
  sshPublicKeyLine,
} from '../../../src/identity/ssh-keys.js';
import { wireMpint, wireString, wireUint32 } from '../../../src/identity/ssh-wire.js';
import { parseSshSig, signSshSigEd25519, sshsigSignedData } from '../../../src/identity/sshsig.js';
import { verifyDocument } from '../../../src/identity/verify.js';
import { actor, ed25519Ssh, keyringOf } from './keys.js';
import { sshKeygen, sshSign, sshVerify, tempDir } from './tools.js';

const dir = tempDir('gh-ssh-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const approval = {
  change: 'CHG-0042',
  digest: `sha256:${'ab'.repeat(32)}`,
  actor: 'ops',
  decision: 'approve',
  ts: '2026-01-18T14:10:00Z',
};
const AT = new Date('2026-01-18T15:00:00Z');

describe('SSH public keys', () => {
  it('parses ssh-keygen ed25519, ecdsa and rsa keys with the fingerprint ssh-keygen prints', () => {
    for (const [type, bits] of [['ed25519'], ['ecdsa', 256], ['ecdsa', 384], ['rsa', 3072]] as const) {
      const k = sshKeygen(dir, `fp-${type}-${bits ?? ''}`, type, bits);
      const parsed = parseSshPublicKeyLine(k.pub);
      const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${k.path}.pub`]).toString();
      expect(printed).toContain(parsed.fingerprint);
      expect(parsed.weak).toBeUndefined();
    }
  });

  it('marks short RSA keys as weak and refuses unknown key types', () => {
    const k = sshKeygen(dir, 'rsa1024', 'rsa', 1024);
    expect(parseSshPublicKeyLine(k.pub).weak).toMatch(/1024 bits/);
    expect(() => parseSshPublicKeyLine(k.pub.replace(/^ssh-rsa/, 'ssh-foo'))).toThrow(/line says ssh-foo/);
    expect(() => parseSshPublicKeyLine('ssh-rsa AAAAB3NzaC1yc2E= x')).toThrow(/truncated/);
    expect(() => parseSshPublicKeyLine('ssh-ed25519 !!!')).toThrow(/base64/);
  });

  it('writes an OpenSSH private key that ssh-keygen reads back to the same public key', () => {
    const { privateKey, line } = ed25519Ssh('made@here');
    const path = join(dir, 'written');
    writeFileSync(path, encodeOpenSshEd25519(privateKey, 'made@here'), { mode: 0o600 });
    const derived = execFileSync('ssh-keygen', ['-y', '-f', path]).toString().trim();
    expect(derived.split(' ').slice(0, 2)).toEqual(line.split(' ').slice(0, 2));
    const info = parseSshPrivateKey(readFileSync(path, 'utf8'));
    expect(sshPublicKeyLine({ ...info.publicKey, comment: 'made@here' })).toBe(line);
    expect(info.ed25519).toBeDefined();
  });

  it('reads the public half of an ssh-keygen private key, and only ed25519 signs in-process', () => {
    const ed = sshKeygen(dir, 'priv-ed', 'ed25519');
    const ec = sshKeygen(dir, 'priv-ec', 'ecdsa', 256);
    const edInfo = parseSshPrivateKey(readFileSync(ed.path, 'utf8'));
    const ecInfo = parseSshPrivateKey(readFileSync(ec.path, 'utf8'));
    expect(edInfo.publicKey.fingerprint).toBe(parseSshPublicKeyLine(ed.pub).fingerprint);
    expect(ecInfo.publicKey.fingerprint).toBe(parseSshPublicKeyLine(ec.pub).fingerprint);
    expect(edInfo.ed25519).toBeDefined();
    expect(ecInfo.ed25519).toBeUndefined();
  });
});

describe('SSHSIG document signatures', () => {
  const keys = {
    ed: sshKeygen(dir, 'doc-ed', 'ed25519'),
    ec: sshKeygen(dir, 'doc-ec', 'ecdsa', 256),
    rsa: sshKeygen(dir, 'doc-rsa', 'rsa', 3072),
    other: sshKeygen(dir, 'doc-other', 'ed25519'),
  };
  const ring = (window: { valid_after?: string; valid_before?: string } = {}) =>
    keyringOf(
      [
        actor('ops', [{ type: 'ssh', file: 'keys/ops.pub', ...window }]),
        actor('mallory', [{ type: 'ssh', key: keys.other.pub }]),
      ],
      { 'keys/ops.pub': `# ops keys\n${keys.ed.pub}\n${keys.ec.pub}\n\n${keys.rsa.pub}\n` },
    );

  it('verifies approvals signed with ssh-keygen -Y sign -n gatehouse (ed25519, ecdsa p256, rsa)', async () => {
    const keyring = await ring();
    expect(keyring.problems).toEqual([]);
    for (const k of [keys.ed, keys.ec, keys.rsa]) {
      const value = sshSign(k.path, 'gatehouse', signedBytes(approval));
      const res = await verifyDocument({ ...approval, signature: { type: 'ssh', value } }, keyring, {
        at: AT,
      });
      expect(res).toMatchObject({
        ok: true,
        actor: 'ops',
        fingerprint: parseSshPublicKeyLine(k.pub).fingerprint,
        signedAt: '2026-01-18T14:10:00Z',
      });
    }
  });

  it('verifies sha256 SSHSIG as well as the default sha512', async () => {
    const value = execFileSync(
      'ssh-keygen',
      ['-Y', 'sign', '-n', 'gatehouse', '-O', 'hashalg=sha256', '-f', keys.ed.path],
      {
        input: signedBytes(approval),
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    ).toString();
    expect(parseSshSig(value).hashAlgorithm).toBe('sha256');
    const res = await verifyDocument({ ...approval, signature: { type: 'ssh', value } }, await ring(), {
      at: AT,
    });
    expect(res).toMatchObject({ ok: true });
  });

  it('rejects the same approval signed with namespace git as wrong-namespace', async () => {
    const value = sshSign(keys.ed.path, 'git', signedBytes(approval));
    const res = await verifyDocument({ ...approval, signature: { type: 'ssh', value } }, await ring(), {
      at: AT,
    });
    expect(res).toMatchObject({ ok: false, code: 'wrong-namespace' });
    expect(!res.ok && res.reason).toMatch(/"git", expected "gatehouse"/);
  });

  it('produces in-process signatures that ssh-keygen -Y verify accepts', () => {
    const { privateKey, blob, line } = ed25519Ssh('inproc');
    const data = signedBytes(approval);
    const sig = signSshSigEd25519(privateKey, blob, 'gatehouse', data);
    expect(sshVerify(`ops@test namespaces="gatehouse" ${line}\n`, 'ops@test', 'gatehouse', sig, data)).toBe(
      true,
    );
    expect(sshVerify(`ops@test ${line}\n`, 'ops@test', 'git', sig, data)).toBe(false);
  });

  it('rejects another actor key, an unknown key, a changed byte and another document, each with its code', async () => {
    const keyring = await ring();
    const check = async (value: string, doc = approval) =>
      verifyDocument({ ...doc, signature: { type: 'ssh', value } }, keyring, { at: AT });
    expect(await check(sshSign(keys.other.path, 'gatehouse', signedBytes(approval)))).toMatchObject({
      code: 'wrong-actor',
    });
    const stranger = sshKeygen(dir, 'stranger', 'ed25519');
    expect(await check(sshSign(stranger.path, 'gatehouse', signedBytes(approval)))).toMatchObject({
      code: 'unknown-key',
    });
    const good = sshSign(keys.ec.path, 'gatehouse', signedBytes(approval));
    expect(await check(good, { ...approval, decision: 'approvE' })).toMatchObject({ code: 'bad-signature' });
    const other = sshSign(keys.rsa.path, 'gatehouse', signedBytes({ ...approval, change: 'CHG-1' }));
    expect(await check(other)).toMatchObject({ code: 'bad-signature' });
    expect(await check('-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----')).toMatchObject(
      {
        code: 'malformed',
      },
    );
  });

  it('checks the document timestamp against valid_after / valid_before, as allowed_signers does', async () => {
    const value = sshSign(keys.ed.path, 'gatehouse', signedBytes(approval));
    const doc = { ...approval, signature: { type: 'ssh', value } };
    expect(
      await verifyDocument(doc, await ring({ valid_before: '2026-01-18T14:10:00Z' }), { at: AT }),
    ).toMatchObject({
      code: 'expired',
    });
    expect(
      await verifyDocument(doc, await ring({ valid_after: '2026-01-18T14:10:01Z' }), { at: AT }),
    ).toMatchObject({
      code: 'not-yet-valid',
    });
    expect(
      await verifyDocument(
        doc,
        await ring({ valid_after: '2026-01-01T00:00:00Z', valid_before: '2027-01-01T00:00:00Z' }),
        {
          at: AT,
        },
      ),
    ).toMatchObject({ ok: true });
    // A document dated after the verification time is refused.
    expect(await verifyDocument(doc, await ring(), { at: new Date('2026-01-18T13:00:00Z') })).toMatchObject({
      code: 'not-yet-valid',
    });
  });

  it('rejects an RSA SSHSIG made with SHA-1 (ssh-rsa) as weak-hash', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    const blob = Buffer.concat([
      wireString('ssh-rsa'),
      wireMpint(Buffer.from(jwk.e!, 'base64url')),
      wireMpint(Buffer.from(jwk.n!, 'base64url')),
    ]);
    const line = `ssh-rsa ${blob.toString('base64')} sha1@test`;
    const msg = signedBytes(approval);
    const data = sshsigSignedData('gatehouse', 'sha512', msg);
    const sig = cryptoSign('sha1', data, privateKey);
    const armored = [
      '-----BEGIN SSH SIGNATURE-----',
      Buffer.concat([
        Buffer.from('SSHSIG'),
        wireUint32(1),
        wireString(blob),
        wireString('gatehouse'),
        wireString(''),
        wireString('sha512'),
        wireString(Buffer.concat([wireString('ssh-rsa'), wireString(sig)])),
      ]).toString('base64'),
      '-----END SSH SIGNATURE-----',
    ].join('\n');
    const keyring = await keyringOf([actor('ops', [{ type: 'ssh', key: line }])]);
    const res = await verifyDocument({ ...approval, signature: { type: 'ssh', value: armored } }, keyring, {
      at: AT,
    });
    expect(res).toMatchObject({ ok: false, code: 'weak-hash' });
  });
});
