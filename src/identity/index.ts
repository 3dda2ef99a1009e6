/** Identities and signatures: keyring, verification, SSH and commit-payload parsing (signers are in src/signers). */
export { buildKeyring, type PolicyFileReader } from './keyring.js';
export {
  verifyDocument,
  verifyDetached,
  documentActor,
  documentTime,
  DOCUMENT_NAMESPACE,
  GIT_NAMESPACE,
  type VerifyOptions,
  type DetachedVerifyOptions,
} from './verify.js';
export { splitCommitSignature, parseCommitHeaders, signatureFormat } from './commit-payload.js';
export {
  parseSshPublicKeyLine,
  parseSshPublicKeys,
  parseSshPrivateKey,
  encodeOpenSshEd25519,
  sshPublicKeyLine,
} from './ssh-keys.js';
export { parseSshSig, sshsigSignedData, signSshSigEd25519 } from './sshsig.js';
export type {
  Keyring,
  KeyringProblem,
  KeyEntry,
  VerifyResult,
  VerifyOk,
  VerifyFail,
  VerifyFailureCode,
  SignatureValue,
} from './types.js';
