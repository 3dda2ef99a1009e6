/**
 * The gate (DESIGN §3): `evaluateGate(inputs) → Decision`, a pure function. Every check yields a result
 * node with a stable id; the decision is the worst node anywhere in the tree, an `error` is never
 * masked, and the change is allowed only when the worst status is pass or skip.
 *
 * Stable node ids: manifest, authority, authority/level-enabled, authority/proposer,
 * authority/signature, authority/rules, authority/ops, authority/concurrency, quorum, quorum/<rule>,
 * quorum/escalation, quorum/required, quorum/bootstrap, blast-radius, blast-radius/percent, blast-radius/service:<name>,
 * blast-radius/region:<name>, blast-radius/window, kill-switches, kill-switches/<switch>,
 * kill-switches/flip:<switch>, rollback, applied-once, append-only, records, policy, policy/kind,
 * policy/rules, policy/<folder>, case-variants, commits, keys, overrides.
 */
import type { Level } from '../core/documents.js';
import { leaf, worst, type ResultNode, type Status } from '../core/result.js';
import { approvalTtlMs, evaluateAuthority } from '../authority/evaluate.js';
import { evaluateBlastRadius } from '../blast-radius/evaluate.js';
import { evaluateKillSwitches } from '../killswitch/evaluate.js';
import {
  evaluateQuorum,
  evaluateRequirement,
  mergeCounted,
  type RequirementResult,
} from '../quorum/evaluate.js';
import { bootstrapFounders, withBootstrap } from '../quorum/bootstrap.js';
import { actorIndex, type QuorumContext } from '../quorum/screen.js';
import { appendOnlyNode, commitsNode, keysNode, manifestNode, recordsNode } from './checks.js';
import { caseVariantsNode, policyNode } from './governance.js';
import type { ChangeFacts } from '../core/change-facts.js';
import { changeFacts } from './facts.js';
import type { CountedApproval, GateInputs, PolicyKind } from '../core/gate-inputs.js';
import { applyOverrides, type OverrideUse } from './overrides.js';
import { appliedOnceNode, genuineRollback, rollbackNode } from './rollback-checks.js';

export interface Decision {
  allowed: boolean;
  status: Status;
  root: ResultNode;
  change?: string;
  level?: Level;
  digest: string;
  /** Approvals that counted, for the ledger record (DESIGN §4 change.applied). */
  counted: CountedApproval[];
  /** Present when the change is a genuine rollback: recorded as rollback.applied of these seqs. */
  rollback?: { reverts: number[] };
  /** True when quorum was met through the one-time bootstrap (src/quorum/bootstrap.ts). */
  bootstrap?: true;
  /**
   * The overrides the gate applied to a failing check (src/gate/overrides.ts), for the ledger record
   * (DESIGN §4 change.applied `overrides`, override.activated `bypassed`). Always set by evaluateGate; not
   * part of the JSON document (src/gate/render/json.ts), which carries the same facts as result nodes.
   */
  overridesUsed?: OverrideUse[];
}

/** Every status in the tree, root included. */
export function deepWorst(node: ResultNode): Status {
  let out: Status = node.status;
  for (const c of node.children) out = worst([out, deepWorst(c)]);
  return out;
}

function where(
  inputs: GateInputs,
  kind: PolicyKind,
): { file?: string; locate?: (p: string) => { line: number; col: number } | undefined } {
  const file = inputs.policy.files?.[kind];
  const locate = inputs.policy.locate?.[kind];
  return { ...(file ? { file } : {}), ...(locate ? { locate } : {}) };
}

function escalationRequirement(inputs: GateInputs, ctx: QuorumContext): RequirementResult | undefined {
  const m = inputs.manifest?.value;
  if (!m || m.kind !== 'escalation') return undefined;
  const id = 'quorum/escalation';
  const fail = (reason: string, fix: string): RequirementResult => ({
    node: leaf(id, 'fail', reason, { fix }),
    counted: [],
    met: false,
    vetoed: false,
  });
  const esc = m.escalation;
  if (!esc)
    return fail(
      'an escalation change must name escalation: {actor, level}',
      'add escalation: {actor, level, ttl} to the manifest',
    );
  if (!actorIndex(inputs.policy.actors).has(esc.actor))
    return fail(`escalation for unknown actor ${esc.actor}`, 'name an actor of the base actors policy');
  const approvers = inputs.policy.authority.escalation?.approvers;
  if (!approvers)
    return fail(
      'the authority policy defines no escalation approvers',
      'add escalation: {ttl, approvers} to the authority policy',
    );
  const w = where(inputs, 'authority');
  const pos = w.locate?.('/escalation');
  const r = evaluateRequirement(
    id,
    approvers,
    inputs.approvals,
    ctx,
    w.file ? { file: w.file, ...(pos ? { line: pos.line, col: pos.col } : {}) } : undefined,
  );
  r.node.reason = `grant ${esc.actor} level ${esc.level}: ${r.node.reason}`;
  return r;
}

