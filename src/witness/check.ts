/**
 * Which witnesses cosigned each checkpoint verify relies on, and whether the quorum of policies/witnesses.yaml
 * is met (docs/witnesses.md). Pure: the caller gives each checkpoint's text and whether its root is the root of
 * the ledger's first `size` entries (RFC 9162, recomputed from the entries: a cosigned checkpoint counts only
 * when it is consistent with the current tree).
 *
 * Signature lines (signed-note § Signatures, tlog-cosignature § Format):
 *  - by a policy witness (name and key ID match) and verifying over this checkpoint: counted once per witness
 *    (thresholds count distinct principals);
 *  - by a policy witness but not verifying over this checkpoint: rejected and a finding (a forgery, or a
 *    cosignature of another size or root, named when it matches another checkpoint verify read);
 *  - by any other key, including a policy witness's name with another key: ignored, listed, never counted.
 */
import { readCheckpoint, type CheckpointFields, type LocatedSignature } from '../formats/note-text.js';
import { checkCosignature, hex8 } from './cosignature.js';
import type { Witness, WitnessPolicy } from './policy-rules.js';

/** `verify` with policies/witnesses.yaml (docs/witnesses.md): the policy, and `--witnessed-only`. */
export interface WitnessInput {
  policy: WitnessPolicy;
  witnessedOnly: boolean;
}

export interface WitnessItem {
  file: string;
  text: string;
  /** Parsed, when the note is well formed. */
  checkpoint?: CheckpointFields;
  /** Its root is the ledger's root at its size. */
  consistent: boolean;
  role: 'latest' | 'archived' | 'since';
}

export interface CosignerEntry {
  name: string;
  key_id: string;
  /** POSIX seconds of the cosignature, and the same as an RFC 3339 time. */
  timestamp: number;
  time: string;
  line: number;
}

export interface SignatureEntry {
  name: string;
  key_id: string;
  line: number;
  reason: string;
}

export interface CheckpointWitnesses {
  file: string;
  role: WitnessItem['role'];
  size?: number;
  root?: string;
  consistent: boolean;
  cosigners: CosignerEntry[];
  /** Lines by a policy witness that do not verify over this checkpoint: findings. */
  rejected: SignatureEntry[];
  /** Lines by keys not in the policy: listed, never counted. */
  ignored: SignatureEntry[];
  quorum_met: boolean;
}

export interface WitnessReport {
  policy: string;
  quorum: number;
  witnesses: string[];
  witnessed_only: boolean;
  checkpoints: CheckpointWitnesses[];
}

export interface WitnessProblem {
  file: string;
  line?: number;
  message: string;
}

export interface WitnessCheckInput {
  policy: WitnessPolicy;
  items: readonly WitnessItem[];
  /** `verify --witnessed-only`: every checkpoint relied on needs the quorum, not only the latest. */
  witnessedOnly: boolean;
  /** The ledger's own checkpoint key (name and key ID): its line is not a cosignature. */
  logKey?: { name: string; keyId: number };
  /** Entries in the ledger: a non-empty ledger with no latest checkpoint has nothing witnessed. */
  size: number;
  latestFile: string;
}

const isoOf = (seconds: number): string => {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? String(seconds) : d.toISOString().replace('.000Z', 'Z');
};

/** The other checkpoint, among those read, that a rejected cosignature does verify over (a replayed one). */
function coveredElsewhere(
  sig: LocatedSignature,
  w: Witness,
  self: WitnessItem,
  items: readonly WitnessItem[],
): WitnessItem | undefined {
  return items.find((o) => {
    if (o === self || !o.checkpoint) return false;
    const body = readCheckpoint(o.text).text;
    return body !== readCheckpoint(self.text).text && checkCosignature(body, sig, w).ok;
  });
}

