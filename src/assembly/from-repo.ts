/**
 * The repository adapter of the gate (DESIGN §3): reads base..head from git once and fills GateInputs, so
 * `evaluateGate(inputs)` stays pure. Everything is judged by the BASE commit: its policy, its keyring, its
 * ledger. Signatures are verified here (DESIGN §2.4); the gate only reads their outcome.
 *
 * Each phase is timed (git read, signature checks) so `check --timings` and the bench can show the split.
 */
import { performance } from 'node:perf_hooks';
import { readChangeSet, type ChangeSet } from './change-read.js';
import { formatProblem } from '../core/errors.js';
import type { ChangeManifest } from '../core/documents.js';
import { buildKeyring } from '../identity/keyring.js';
import { verifyCommits } from './commit-signatures.js';
import type { Keyring, VerifyResult } from '../identity/types.js';
import { verifyDocument } from '../identity/verify.js';
import type { OverrideRecord } from '../overrides/lifecycle.js';
import { joinPath } from '../repo/layout.js';
import type { Policy } from '../repo/load-policy.js';
import { ledgerHorizonMs, readBaseLedger, type BaseLedger } from './from-repo-ledger.js';
import { caseCollisions } from './from-repo-case.js';
import { ledgerCommits } from './from-repo-ledger-commits.js';
import { headRecordProblems } from './from-repo-records.js';
import { overrideRecordsAt, overridesForChange, postmortemProblems } from './from-repo-overrides.js';
import { githubAuthorOf, readLayoutEdit } from './from-repo-governance.js';
import { changeLedgerFacts } from './from-repo-rollback.js';
import type {
  ApprovalEvidence,
  CommitCheck,
  GateInputs,
  GatePolicy,
  PolicyKind,
  SignatureCheck,
} from '../core/gate-inputs.js';

export type { GithubApprovalInput, GithubAuthorInput, GithubReviewInput } from './from-repo-github.js';
import type { GithubApprovalInput, GithubReviewInput } from './from-repo-github.js';

export interface GateTimings {
  /** Refs, merge-base, diff, manifest, ops, policy, state and ledger tail from git. */
  gitReadMs: number;
  /** Keyring, manifest and approval signatures, commit signatures. */
  signaturesMs: number;
}

export interface AssembledGate {
  inputs: GateInputs;
  change: ChangeSet;
  keyring: Keyring;
  ledger: BaseLedger;
  /** The override records read for the change (head and base, by id); absent when it has no change id. */
  overrideRecords?: ReadonlyMap<string, OverrideRecord>;
  timings: GateTimings;
}

const POLICY_NAMES: Record<PolicyKind, string> = {
  actors: 'actors.yaml',
  authority: 'authority.yaml',
  quorum: 'quorum.yaml',
  blastRadius: 'blast-radius.yaml',
  killSwitches: 'kill-switches.yaml',
};

/** The base policy with each file's path and positions, for file:line in results. */
export function gatePolicy(policy: Policy): GatePolicy {
  const files: GatePolicy['files'] = {};
  const locate: GatePolicy['locate'] = {};
  for (const [kind, name] of Object.entries(POLICY_NAMES) as [PolicyKind, string][]) {
    const file = joinPath(policy.layout.paths.policies, name);
    const loc = policy.locate[file];
    if (!loc) continue; // an optional file that is absent (kill-switches.yaml)
    files[kind] = file;
    locate[kind] = loc;
  }
  return {
    actors: policy.actors,
    authority: policy.authority,
    quorum: policy.quorum,
    blastRadius: policy.blastRadius,
    killSwitches: policy.killSwitches,
    files,
    locate,
  };
}

