/**
 * node:crypto keys for OpenPGP key packets (src/identity/openpgp-crypto.ts): every ECDSA curve OpenSSL
 * knows imports through SubjectPublicKeyInfo DER; a curve it does not know is named, never guessed.
 */
import { generateKeyPairSync } from 'node:crypto';
import { enums } from 'openpgp';
import { describe, expect, it } from 'vitest';
import { canonicalEol, nodeKey } from '../../../src/identity/openpgp-crypto.js';

// RFC 9580 §9.2 curve OIDs (the ASN.1 ones, without tag and length).
const OIDS: Record<string, number[]> = {
  brainpoolP256r1: [0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07],
  brainpoolP384r1: [0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0b],
  brainpoolP512r1: [0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0d],
  secp256k1: [0x2b, 0x81, 0x04, 0x00, 0x0a],
  nistP521: [0x2b, 0x81, 0x04, 0x00, 0x23],
};
const OPENSSL: Record<string, string> = {
  brainpoolP256r1: 'brainpoolP256r1',
  brainpoolP384r1: 'brainpoolP384r1',
  brainpoolP512r1: 'brainpoolP512r1',
  secp256k1: 'secp256k1',
  nistP521: 'secp521r1',
};

function packet(name: string, q: Uint8Array, oid = Uint8Array.from(OIDS[name] ?? [])) {
  return {
    algorithm: enums.publicKey.ecdsa,
    publicParams: {
      Q: q,
      oid: {
        oid,
        getName: () => {
          if (!(name in OIDS)) throw new Error('Unknown curve');
          return name;
        },
      },
    },
  };
}

describe('OpenPGP ECDSA keys in node:crypto', () => {
  for (const name of Object.keys(OIDS))
    it(`imports a ${name} public point`, () => {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: OPENSSL[name]! });
      const spki = publicKey.export({ format: 'der', type: 'spki' });
      // The uncompressed point is the BIT STRING at the end of the SubjectPublicKeyInfo.
      const size = { brainpoolP512r1: 64, brainpoolP384r1: 48, nistP521: 66 }[name] ?? 32;
      const point = spki.subarray(spki.length - (1 + 2 * size));
      expect(point[0]).toBe(0x04);
      const out = nodeKey(packet(name, point));
      expect('key' in out && out.key.asymmetricKeyDetails?.namedCurve).toBe(OPENSSL[name]);
    });

  it('names a curve it cannot use instead of failing the signature', () => {
    const out = nodeKey(
      packet('sect283k1', Buffer.alloc(73, 4), Uint8Array.from([0x2b, 0x81, 0x04, 0x00, 0x10])),
    );
    expect(out).toEqual({ unsupported: 'unsupported curve OID 2b81040010' });
  });

  it('turns every line ending into CR LF for text signatures', () => {
    expect(canonicalEol(Buffer.from('a\nb\r\nc\rd')).toString()).toBe('a\r\nb\r\nc\r\nd');
  });
});
