/**
 * The node:crypto check of a v4 OpenPGP document signature (binary 0x00 or text 0x01), synchronous: true
 * (good), false (bad), or undefined when the packet or key is outside what openpgp-crypto.ts verifies. The
 * key's validity and the signature's subpackets are judged elsewhere (openpgp-verify.ts).
 */
import { enums, type SignaturePacket } from 'openpgp';
import { canonicalEol, verifyV4, type KeyPacketLike, type SigPacket } from './openpgp-crypto.js';

export function fastVerify(
  packet: SignaturePacket,
  keyPacket: KeyPacketLike,
  message: Uint8Array,
): boolean | undefined {
  const pkt = packet as SigPacket;
  if (pkt.version !== 4 || pkt.params instanceof Promise) return undefined;
  const type = pkt.signatureType as number;
  if (type !== enums.signature.binary && type !== enums.signature.text) return undefined;
  const out = verifyV4(pkt, keyPacket, type === enums.signature.text ? canonicalEol(message) : message);
  return 'unsupported' in out ? undefined : out.good;
}
