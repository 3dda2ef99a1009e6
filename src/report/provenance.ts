/**
 * Provenance of a report: which commit of which repository, which tool version, and which checkpoint key
 * signed the checkpoints it verified, so an auditor can tell exactly what a page attests to. Pure: the
 * caller reads HEAD and the key file.
 */
import { createHash } from 'node:crypto';
import pkg from '../../package.json' with { type: 'json' };
import { parseVerifierKey } from '../ledger/note.js';
import type { Provenance } from './types.js';

/** The package version, inlined by the bundler (as src/cli/help.ts does). */
export const TOOL_VERSION: string = pkg.version;

/** `SHA256:<base64>` of the raw Ed25519 public key (the form `ssh-keygen -l` prints for keys). */
function fingerprint(raw: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(raw).digest('base64').replace(/=+$/, '')}`;
}

export function provenanceOf(input: {
  commit?: string;
  dirty?: boolean;
  /** the verifier key text (policies/keys/…), when there is one */
  verifierKey?: string;
  verifierKeyFile: string;
  /** checkpoints whose signature verified with that key */
  verifiedCheckpoints: number;
}): Provenance {
  const out: Provenance = { tool: TOOL_VERSION };
  if (input.commit !== undefined) out.commit = input.commit;
  if (input.dirty !== undefined) out.dirty = input.dirty;
  // C2SP signed note: the key that counts is the one the verified checkpoints were checked against.
  if (input.verifierKey !== undefined && input.verifiedCheckpoints > 0) {
    const k = parseVerifierKey(input.verifierKey);
    out.checkpointKey = {
      name: k.name,
      keyId: k.keyId.toString(16).padStart(8, '0'),
      fingerprint: fingerprint(k.publicKey),
      file: input.verifierKeyFile,
      verified: input.verifiedCheckpoints,
    };
  }
  return out;
}