export function evaluateGate(inputs: GateInputs): Decision {
  const facts: ChangeFacts = changeFacts(inputs);
  const reverts = genuineRollback(inputs, facts);
  const hasManifest = inputs.manifest !== undefined;
  const ctx: QuorumContext = {
    now: inputs.now,
    actors: inputs.policy.actors,
    change: facts.id ?? '',
    digest: inputs.digest,
    ...(facts.proposer !== undefined ? { proposer: facts.proposer } : {}),
    ...(facts.kind === 'escalation' && inputs.manifest?.value.escalation
      ? { grantee: inputs.manifest.value.escalation.actor }
      : {}),
    ...(() => {
      const ttl = approvalTtlMs(inputs.policy.authority, facts.level);
      return ttl !== undefined ? { ttlMs: ttl } : {};
    })(),
  };

  const checks: ResultNode[] = [manifestNode(inputs)];
  const aw = where(inputs, 'authority');
  const actorsW = where(inputs, 'actors');
  checks.push(
    evaluateAuthority(inputs, facts, {
      ...aw,
      ...(actorsW.file ? { actorsFile: actorsW.file } : {}),
      ...(actorsW.locate ? { actorsLocate: actorsW.locate } : {}),
    }),
  );

  let counted: CountedApproval[] = [];
  let bootstrap = false;
  if (hasManifest) {
    const esc = escalationRequirement(inputs, ctx);
    let q = evaluateQuorum(
      inputs.policy.quorum,
      facts,
      inputs.approvals,
      ctx,
      where(inputs, 'quorum'),
      esc ? [esc] : [],
    );
    const founders = bootstrapFounders(inputs, facts);
    if (founders) {
      const b = withBootstrap(q, founders, inputs, ctx, where(inputs, 'quorum').file);
      bootstrap = b.bootstrap;
      q = b;
    }
    checks.push(q.node);
    counted = q.counted;
  } else checks.push(leaf('quorum', 'skip', 'no change manifest: no approvals to count'));

  const bw = where(inputs, 'blastRadius');
  checks.push(
    evaluateBlastRadius({
      policy: inputs.policy.blastRadius,
      ops: inputs.ops,
      baseState: inputs.baseState,
      affected: facts.affected,
      ...(facts.level !== undefined ? { level: facts.level } : {}),
      now: inputs.now,
      ledgerWindow: inputs.ledgerWindow,
      ...(reverts ? { genuineRollback: reverts } : {}),
      ...(bw.file ? { source: { file: bw.file } } : {}),
      ...(bw.locate ? { locate: bw.locate } : {}),
    }).node,
  );

  const kw = where(inputs, 'killSwitches');
  const flip = inputs.manifest?.value.killswitch;
  const ks = evaluateKillSwitches({
    policy: inputs.policy.killSwitches,
    state: inputs.baseState.switches,
    facts,
    ...(flip ? { flip } : {}),
    approvals: inputs.approvals,
    quorum: ctx,
    ...(reverts ? { genuineRollback: reverts } : {}),
    ...kw,
  });
  checks.push(ks.node);
  counted = mergeCounted([...counted, ...ks.counted]);
  for (const n of [rollbackNode(inputs, facts), appliedOnceNode(inputs, facts)]) if (n) checks.push(n);

  checks.push(
    appendOnlyNode(inputs),
    recordsNode(inputs),
    policyNode(inputs, facts),
    caseVariantsNode(inputs),
    commitsNode(inputs),
    keysNode(inputs, facts),
  );

  const ov = applyOverrides(checks, inputs.overrides);
  const children = [...ov.checks, ov.node];
  const status = worst(children.map(deepWorst));
  const allowed = status === 'pass' || status === 'skip';
  const deciding = children
    .filter((c) => c.status === status && status !== 'pass' && status !== 'skip')
    .map((c) => c.id);
  const subject = facts.id !== undefined ? `${facts.id} at level ${facts.level}` : 'this change';
  const reason = allowed
    ? `allowed: ${subject}`
    : `denied: ${subject} (${status}: ${deciding.join(', ') || 'a nested check'})`;
  const root: ResultNode = {
    id: 'gate',
    status,
    reason,
    numbers: { ops: inputs.ops.length, affected: facts.affected.keys.length },
    children,
  };
  return {
    allowed,
    status,
    root,
    ...(facts.id !== undefined ? { change: facts.id } : {}),
    ...(facts.level !== undefined ? { level: facts.level } : {}),
    digest: inputs.digest,
    counted,
    ...(reverts ? { rollback: { reverts } } : {}),
    ...(bootstrap && allowed ? { bootstrap: true as const } : {}),
    overridesUsed: ov.used,
  };
}