function checkOne(
  input: WitnessCheckInput,
  item: WitnessItem,
  problems: WitnessProblem[],
): CheckpointWitnesses {
  const { policy } = input;
  const reading = readCheckpoint(item.text);
  const counted = new Map<string, CosignerEntry>();
  const rejected: SignatureEntry[] = [];
  const ignored: SignatureEntry[] = [];
  for (const sig of item.checkpoint ? reading.signatures : []) {
    const key_id = hex8(sig.keyId);
    if (input.logKey && sig.name === input.logKey.name && sig.keyId === input.logKey.keyId) continue;
    const w = policy.witnesses.find((x) => x.name === sig.name && x.keyId === sig.keyId);
    if (!w) {
      const named = policy.witnesses.find((x) => x.name === sig.name);
      ignored.push({
        name: sig.name,
        key_id,
        line: sig.line,
        reason: named
          ? `key ID ${key_id} is not the key ${policy.file} lists for ${sig.name} (${hex8(named.keyId)}): not counted`
          : `${sig.name} is not a witness in ${policy.file}: ignored (signed-note: unknown keys are ignored)`,
      });
      continue;
    }
    const v = checkCosignature(reading.text, sig, w);
    if (v.ok) {
      const prev = counted.get(w.name);
      if (!prev || prev.timestamp < v.timestamp)
        counted.set(w.name, {
          name: w.name,
          key_id,
          timestamp: v.timestamp,
          time: isoOf(v.timestamp),
          line: sig.line,
        });
      continue;
    }
    const other = v.reason === 'signature' ? coveredElsewhere(sig, w, item, input.items) : undefined;
    const reason = other?.checkpoint
      ? `cosignature by ${w.name} is over size ${other.checkpoint.size} (root ${other.checkpoint.root.toString('base64')}, ${other.file}), not this checkpoint: not counted`
      : `cosignature by ${w.name} ${v.message} over this checkpoint (size ${item.checkpoint?.size ?? '?'}): forged or altered, not counted`;
    rejected.push({ name: w.name, key_id, line: sig.line, reason });
    problems.push({ file: item.file, line: sig.line, message: reason });
  }
  const cosigners = [...counted.values()];
  return {
    file: item.file,
    role: item.role,
    ...(item.checkpoint ? { size: item.checkpoint.size, root: item.checkpoint.root.toString('base64') } : {}),
    consistent: item.consistent,
    cosigners,
    rejected,
    ignored,
    quorum_met: item.consistent && cosigners.length >= policy.quorum,
  };
}

function quorumMessage(policy: WitnessPolicy, c: CheckpointWitnesses): string {
  const have = c.cosigners.map((x) => x.name);
  const missing = policy.witnesses.map((w) => w.name).filter((n) => !have.includes(n));
  const why = c.consistent
    ? ''
    : ' (its root is not the ledger’s root at its size, so no cosignature counts)';
  return (
    `witness quorum not met: ${c.consistent ? have.length : 0} of the ${policy.quorum} cosignatures ${policy.file} requires${why}` +
    `; cosigned by ${have.length ? have.join(', ') : 'none'}; missing ${missing.join(', ') || 'none'}` +
    ' (run "gatehouse witness add-checkpoint" to collect them)'
  );
}

export function checkWitnessed(input: WitnessCheckInput): {
  report: WitnessReport;
  problems: WitnessProblem[];
} {
  const problems: WitnessProblem[] = [];
  const checkpoints = input.items.map((item) => checkOne(input, item, problems));
  const hasLatest = input.items.some((i) => i.role === 'latest');
  if (!hasLatest && input.size > 0)
    problems.push({
      file: input.latestFile,
      message: `missing: ${input.policy.file} requires ${input.policy.quorum} witness cosignature${input.policy.quorum === 1 ? '' : 's'} on the latest checkpoint, and the ledger has none`,
    });
  for (const c of checkpoints) {
    if (c.quorum_met) continue;
    if (c.role === 'latest' || input.witnessedOnly)
      problems.push({ file: c.file, message: quorumMessage(input.policy, c) });
  }
  return {
    report: {
      policy: input.policy.file,
      quorum: input.policy.quorum,
      witnesses: input.policy.witnesses.map((w) => w.name),
      witnessed_only: input.witnessedOnly,
      checkpoints,
    },
    problems,
  };
}
