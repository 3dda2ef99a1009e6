/**
 * The ledger entries of a merged change (DESIGN §4), built from the gate's decision. Pure: the caller reads
 * git, evaluates the gate and appends. One change yields, in order:
 *   - `change.applied` (or `rollback.applied` for a genuine rollback: the gate found its ops to be exactly the
 *     inverse of the entries it names, src/rollback/verify.ts): manifest, digest, ops with before/after,
 *     every counted approval (actor, role, key fingerprint or GitHub review id, ts), overrides used, PR,
 *     merge commit and the decision summary;
 *   - `escalation.granted` (kind escalation) with its expiry;
 *   - `killswitch.activated` / `killswitch.deactivated` (kind killswitch);
 *   - `policy.changed` when the change edits the policy folder.
 * Every draft carries an idempotency key `<type>:<change id>:<digest>`, so recording the same merge twice
 * adds nothing (the store skips keys it already holds).
 */
import { withoutSignature } from '../core/jcs.js';
import type { DigestFile } from '../change/digest.js';
import type { AuthorityPolicy, ChangeManifest } from '../core/documents.js';
import type { Decision } from '../gate/evaluate.js';
import { formatDuration, parseDuration } from '../core/timestamps.js';
import type { CountedApproval, SignatureCheck } from '../core/gate-inputs.js';
import type { AppendDraft } from '../ledger/chain.js';
import type { GovernedState, Op } from '../core/state-types.js';
import { affected } from '../state/ops.js';
import { overrideIdsUsed } from './overrides-used.js';

export interface RecordInput {
  manifest: ChangeManifest;
  /** The proposer's verified manifest signature, when signed. */
  manifestSignature?: SignatureCheck;
  digest: string;
  ops: readonly Op[];
  decision: Decision;
  /** State at the base: where the ops' resources live (services, regions) for the summary. */
  baseState: GovernedState;
  /** Changed paths under the policy folder, with the sha256 of each side (DESIGN §2.2 file hashes). */
  policyFiles: readonly DigestFile[];
  authority: AuthorityPolicy;
  /** Ids of the overrides that applied; by default the decision's typed `overridesUsed`. */
  overrides?: readonly string[];
  now: Date;
  pr?: number;
  mergeCommit?: string;
}

/** The idempotency key of an entry of this change (stored as body.key). */
export function recordKey(type: string, change: string, digest: string): string {
  return `${type}:${change}:${digest}`;
}

export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function approvalRecord(a: CountedApproval): Record<string, unknown> {
  return {
    actor: a.actor,
    ...(a.role !== undefined ? { role: a.role } : {}),
    source: a.source,
    ...(a.fingerprint !== undefined ? { fingerprint: a.fingerprint } : {}),
    ...(a.reviewId !== undefined ? { review_id: a.reviewId } : {}),
    ts: a.ts,
    rules: a.rules,
  };
}

/** The decision as the ledger keeps it: verdict, each top-level check's status, and what the ops touch. */
export function decisionSummary(
  d: Decision,
  ops: readonly Op[],
  base: GovernedState,
): Record<string, unknown> {
  const sum = affected(ops, base);
  return {
    allowed: d.allowed,
    status: d.status,
    checks: Object.fromEntries(d.root.children.map((c) => [c.id, c.status])),
    affected: { count: sum.keys.length, services: sum.services, regions: sum.regions },
  };
}

/** The entry type of a merged change: only a rollback the gate verified is a `rollback.applied`. */
export function appliedType(d: Decision): 'change.applied' | 'rollback.applied' {
  return d.rollback ? 'rollback.applied' : 'change.applied';
}

/**
 * Grant length: the manifest's `escalation.ttl`, at most the policy's `escalation.ttl` (the policy sets the
 * ceiling an approver can grant; default 1h as in seed 000).
 */
export function escalationTtlMs(m: ChangeManifest, authority: AuthorityPolicy): number {
  const ceiling = parseDuration(authority.escalation?.ttl ?? '1h') ?? 3_600_000;
  const asked = m.escalation?.ttl !== undefined ? parseDuration(m.escalation.ttl) : undefined;
  return asked !== undefined ? Math.min(asked, ceiling) : ceiling;
}

export function buildRecordDrafts(input: RecordInput): AppendDraft[] {
  const m = input.manifest;
  const ts = isoSeconds(input.now);
  const subject = {
    change: m.id,
    ...(input.mergeCommit !== undefined ? { commit: input.mergeCommit } : {}),
    ...(input.pr !== undefined ? { pr: input.pr } : {}),
  };
  const common = { ts, actor: m.proposer, level: m.level, subject };
  const key = (type: string): string => recordKey(type, m.id, input.digest);
  const drafts: AppendDraft[] = [];

  const type = appliedType(input.decision);
  const sig = input.manifestSignature;
  drafts.push({
    ...common,
    type,
    key: key(type),
    body: {
      manifest: withoutSignature(m as unknown as Record<string, unknown>),
      ...(sig?.ok
        ? { signature: { actor: sig.actor, fingerprint: sig.fingerprint, key_type: sig.keyType } }
        : {}),
      digest: input.digest,
      ops: input.ops.map((o) => ({ ...o })),
      approvals: input.decision.counted.map(approvalRecord),
      overrides: [...(input.overrides ?? overrideIdsUsed(input.decision.overridesUsed))],
      decision: decisionSummary(input.decision, input.ops, input.baseState),
      ...(input.decision.rollback ? { reverts: [...input.decision.rollback.reverts] } : {}),
    },
  });

  if (m.kind === 'escalation' && m.escalation) {
    const ttl = escalationTtlMs(m, input.authority);
    drafts.push({
      ...common,
      type: 'escalation.granted',
      key: key('escalation.granted'),
      body: {
        actor: m.escalation.actor,
        level: m.escalation.level,
        ttl: formatDuration(ttl),
        expires_at: isoSeconds(new Date(input.now.getTime() + ttl)),
        change: m.id,
      },
    });
  }

  if (m.kind === 'killswitch' && m.killswitch) {
    const t = m.killswitch.action === 'activate' ? 'killswitch.activated' : 'killswitch.deactivated';
    drafts.push({ ...common, type: t, key: key(t), body: { switch: m.killswitch.id, change: m.id } });
  }

  if (input.policyFiles.length > 0)
    drafts.push({
      ...common,
      type: 'policy.changed',
      key: key('policy.changed'),
      body: {
        change: m.id,
        digest: input.digest,
        files: input.policyFiles.map((f) => ({ path: f.path, before: f.before, after: f.after })),
        // the one-time quorum bootstrap (src/quorum/bootstrap.ts) decided it: never again
        ...(input.decision.bootstrap ? { bootstrap: true } : {}),
      },
    });
  return drafts;
}

/** genesis (DESIGN §4 adoption): the state the ledger starts from, when the first `record` finds no ledger. */
export function genesisDraft(state: GovernedState, now: Date): AppendDraft {
  return {
    ts: isoSeconds(now),
    type: 'genesis',
    actor: 'gatehouse',
    body: { state: { resources: state.resources, switches: state.switches }, adopted: true },
  };
}
