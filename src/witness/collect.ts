/**
 * Collecting cosignatures for the latest checkpoint (docs/witnesses.md): each policy witness with a URL is sent
 * the checkpoint with the consistency proof from the size it last cosigned (tlog-witness), and what comes back is
 * checked and merged into the note: a witness's earlier line is replaced, every other line is kept.
 */
import { readCheckpoint } from '../formats/note-text.js';
import { addCheckpoint, type AddOutcome, type HttpPost } from './client.js';
import { checkCosignature } from './cosignature.js';
import type { Witness, WitnessPolicy } from './policy-rules.js';

export interface CollectInput {
  policy: WitnessPolicy;
  /** The latest checkpoint note. */
  note: string;
  /** RFC 9162 consistency proof from size m to the checkpoint's size; undefined when m is beyond it. */
  proofFrom: (m: number) => Buffer[] | undefined;
  /** Archived checkpoint notes: where each witness's last cosignature is, so the first request is usually right. */
  archived: readonly string[];
  post: HttpPost;
  timeoutMs: number;
  /** Only these witnesses (`--witness NAME`); all with a URL otherwise. */
  only?: readonly string[];
}

export interface CollectResult {
  note: string;
  outcomes: AddOutcome[];
  skipped: { witness: string; reason: string }[];
}

/** The largest size ≤ `max` among notes carrying a cosignature by `w` that verifies (0 when none). */
export function lastCosignedSize(w: Witness, notes: readonly string[], max: number): number {
  let best = 0;
  for (const text of notes) {
    const r = readCheckpoint(text);
    const c = r.checkpoint;
    if (!c || c.size > max || c.size <= best) continue;
    if (
      r.signatures.some((s) => s.name === w.name && s.keyId === w.keyId && checkCosignature(r.text, s, w).ok)
    )
      best = c.size;
  }
  return best;
}

/** `note` with the signature lines of `witness` replaced by `lines`. */
export function mergeCosignatures(note: string, witness: Witness, lines: readonly string[]): string {
  const r = readCheckpoint(note);
  const all = note.split('\n');
  const drop = new Set(
    r.signatures.filter((s) => s.name === witness.name && s.keyId === witness.keyId).map((s) => s.line),
  );
  const kept = all.filter((_, i) => !drop.has(i + 1));
  // kept ends with '' (the final newline): put the new lines before it.
  return `${kept.slice(0, -1).join('\n')}\n${lines.join('')}`;
}

export async function collectCosignatures(input: CollectInput): Promise<CollectResult> {
  const cp = readCheckpoint(input.note).checkpoint;
  if (!cp) throw new Error('collectCosignatures needs a well-formed checkpoint');
  const n = cp.size;
  let note = input.note;
  const outcomes: AddOutcome[] = [];
  const skipped: CollectResult['skipped'] = [];
  for (const w of input.policy.witnesses) {
    if (input.only && !input.only.includes(w.name)) continue;
    if (w.url === undefined) {
      skipped.push({ witness: w.name, reason: 'no url in the policy: its cosignature is added out of band' });
      continue;
    }
    const outcome = await addCheckpoint({
      witness: { ...w, url: w.url },
      note,
      oldSize: lastCosignedSize(w, [input.note, ...input.archived], n),
      proofFrom: input.proofFrom,
      post: input.post,
      timeoutMs: input.timeoutMs,
    });
    outcomes.push(outcome);
    if (outcome.status === 'cosigned') note = mergeCosignatures(note, w, outcome.lines);
  }
  return { note, outcomes, skipped };
}

/**
 * `fresh` (the checkpoint just signed) with the cosignature lines of `existing` kept, when both sign the same
 * checkpoint text: re-signing a size already witnessed (record with nothing new) must not drop cosignatures.
 * Lines by the signers of `fresh` are not carried (a new checkpoint key replaces the old one's line).
 */
export function carryCosignatures(existing: string | undefined, fresh: string): string {
  if (existing === undefined) return fresh;
  const old = readCheckpoint(existing);
  const now = readCheckpoint(fresh);
  if (!old.checkpoint || !now.checkpoint || old.text !== now.text) return fresh;
  const signers = new Set(now.signatures.map((s) => s.name));
  const lines = existing.split('\n');
  const carried = old.signatures
    .filter((s) => !signers.has(s.name))
    .map((s) => `${lines[s.line - 1] ?? ''}\n`);
  return `${fresh}${carried.join('')}`;
}
