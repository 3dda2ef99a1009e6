/**
 * Signature verification (DESIGN §2.4): a signature counts only if its key belongs to the expected actor in
 * the (base) policy, was valid at the signature time, and uses no weak algorithm.
 */
import { signedBytes } from '../core/jcs.js';
import { verifyOpenPgpDetached, iso } from './openpgp-verify.js';
import { checkSshSig, parseSshSig } from './sshsig.js';
import { sshFingerprint } from './ssh-keys.js';
import type { SshEntry, Keyring, SignatureValue, VerifyResult } from './types.js';
import { pickEntry, timeChecks, type DetachedOptions } from './verify-common.js';

/** DESIGN §2.4: document signatures use SSHSIG namespace `gatehouse`, never `git`. */
export const DOCUMENT_NAMESPACE = 'gatehouse';
/** git's SSH commit signatures use namespace `git` (gpg-interface.c, sign_buffer_ssh). */
export const GIT_NAMESPACE = 'git';

export interface VerifyOptions {
  /** Expected signer; defaults to the document's `actor`, else `proposer`, else `requested_by`. */
  actor?: string;
  /** Verification time (the injected clock): signatures dated after it are refused. */
  at?: Date;
}

export interface DetachedVerifyOptions extends DetachedOptions {
  /** SSHSIG namespace the signature must carry. */
  namespace: string;
  /**
   * The time an SSH signature is taken to have been made. SSHSIG carries no timestamp, so callers pass the
   * signed content's own time (a document's `ts`, a commit's committer date, as git does with
   * `ssh-keygen -Overify-time`), and the key's validity window is checked against it.
   */
  sshTime?: Date;
}

/** Verify a detached signature (OpenPGP or SSHSIG) over `message`. */
export async function verifyDetached(
  sig: SignatureValue,
  message: Uint8Array,
  keyring: Keyring,
  opts: DetachedVerifyOptions,
): Promise<VerifyResult> {
  if (sig.type === 'openpgp') return verifyOpenPgpDetached(sig.value, message, keyring, opts);
  if (sig.type === 'ssh') return verifySshDetached(sig.value, message, keyring, opts);
  return { ok: false, code: 'malformed', reason: `unknown signature type "${String(sig.type)}"` };
}

function verifySshDetached(
  armored: string,
  message: Uint8Array,
  keyring: Keyring,
  opts: DetachedVerifyOptions,
): VerifyResult {
  let parsed;
  try {
    parsed = parseSshSig(armored);
  } catch (e) {
    return { ok: false, code: 'malformed', reason: `not an SSH signature: ${(e as Error).message}` };
  }
  // PROTOCOL.sshsig: namespace must match (checked first: a commit signature must never pass as a document's).
  if (parsed.namespace !== opts.namespace)
    return {
      ok: false,
      code: 'wrong-namespace',
      reason: `SSH signature namespace is "${parsed.namespace}", expected "${opts.namespace}"`,
    };
  const id = parsed.publicKey.toString('base64');
  const picked = pickEntry(
    keyring.ssh.get(id),
    keyring,
    opts.actor,
    `SSH key ${describeBlob(parsed.publicKey)}`,
  );
  if (!picked.ok) return picked;
  const entry = picked.entry as SshEntry;
  const signedAt = opts.sshTime ?? opts.at;
  if (!signedAt)
    return {
      ok: false,
      code: 'malformed',
      reason: 'no timestamp to check the SSH key validity window against',
    };
  // PROTOCOL.u2f: git accepts security-key signatures without user presence; a signed document stands for
  // a person's decision, so it needs the "user present" flag (docs/security.md).
  const check = checkSshSig(parsed, entry.key, opts.namespace, message, {
    requireUserPresence: opts.namespace === DOCUMENT_NAMESPACE,
  });
  if (!check.ok) return check;
  const timing = timeChecks(signedAt, entry.window, opts.at, `key ${entry.key.fingerprint}`);
  if (timing) return timing;
  return {
    ok: true,
    actor: entry.actor,
    fingerprint: entry.key.fingerprint,
    signedAt: iso(signedAt),
    keyType: `ssh/${parsed.sigAlgorithm}`,
  };
}

function describeBlob(blob: Buffer): string {
  try {
    const len = blob.readUInt32BE(0);
    return `${blob.subarray(4, 4 + len).toString('latin1')} ${sshFingerprint(blob)}`;
  } catch {
    return '(unparseable key)';
  }
}

/** The document's own time: `ts` (approvals, signatures), `proposed_at` (manifests), `requested_at` (overrides). */
export function documentTime(doc: Record<string, unknown>): Date | undefined | 'bad' {
  const v = doc.ts ?? doc.proposed_at ?? doc.requested_at ?? doc.documented_at;
  if (v === undefined) return undefined;
  if (typeof v !== 'string') return 'bad';
  const d = new Date(v);
  return /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(d.getTime()) ? d : 'bad';
}

/** The actor a document claims to be signed by. */
export function documentActor(doc: Record<string, unknown>): string | undefined {
  for (const k of ['actor', 'proposer', 'requested_by', 'operator'] as const) {
    const v = doc[k];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

/**
 * Verify a governed document's `signature` over `signedBytes(doc)` = JCS(doc without "signature")
 * (DESIGN §2.4). SSH signatures are taken to be made at the document's own timestamp, since SSHSIG
 * carries none; that time is checked against the key's validity window and must not be in the future.
 */
export async function verifyDocument(
  doc: Record<string, unknown>,
  keyring: Keyring,
  opts: VerifyOptions = {},
): Promise<VerifyResult> {
  const sig = doc.signature as Partial<SignatureValue> | undefined;
  if (sig === undefined || sig === null)
    return { ok: false, code: 'malformed', reason: 'document is not signed' };
  if (
    typeof sig !== 'object' ||
    typeof sig.value !== 'string' ||
    (sig.type !== 'openpgp' && sig.type !== 'ssh')
  )
    return { ok: false, code: 'malformed', reason: 'signature must be { type: openpgp|ssh, value: "..." }' };
  const time = documentTime(doc);
  if (time === 'bad')
    return { ok: false, code: 'malformed', reason: 'document timestamp is not an ISO-8601 time' };
  const actor = opts.actor ?? documentActor(doc);
  let bytes: Buffer;
  try {
    bytes = signedBytes(doc);
  } catch (e) {
    return {
      ok: false,
      code: 'malformed',
      reason: `document has no canonical form: ${(e as Error).message}`,
    };
  }
  const detached: DetachedVerifyOptions = { namespace: DOCUMENT_NAMESPACE };
  if (actor !== undefined) detached.actor = actor;
  if (opts.at) detached.at = opts.at;
  if (time) detached.sshTime = time;
  return verifyDetached({ type: sig.type, value: sig.value }, bytes, keyring, detached);
}
