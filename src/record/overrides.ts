/**
 * `override.activated` (DESIGN §2.6, §4; seed 002): when the gate honoured an active override for the
 * change being recorded, the ledger keeps which override, the checks it named and the ones it actually
 * bypassed, and the quorum that activated it — each signer with the role they signed as and the
 * fingerprint of the key that verified. Pure: the caller loads the override records (signatures already
 * verified against the base policy's keys) and passes what the gate bypassed (src/record/overrides-used.ts).
 */
import type { OverrideRecord } from '../overrides/lifecycle.js';
import { deriveStatus } from '../overrides/lifecycle.js';
import type { AppendDraft } from '../ledger/chain.js';
import { isoSeconds, recordKey } from './build.js';
import type { KeyLookup } from './incidents.js';

export interface OverrideSigner {
  actor: string;
  role: string;
  fingerprint: string;
  ts: string;
}

/** The signers whose approvals made the quorum (deriveStatus), with their verified key fingerprints. */
export function signersOf(rec: OverrideRecord, now: Date): OverrideSigner[] {
  const view = deriveStatus(rec, now);
  return view.signers.map((s) => {
    const ev = rec.signatures.find(
      (e) => e.doc.actor === s.actor && e.doc.role === s.role && e.doc.decision === 'approve' && e.check.ok,
    );
    const fingerprint = ev && ev.check.ok ? ev.check.fingerprint : 'unknown';
    return { actor: s.actor, role: s.role, fingerprint, ts: ev?.doc.ts ?? '' };
  });
}

export interface ActivatedInput {
  /** Override records that name the change, by id (head and base, as the gate read them). */
  records: ReadonlyMap<string, OverrideRecord>;
  /** bypassedOf(decision.overridesUsed). */
  bypassed: ReadonlyMap<string, string[]>;
  change: string;
  seen: KeyLookup;
  now: Date;
  commit?: string;
  pr?: number;
}

/** One `override.activated` per override the gate applied; an override already activated is not repeated. */
export function overrideActivatedDrafts(input: ActivatedInput): { drafts: AppendDraft[]; notes: string[] } {
  const drafts: AppendDraft[] = [];
  const notes: string[] = [];
  for (const [id, checks] of [...input.bypassed].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const rec = input.records.get(id);
    if (!rec) {
      notes.push(`override ${id} applied but its record could not be read; no override.activated`);
      continue;
    }
    const before = input.seen('override.activated', id);
    if (before !== undefined) {
      notes.push(`${id} is already activated in the ledger at seq ${before}`);
      continue;
    }
    const r = rec.request;
    const view = deriveStatus(rec, input.now);
    drafts.push({
      ts: isoSeconds(input.now),
      type: 'override.activated',
      actor: r.requested_by,
      subject: {
        override: id,
        change: input.change,
        ...(input.commit !== undefined ? { commit: input.commit } : {}),
        ...(input.pr !== undefined ? { pr: input.pr } : {}),
      },
      key: recordKey('override.activated', id, rec.digest),
      body: {
        override: id,
        change: input.change,
        digest: rec.digest,
        checks: [...r.checks],
        bypassed: [...checks],
        impact: r.impact,
        reason: r.reason,
        requested_by: r.requested_by,
        ...(view.activated_at !== undefined ? { activated_at: view.activated_at } : {}),
        expires_at: r.expires_at,
        post_mortem_due: r.post_mortem_due,
        rule: rec.rule.name,
        signers: signersOf(rec, input.now),
      },
    });
  }
  return { drafts, notes };
}
