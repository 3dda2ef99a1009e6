/**
 * FIDO security-key SSHSIG (PROTOCOL.u2f). No authenticator is attached to a test machine, so a software
 * one signs here exactly what a token signs (SHA256(application) ‖ flags ‖ counter ‖ SHA256(data)), and
 * every signature it makes is first checked with OpenSSH's own `ssh-keygen -Y verify`, so the format is
 * OpenSSH's, not ours. Real token signatures are checked in test/integration/interop-commits.test.ts.
 */
import { generateKeyPairSync, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyDetached } from '../../../src/identity/verify.js';
import { SK_ECDSA, SK_ED25519, skSignedBlob } from '../../../src/identity/ssh-sk.js';
import { sshsigSignedData } from '../../../src/identity/sshsig.js';
import { wireMpint, wireString, wireUint32 } from '../../../src/identity/ssh-wire.js';
import { actor, keyringOf } from './keys.js';
import { sshVerify } from './tools.js';

const APP = 'ssh:';
const message = Buffer.from('{"actor":"alice","ts":"2026-01-18T14:10:00Z"}');
const TS = new Date('2026-01-18T14:10:00Z');

interface SoftToken {
  type: string;
  blob: Buffer;
  line: string;
  sign(data: Buffer, flags: number, counter: number): Buffer;
}

function token(type: typeof SK_ED25519 | typeof SK_ECDSA): SoftToken {
  let priv: KeyObject;
  let blob: Buffer;
  if (type === SK_ED25519) {
    const kp = generateKeyPairSync('ed25519');
    priv = kp.privateKey;
    const x = Buffer.from(kp.publicKey.export({ format: 'jwk' }).x!, 'base64url');
    blob = Buffer.concat([wireString(type), wireString(x), wireString(APP)]);
  } else {
    const kp = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    priv = kp.privateKey;
    const jwk = kp.publicKey.export({ format: 'jwk' });
    const q = Buffer.concat([
      Buffer.from([4]),
      Buffer.from(jwk.x!, 'base64url'),
      Buffer.from(jwk.y!, 'base64url'),
    ]);
    blob = Buffer.concat([wireString(type), wireString('nistp256'), wireString(q), wireString(APP)]);
  }
  return {
    type,
    blob,
    line: `${type} ${blob.toString('base64')} token@test`,
    sign(data, flags, counter) {
      const signed = skSignedBlob(APP, flags, counter, data);
      let sig: Buffer;
      if (type === SK_ED25519) sig = cryptoSign(null, signed, priv);
      else {
        const rs = cryptoSign('sha256', signed, { key: priv, dsaEncoding: 'ieee-p1363' });
        sig = Buffer.concat([wireMpint(rs.subarray(0, 32)), wireMpint(rs.subarray(32))]);
      }
      // PROTOCOL.u2f: string alg, string signature, byte flags, uint32 counter
      return Buffer.concat([wireString(type), wireString(sig), Buffer.from([flags]), wireUint32(counter)]);
    },
  };
}

/** An armored SSHSIG (PROTOCOL.sshsig) made by the software token. */
function sshsig(t: SoftToken, ns: string, data: Buffer, flags: number, counter = 7): string {
  const inner = t.sign(sshsigSignedData(ns, 'sha512', data), flags, counter);
  const blob = Buffer.concat([
    Buffer.from('SSHSIG'),
    wireUint32(1),
    wireString(t.blob),
    wireString(ns),
    wireString(''),
    wireString('sha512'),
    wireString(inner),
  ]);
  const b64 = blob.toString('base64').replace(/(.{70})/g, '$1\n');
  return `-----BEGIN SSH SIGNATURE-----\n${b64.trim()}\n-----END SSH SIGNATURE-----\n`;
}

