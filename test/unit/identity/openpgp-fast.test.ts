import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createMessage,
  generateKey,
  readSignature,
  sign,
  verify,
  type PrivateKey,
  type PublicKey,
  type SignaturePacket,
} from 'openpgp';
import { fastVerify } from '../../../src/identity/openpgp-fast.js';

const u = [{ name: 'a' }];
const KINDS: [string, () => Promise<{ privateKey: PrivateKey; publicKey: PublicKey }>][] = [
  [
    'legacy EdDSA (curve25519Legacy)',
    () => generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: u, format: 'object' }),
  ],
  ['RFC 9580 Ed25519', () => generateKey({ type: 'curve25519', userIDs: u, format: 'object' })],
  ['ECDSA P-256', () => generateKey({ type: 'ecc', curve: 'nistP256', userIDs: u, format: 'object' })],
  ['ECDSA P-521', () => generateKey({ type: 'ecc', curve: 'nistP521', userIDs: u, format: 'object' })],
  ['RSA 2048', () => generateKey({ type: 'rsa', rsaBits: 2048, userIDs: u, format: 'object' })],
];

async function packetOf(armored: string): Promise<SignaturePacket> {
  return (await readSignature({ armoredSignature: armored })).packets[0] as SignaturePacket;
}

describe('OpenPGP node:crypto fast path', () => {
  for (const [name, make] of KINDS) {
    it(`agrees with openpgp.js on good and tampered ${name} signatures`, async () => {
      const { privateKey, publicKey } = await make();
      const keyPacket = publicKey.keyPacket as never;
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.nat(), async (data, flip) => {
          const armored = await sign({
            message: await createMessage({ binary: data }),
            signingKeys: privateKey as PrivateKey,
            detached: true,
          });
          const packet = await packetOf(armored);
          expect(fastVerify(packet, keyPacket, data)).toBe(true);
          const slow = await verify({
            message: await createMessage({ binary: data }),
            signature: await readSignature({ armoredSignature: armored }),
            verificationKeys: publicKey,
          });
          await expect(slow.signatures[0]!.verified).resolves.toBe(true);
          // One changed byte of the data: bad, as openpgp.js says too.
          const tampered = Buffer.from(data.length > 0 ? data : [0]);
          const at = flip % tampered.length;
          tampered[at] = tampered[at]! ^ 0x01;
          if (data.length === 0) return;
          expect(fastVerify(packet, keyPacket, tampered)).toBe(false);
        }),
        { numRuns: name.startsWith('RSA') || name.endsWith('P-521') ? 20 : 200 },
      );
    });
  }

  it('rejects a signature whose value was altered but whose left 16 bits still match', async () => {
    const { privateKey, publicKey } = await generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'a' }],
      format: 'object',
    });
    const data = Buffer.from('payload');
    const packet = await packetOf(
      await sign({ message: await createMessage({ binary: data }), signingKeys: privateKey, detached: true }),
    );
    const params = (packet as unknown as { params: { s: Uint8Array } }).params;
    const last = params.s.length - 1;
    params.s[last] = params.s[last]! ^ 0x01;
    expect(fastVerify(packet, publicKey.keyPacket as never, data)).toBe(false);
  });

  it('checks text-mode signatures over the CR LF form of the text (RFC 9580 §5.2.1.2)', async () => {
    const { privateKey, publicKey } = await generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'a' }],
      format: 'object',
    });
    const armored = await sign({
      message: await createMessage({ text: 'hello\nworld\n' }),
      signingKeys: privateKey,
      detached: true,
    });
    const packet = await packetOf(armored);
    const key = publicKey.keyPacket as never;
    expect(fastVerify(packet, key, Buffer.from('hello\nworld\n'))).toBe(true);
    expect(fastVerify(packet, key, Buffer.from('hello\r\nworld\r\n'))).toBe(true);
    expect(fastVerify(packet, key, Buffer.from('hello\nworld!\n'))).toBe(false);
  });
});
