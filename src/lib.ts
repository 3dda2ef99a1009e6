/**
 * gatehouse/lib — the library entry (package.json `exports`): the format primitives and the use cases, typed, for
 * tools that want them without the CLI. Everything here is also what the CLI and the Action run.
 *
 *   JCS (RFC 8785) · RFC 9162 Merkle trees and proofs · C2SP signed notes and tlog checkpoints ·
 *   SSHSIG (OpenSSH PROTOCOL.sshsig) and OpenPGP (RFC 9580) verification · ledger verification · use cases
 */
export { jcs, jcsBytes, sha256Hex, signedBytes } from './core/jcs.js';
export {
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  merkleRoot,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
} from './ledger/merkle.js';
export { checkSshSig, parseSshSig, sshsigSignedData } from './identity/sshsig.js';
export { parseSshPublicKeyLine } from './identity/ssh-keys.js';
export { verifyOpenPgpDetached } from './identity/openpgp-verify.js';
export { DOCUMENT_NAMESPACE, GIT_NAMESPACE, verifyDetached, verifyDocument } from './identity/verify.js';
export { buildKeyring } from './identity/keyring.js';
export { verifyLedger } from './ledger/verify.js';
export { GatehouseError, isGatehouseError } from './core/errors.js';
export type { LedgerEntry } from './core/ledger-entry.js';