describe('FIDO security-key SSH signatures (PROTOCOL.u2f)', () => {
  for (const type of [SK_ED25519, SK_ECDSA] as const) {
    it(`verifies ${type} signatures that ssh-keygen -Y verify accepts, with or without user presence`, async () => {
      const t = token(type);
      const keyring = await keyringOf([actor('alice', [{ type: 'ssh', key: t.line }])]);
      expect(keyring.problems).toEqual([]);
      for (const flags of [0x01, 0x05, 0x00]) {
        const value = sshsig(t, 'git', message, flags);
        // OpenSSH's verdict first: the signature is in its format, and it does not require user presence.
        expect(sshVerify(`alice ${t.line}\n`, 'alice', 'git', value, message)).toBe(true);
        const res = await verifyDetached({ type: 'ssh', value }, message, keyring, {
          namespace: 'git',
          actor: 'alice',
          sshTime: TS,
          at: TS,
        });
        expect(res).toMatchObject({ ok: true, actor: 'alice', keyType: `ssh/${type}` });
      }
    });

    it(`refuses a ${type} document signature made without user presence, and accepts one made with it`, async () => {
      const t = token(type);
      const keyring = await keyringOf([actor('alice', [{ type: 'ssh', key: t.line }])]);
      const opts = { namespace: 'gatehouse', actor: 'alice', sshTime: TS, at: TS };
      const touched = await verifyDetached(
        { type: 'ssh', value: sshsig(t, 'gatehouse', message, 0x01) },
        message,
        keyring,
        opts,
      );
      expect(touched).toMatchObject({ ok: true });
      const untouched = sshsig(t, 'gatehouse', message, 0x00);
      expect(sshVerify(`alice ${t.line}\n`, 'alice', 'gatehouse', untouched, message)).toBe(true);
      const res = await verifyDetached({ type: 'ssh', value: untouched }, message, keyring, opts);
      expect(res).toMatchObject({ ok: false, code: 'bad-signature' });
      expect(!res.ok && res.reason).toMatch(
        /made without user presence \(flags 0x00\); document signatures need a touch/,
      );
    });

    it(`calls a ${type} signature over other bytes, or with its counter changed, a bad signature`, async () => {
      const t = token(type);
      const keyring = await keyringOf([actor('alice', [{ type: 'ssh', key: t.line }])]);
      const opts = { namespace: 'git', actor: 'alice', sshTime: TS, at: TS };
      const value = sshsig(t, 'git', message, 0x01, 41);
      const other = Buffer.from(message.toString().replace('alice', 'alicf'));
      expect(sshVerify(`alice ${t.line}\n`, 'alice', 'git', value, other)).toBe(false);
      expect(await verifyDetached({ type: 'ssh', value }, other, keyring, opts)).toMatchObject({
        ok: false,
        code: 'bad-signature',
        reason: expect.stringMatching(/does not match the signed bytes/) as unknown,
      });
      // Rewrite the counter (the last four bytes of the inner signature blob) after signing.
      const raw = Buffer.from(value.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
      raw[raw.length - 1] = raw[raw.length - 1]! ^ 0x01;
      const b64 = raw.toString('base64').replace(/(.{70})/g, '$1\n');
      const bumped = `-----BEGIN SSH SIGNATURE-----\n${b64.trim()}\n-----END SSH SIGNATURE-----\n`;
      expect(sshVerify(`alice ${t.line}\n`, 'alice', 'git', bumped, message)).toBe(false);
      expect(await verifyDetached({ type: 'ssh', value: bumped }, message, keyring, opts)).toMatchObject({
        ok: false,
        code: 'bad-signature',
      });
    });
  }

  it('reads sk public keys with their application, and refuses an sk-ecdsa key on another curve', async () => {
    const t = token(SK_ECDSA);
    const bad = Buffer.from(t.blob);
    bad.write('nistp384', 4 + SK_ECDSA.length + 4, 'latin1');
    const keyring = await keyringOf([
      actor('alice', [{ type: 'ssh', key: t.line }]),
      actor('bob', [{ type: 'ssh', key: `${SK_ECDSA} ${bad.toString('base64')}` }]),
    ]);
    expect(keyring.problems).toHaveLength(1);
    expect(keyring.problems[0]).toMatchObject({
      actor: 'bob',
      reason: expect.stringMatching(/names curve nistp384, expected nistp256/) as unknown,
    });
    const entry = keyring.ssh.get(t.blob.toString('base64'))![0]!;
    expect(entry.key).toMatchObject({ type: SK_ECDSA, application: APP });
  });
});