export function signatureCheck(r: VerifyResult): SignatureCheck {
  return r.ok
    ? { ok: true, actor: r.actor, fingerprint: r.fingerprint, signedAt: r.signedAt, keyType: r.keyType }
    : { ok: false, code: r.code, reason: r.reason };
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Signed approvals at head, each with its verified signature (at = the approval's own time). */
async function signedApprovals(change: ChangeSet, keyring: Keyring, now: Date): Promise<ApprovalEvidence[]> {
  const out = await Promise.all(
    change.approvals.map(async (a): Promise<ApprovalEvidence> => {
      const v = a.value;
      const ts = Date.parse(v.ts);
      const sig = await verifyDocument(v as unknown as Record<string, unknown>, keyring, {
        actor: v.actor,
        at: Number.isNaN(ts) ? now : new Date(ts),
      });
      return {
        source: 'signed',
        file: a.file,
        ...(a.line !== undefined ? { line: a.line } : {}),
        change: v.change,
        digest: v.digest,
        actor: v.actor,
        decision: v.decision,
        ...(v.role !== undefined ? { role: v.role } : {}),
        ts: v.ts,
        signature: signatureCheck(sig),
      };
    }),
  );
  // An approval file that does not parse counts for nothing, and the quorum tree says why (fail closed).
  for (const p of change.approvalProblems) {
    const stem = p.file.slice(p.file.lastIndexOf('/') + 1).replace(/\.ya?ml$/, '');
    out.push({
      source: 'signed',
      file: p.file,
      ...(p.line !== undefined ? { line: p.line } : {}),
      change: change.changeId ?? '',
      digest: change.digest,
      actor: stem,
      decision: 'approve',
      ts: isoSeconds(now),
      signature: { ok: false, code: 'malformed', reason: `invalid approval file: ${formatProblem(p)}` },
    });
  }
  return out;
}

function githubEvidence(list: readonly GithubApprovalInput[]): ApprovalEvidence[] {
  const reviews = list.filter((g): g is GithubReviewInput => g.kind !== 'pr-author');
  return reviews.map((g) => ({
    source: 'github',
    change: g.change,
    digest: g.digest,
    actor: g.actor,
    decision: g.decision ?? 'approve',
    ts: g.ts,
    reviewId: g.reviewId,
  }));
}

/**
 * Read base..head and build the gate's inputs. Bad refs, a broken base policy or state documents throw
 * GatehouseError (exit 2); a missing or invalid manifest, bad approvals and unreadable keys become inputs the
 * gate turns into fail / error nodes.
 */
export async function assembleGateInputs(
  repoDir: string,
  base: string,
  head: string,
  now: Date,
  extra: { githubApprovals?: readonly GithubApprovalInput[]; change?: Promise<ChangeSet> } = {},
): Promise<AssembledGate> {
  const t0 = performance.now();
  const change = await (extra.change ?? readChangeSet(repoDir, base, head));
  const policy = change.policy;
  const ledger = await readBaseLedger(
    change.trees.base,
    change.layout,
    now,
    ledgerHorizonMs(policy.authority, policy.blastRadius),
  );
  const records = await headRecordProblems(change.trees.head, change.layout, change.changed);
  records.problems.push(...(await postmortemProblems(change))); // DESIGN §2.6: post-mortems by actors
  const layoutEdit = await readLayoutEdit(change);
  // DESIGN §4: was this id applied before; is a declared rollback the inverse of what it names.
  const ledgerFacts =
    change.manifest && change.changeId !== undefined
      ? await changeLedgerFacts(change.trees.base, change.layout, change.manifest, {
          state: change.mergeBaseState,
          ops: change.ops,
        })
      : undefined;
  const t1 = performance.now();

  // DESIGN §2.4: a key counts only if it belongs to the actor in the BASE policy.
  const policiesDir = change.layout.paths.policies;
  const keyring = await buildKeyring(policy.actors.actors, (p) =>
    change.trees.base.read(joinPath(policiesDir, p)),
  );
  const manifest = change.manifest;
  const [manifestSig, approvals, commits, ledgerTouched, collisions] = await Promise.all([
    manifest?.signature !== undefined
      ? verifyDocument(manifest as unknown as Record<string, unknown>, keyring, {
          actor: manifest.proposer,
          at: now,
        })
      : Promise.resolve(undefined),
    signedApprovals(change, keyring, now),
    policy.authority.commits?.require_signed
      ? verifyCommits(repoDir, change.baseOid, change.headOid, keyring, { at: now })
      : Promise.resolve(undefined),
    ledgerCommits(repoDir, change.mergeBaseOid, change.headOid, change.layout.paths.ledger),
    caseCollisions(change.trees.head, change.changed, change.layout.paths),
  ]);
  // Overrides naming this change (DESIGN §2.6), with their derived status at `now`: read at head (an override
  // may arrive with the change) and at base, signatures counted only with keys of the BASE policy; one the
  // ledger records as used is completed. Files that do not load count for nothing (`validate` names them).
  const overrideRecords =
    change.changeId !== undefined ? await overrideRecordsAt(change, keyring, ledger, now) : undefined;
  const overrides = overrideRecords
    ? overridesForChange(change, overrideRecords, now) // bound to the change digest (DESIGN §2.6)
    : [];
  const t2 = performance.now();

  const inputs: GateInputs = {
    now,
    policy: gatePolicy(policy),
    ...(manifest && change.manifestFile
      ? {
          manifest: {
            file: change.manifestFile,
            value: manifest as ChangeManifest,
            ...(manifestSig ? { signature: signatureCheck(manifestSig) } : {}),
            ...(() => {
              const line = change.manifestLocate?.('')?.line;
              return line !== undefined ? { line } : {};
            })(),
          },
        }
      : {}),
    ...(change.manifestProblem !== undefined && needsManifestProblem(change)
      ? { manifestProblem: change.manifestProblem }
      : {}),
    ops: change.ops,
    baseState: { resources: change.baseState.resources, switches: ledger.switches },
    changedPaths: change.changed.map((c) => ({ path: c.path, status: c.status })),
    governedPaths: change.layout.paths,
    ...(ledgerTouched.length > 0 ? { ledgerCommits: ledgerTouched } : {}),
    ...(collisions.length > 0 ? { caseCollisions: collisions } : {}),
    digest: change.digest,
    approvals: [...approvals, ...githubEvidence(extra.githubApprovals ?? [])],
    ledgerWindow: ledger.window,
    escalations: ledger.escalations,
    keyProblems: keyring.problems.map((p) => ({
      actor: p.actor,
      ...(p.file !== undefined ? { file: joinPath(policiesDir, p.file) } : {}),
      reason: p.reason,
    })),
    ...(commits
      ? {
          commits: commits.map((c): CommitCheck => ({
            sha: c.sha,
            ok: c.ok,
            ...(c.actor !== undefined ? { actor: c.actor } : {}),
            ...(c.reason !== undefined ? { reason: c.reason } : {}),
          })),
        }
      : {}),
    overrides,
    recordProblems: records.problems.map((p) => ({
      file: p.file,
      ...(p.line !== undefined ? { line: p.line } : {}),
      ...(p.col !== undefined ? { col: p.col } : {}),
      message: p.pointer !== undefined ? `${p.pointer || '/'}: ${p.message}` : p.message,
    })),
    recordsChecked: records.checked,
    ...(layoutEdit ? { layoutEdit } : {}),
    ...githubAuthorOf(extra.githubApprovals ?? []),
    ...ledgerFacts,
  };
  return {
    inputs,
    change,
    keyring,
    ledger,
    ...(overrideRecords ? { overrideRecords } : {}),
    timings: { gitReadMs: t1 - t0, signaturesMs: t2 - t1 },
  };
}

/**
 * "No manifest" is only a problem when one was attempted or is needed: an invalid or duplicated manifest is an
 * error; a PR that touches nothing governed and has no manifest is judged without one (manifest: skip).
 */
function needsManifestProblem(change: ChangeSet): boolean {
  return change.manifestProblems.some((p) => /change\.ya?ml$/.test(p.file)) || change.changeId !== undefined;
}
