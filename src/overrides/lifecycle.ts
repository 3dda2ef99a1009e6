/**
 * Emergency override lifecycle (DESIGN §2.6, seed 002): status is derived, never stored —
 * pending → active → completed → reviewed, or rejected, expired, review_overdue. Activation needs the
 * quorum of the `kind: override` rule in quorum.yaml (default: three signatures from distinct actors
 * filling ethics, security and charter): each required role filled by a different signer (seed 002 D:
 * "no single-role dominance"), once per actor, only signatures bound to this override's exact text.
 * Pure: records and a clock in, statuses out.
 */
import { jcs, sha256Tagged, withoutSignature } from '../core/jcs.js';
import type {
  OverrideRequest,
  OverrideSignature,
  QuorumPolicy,
  QuorumRequirement,
} from '../core/documents.js';
import type { OverrideInput } from '../core/gate-inputs.js';
import { matchRoles } from '../quorum/match-roles.js';

export type OverrideStatus =
  'pending' | 'active' | 'completed' | 'reviewed' | 'rejected' | 'expired' | 'review_overdue';

/** DESIGN §2.6: three signatures from distinct roles ethics, security, charter. */
export const DEFAULT_OVERRIDE_RULE: QuorumRequirement = {
  count: 3,
  roles_all: ['ethics', 'security', 'charter'],
  accept: ['signed'],
};

/** One signature file with the outcome of verifying it against the policy's keys. */
export interface SignatureEvidence {
  file: string;
  doc: OverrideSignature;
  check: { ok: true; actor: string; fingerprint: string } | { ok: false; code: string; reason: string };
  /** The signer as the policy knows it; undefined when the actor is not in actors.yaml. */
  signer?: { kind: string; roles: string[] };
}

export interface OverrideRecord {
  file: string;
  request: OverrideRequest;
  /** overrideDigest(request): what signatures must name. */
  digest: string;
  rule: { name: string; require: QuorumRequirement };
  signatures: SignatureEvidence[];
  /** Incident records naming this override in `overrides:` (its post-mortems). */
  postmortems: { incident: string; file: string; documented_at: string }[];
  /** Incident records naming this override that do not count as its post-mortem, and why. */
  postmortemsIgnored?: { file: string; why: string }[];
  /** The ledger entry that recorded the change this override let through, when there is one. */
  usedBy?: { seq: number; ts: string };
}

export interface OverrideView {
  id: string;
  change: string;
  checks: string[];
  impact: string;
  status: OverrideStatus;
  reason: string;
  /** When the quorum was complete (the ts of the signature that completed it). */
  activated_at?: string;
  expires_at: string;
  post_mortem_due: string;
  signers: { actor: string; role: string }[];
  missing: string[];
  ignored: { file: string; why: string }[];
  postmortem?: string;
}

/** `sha256:<hex>` of JCS(override.yaml without its signature). */
export function overrideDigest(request: OverrideRequest): string {
  return sha256Tagged(jcs(withoutSignature(request as unknown as Record<string, unknown>)));
}

/** The quorum rule for overrides: the first rule with `when.kind: override`, else the DESIGN §2.6 default. */
export function overrideRule(quorum: QuorumPolicy): { name: string; require: QuorumRequirement } {
  const rule = quorum.rules.find((r) => r.when.kind === 'override');
  return rule
    ? { name: rule.name, require: rule.require }
    : { name: 'emergency-override (default)', require: DEFAULT_OVERRIDE_RULE };
}

function screen(rec: OverrideRecord): {
  valid: SignatureEvidence[];
  ignored: { file: string; why: string }[];
} {
  const req = rec.rule.require;
  const ignored: { file: string; why: string }[] = [];
  const valid: SignatureEvidence[] = [];
  const seen = new Set<string>();
  const ordered = [...rec.signatures].sort((a, b) => Date.parse(a.doc.ts) - Date.parse(b.doc.ts));
  for (const s of ordered) {
    const d = s.doc;
    const why = ((): string | undefined => {
      if (!s.check.ok) return `signature does not verify: ${s.check.reason}`;
      if (s.check.actor !== d.actor) return `signed by ${s.check.actor}'s key, not ${d.actor}'s`;
      if (d.override !== rec.request.id) return `names override ${d.override}, not ${rec.request.id}`;
      if (d.digest !== rec.digest)
        return 'signed a different text of the override (digest mismatch): sign again';
      if (!s.signer) return `${d.actor} is not an actor of the policy`;
      if (!s.signer.roles.includes(d.role)) return `${d.actor} does not hold role ${d.role}`;
      if ((req.humans_only ?? true) && s.signer.kind !== 'human')
        return `${d.actor} is not human (${s.signer.kind})`;
      if (d.actor === rec.request.requested_by && !req.allow_self)
        return `${d.actor} requested the override (allow_self: false)`;
      if (Date.parse(d.ts) < Date.parse(rec.request.requested_at))
        return 'signed before the override was requested';
      if (Date.parse(d.ts) >= Date.parse(rec.request.expires_at)) return 'signed after the override expired';
      if (req.roles_any && !req.roles_any.includes(d.role))
        return `role ${d.role} is not one of ${req.roles_any.join(', ')}`;
      if (seen.has(d.actor)) return `${d.actor} already signed: one signature per actor`;
      return undefined;
    })();
    if (why) ignored.push({ file: s.file, why });
    else {
      seen.add(d.actor);
      valid.push(s);
    }
  }
  return { valid, ignored };
}

