/**
 * The quorum bootstrap (docs/behaviours.md "The first policy change: bootstrap"): a starter policy written
 * by `init` may name its founding actors in `quorum.yaml` `bootstrap.actors`. While the base ledger holds no
 * `policy.changed` entry, a policy change with no state ops, proposed by a founder and approved (signed,
 * bound to the digest) by every founder, the proposer included, meets quorum even where the ordinary rules
 * cannot yet be met (a lone admin cannot be two people). It is used only when the ordinary rules are not
 * met and nobody vetoed, it is recorded (`policy.changed` body `bootstrap: true`), and it is spent by the
 * first `policy.changed` entry, whichever rule passed it.
 */
import type { QuorumRequirement } from '../core/documents.js';
import type { ResultNode } from '../core/result.js';
import { configEdits } from '../core/change-facts.js';
import { under } from '../core/paths.js';
import type { ChangeFacts } from '../core/change-facts.js';
import type { GateInputs } from '../core/gate-inputs.js';
import { evaluateRequirement, type QuorumResult } from './evaluate.js';
import type { QuorumContext } from './screen.js';

/** Whether the bootstrap may stand in for quorum on this change: the founders, or undefined. */
export function bootstrapFounders(inputs: GateInputs, facts: ChangeFacts): string[] | undefined {
  const founders = inputs.policy.quorum.bootstrap?.actors;
  if (!founders || founders.length === 0) return undefined;
  if (inputs.policyChangedBefore !== false) return undefined; // spent, or not checked: fail closed
  // a pure policy change that edits the policy folder, so `record` writes the policy.changed that spends it
  const dir = inputs.governedPaths.policies;
  if (inputs.ops.length > 0 || !configEdits(inputs).some((p) => under(p, dir))) return undefined;
  if (facts.proposer === undefined || !founders.includes(facts.proposer)) return undefined;
  return founders;
}

/** Every node's status turned to skip, with a note: rules the bootstrap stood in for. */
function stoodIn(node: ResultNode): ResultNode {
  return {
    ...node,
    status: 'skip',
    reason: `stood in for by the bootstrap: ${node.reason}`,
    children: node.children.map(stoodIn),
  };
}

function hasVeto(node: ResultNode): boolean {
  return node.status === 'fail' || node.children.some(hasVeto);
}

/**
 * The quorum with the bootstrap considered: `ordinary` when it passes, or when the bootstrap does not apply
 * or is not met (then its node is added, pending, saying what it needs); otherwise a passing quorum through
 * the bootstrap, the ordinary rules shown as stood in for.
 */
export function withBootstrap(
  ordinary: QuorumResult,
  founders: string[],
  inputs: GateInputs,
  ctx: QuorumContext,
  file: string | undefined,
): QuorumResult & { bootstrap: boolean } {
  if (ordinary.node.status === 'pass' || hasVeto(ordinary.node)) return { ...ordinary, bootstrap: false };
  const req: QuorumRequirement = {
    count: founders.length,
    allow_self: true,
    humans_only: true,
    accept: ['signed'],
  };
  const approvals = inputs.approvals.filter((a) => founders.includes(a.actor));
  const r = evaluateRequirement(
    'quorum/bootstrap',
    req,
    approvals,
    { ...ctx, actors: { actors: ctx.actors.actors.filter((a) => founders.includes(a.id)) } },
    file ? { file } : undefined,
  );
  r.node.reason = `first policy change by the founding actors (${founders.join(', ')}), once: ${r.node.reason}`;
  if (!r.met) {
    r.node.fix = `${r.node.fix ?? 'every founding actor approves'}; or meet the ordinary rules`;
    return {
      node: { ...ordinary.node, children: [...ordinary.node.children, r.node] },
      counted: ordinary.counted,
      bootstrap: false,
    };
  }
  const counted = r.counted.map((c) => ({ ...c, rules: ['bootstrap'] }));
  return {
    node: {
      id: 'quorum',
      status: 'pass',
      reason: 'met through the bootstrap: the first policy change, approved by every founding actor',
      numbers: {},
      children: [r.node, ...ordinary.node.children.map(stoodIn)],
    },
    counted,
    bootstrap: true,
  };
}