function quorumMet(
  req: QuorumRequirement,
  approvals: readonly SignatureEvidence[],
): { met: boolean; missing: string[]; signers: { actor: string; role: string }[] } {
  const need = req.roles_all ?? [];
  const m = matchRoles(
    need,
    approvals.map((a) => ({ actor: a.doc.actor, roles: [a.doc.role] })),
  );
  const count = req.count ?? Math.max(1, need.length);
  const enough = approvals.length >= count;
  const missing = [...m.missing];
  if (!enough && missing.length === 0) missing.push(`${count - approvals.length} more signature(s)`);
  return {
    met: enough && m.missing.length === 0,
    missing,
    signers: approvals.map((a) => ({ actor: a.doc.actor, role: a.doc.role })),
  };
}

export function deriveStatus(rec: OverrideRecord, now: Date): OverrideView {
  const r = rec.request;
  const base = {
    id: r.id,
    change: r.change,
    checks: [...r.checks],
    impact: r.impact,
    expires_at: r.expires_at,
    post_mortem_due: r.post_mortem_due,
  };
  const t = now.getTime();
  const screened = screen(rec);
  const valid = screened.valid;
  const ignored = [...screened.ignored, ...(rec.postmortemsIgnored ?? [])];
  const rejects = valid.filter((s) => s.doc.decision === 'reject' && Date.parse(s.doc.ts) <= t);
  const approvals = valid.filter((s) => s.doc.decision === 'approve' && Date.parse(s.doc.ts) <= t);
  const postmortem = rec.postmortems[0]?.incident;
  if (rejects.length > 0) {
    const by = rejects.map((s) => `${s.doc.actor} (${s.doc.role})`).join(', ');
    return {
      ...base,
      status: 'rejected',
      reason: `rejected by ${by}: a rejection by an eligible signer is a veto`,
      signers: [],
      missing: [],
      ignored,
      ...(postmortem ? { postmortem } : {}),
    };
  }
  // The quorum is complete at the ts of the approval that completed it.
  let activatedAt: string | undefined;
  for (let i = 1; i <= approvals.length && !activatedAt; i++)
    if (quorumMet(rec.rule.require, approvals.slice(0, i)).met) activatedAt = approvals[i - 1]!.doc.ts;
  const q = quorumMet(rec.rule.require, approvals);
  const common = { signers: q.signers, missing: q.missing, ignored, ...(postmortem ? { postmortem } : {}) };
  const count = `${approvals.length}/${rec.rule.require.count ?? (rec.rule.require.roles_all ?? []).length} signatures`;
  if (!activatedAt) {
    if (t >= Date.parse(r.expires_at))
      return {
        ...base,
        ...common,
        status: 'expired',
        reason: `expired at ${r.expires_at} without its quorum (${count}; missing: ${q.missing.join(', ')})`,
      };
    return {
      ...base,
      ...common,
      status: 'pending',
      reason: `${count} (missing role: ${q.missing.join(', ')}; rule ${rec.rule.name})`,
    };
  }
  const active = { ...base, ...common, activated_at: activatedAt };
  if (postmortem) return { ...active, status: 'reviewed', reason: `post-mortem ${postmortem}` };
  const ended = t >= Date.parse(r.expires_at) || (rec.usedBy !== undefined && t >= Date.parse(rec.usedBy.ts));
  if (!ended)
    return {
      ...active,
      status: 'active',
      reason: `active since ${activatedAt} until ${r.expires_at}: ${r.change} may bypass ${r.checks.join(', ')}`,
    };
  if (t > Date.parse(r.post_mortem_due))
    return {
      ...active,
      status: 'review_overdue',
      reason: `no post-mortem incident record by ${r.post_mortem_due}: write one and link it with \`gatehouse override postmortem ${r.id} --incident INC-…\``,
    };
  return {
    ...active,
    status: 'completed',
    reason: `${rec.usedBy ? `used by ledger entry ${rec.usedBy.seq}` : `window ended ${r.expires_at}`}; post-mortem due by ${r.post_mortem_due}`,
  };
}

/**
 * The overrides naming `changeId`, each with its status at `now` (DESIGN §2.6), as the gate takes them
 * (GateInputs.overrides): the gate applies only the `active` ones and reports the others as notes.
 */
export function activeOverridesFor(
  changeId: string,
  overrides: readonly OverrideRecord[],
  now: Date,
): OverrideInput[] {
  return overrides
    .filter((o) => o.request.change === changeId)
    .map((o) => {
      const v = deriveStatus(o, now);
      return { id: v.id, checks: v.checks, status: v.status };
    });
}
