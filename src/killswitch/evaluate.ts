/**
 * Kill switches (seed 001 §7; DESIGN §2.7). Definitions come from the base policy, the active state from
 * the replayed base state. While active, a switch blocks every change its `blocks` matches (all given
 * fields must match). A genuine rollback always passes (it only undoes): one whose ops the gate found to be
 * exactly the inverse of the ledger entries it names — a declared `kind: rollback` alone is judged like any
 * other change (src/rollback/verify.ts). A `killswitch` change that only flips
 * switches is judged by the flipped switch's `flippers` requirement (seed 001 §7: activation and
 * deactivation need the same authority), through the quorum evaluator.
 */
import type { KillSwitchDef, KillSwitchPolicy, QuorumRequirement } from '../core/documents.js';
import { leaf, worst, type ResultNode, type SourceRef } from '../core/result.js';
import { describeSpec, matchesChange, type ChangeFacts } from '../core/change-facts.js';
import type { ApprovalEvidence, CountedApproval } from '../core/gate-inputs.js';
import type { GovernedState } from '../core/state-types.js';
import { evaluateRequirement, type QuorumContext } from '../quorum/evaluate.js';

/** Fail closed: a switch without `flippers` still needs one human approval other than the proposer. */
const DEFAULT_FLIPPERS: QuorumRequirement = { count: 1, humans_only: true };

export interface KillSwitchArgs {
  policy: KillSwitchPolicy;
  state: GovernedState['switches'];
  facts: ChangeFacts;
  /** For kind killswitch: which switch it flips. */
  flip?: { id: string; action: 'activate' | 'deactivate' };
  approvals: readonly ApprovalEvidence[];
  quorum: QuorumContext;
  /** The seqs reverted, when the change is a genuine rollback (src/gate/rollback-checks.ts). */
  genuineRollback?: readonly number[];
  file?: string;
  locate?: (pointer: string) => { line: number; col: number } | undefined;
}

export interface KillSwitchResult {
  node: ResultNode;
  counted: CountedApproval[];
}

export function evaluateKillSwitches(args: KillSwitchArgs): KillSwitchResult {
  const { policy, facts } = args;
  const defs = new Map(policy.switches.map((s, i) => [s.id, { def: s, index: i }]));
  const children: ResultNode[] = [];
  let counted: CountedApproval[] = [];
  const sourceOf = (id: string): SourceRef | undefined => {
    const hit = defs.get(id);
    if (!args.file || !hit) return args.file ? { file: args.file } : undefined;
    const pos = args.locate?.(`/switches/${hit.index}`);
    return { file: args.file, ...(pos ? { line: pos.line, col: pos.col } : {}) };
  };
  const withSource = (id: string): { source?: SourceRef } => {
    const s = sourceOf(id);
    return s ? { source: s } : {};
  };

  const reverts = args.genuineRollback;
  const isFlipOnly = facts.kind === 'killswitch' && facts.opCount === 0;
  const activeIds = Object.keys(args.state)
    .filter((id) => args.state[id]?.active)
    .sort();
  for (const id of activeIds) {
    const st = args.state[id] as NonNullable<GovernedState['switches'][string]>;
    const def: KillSwitchDef | undefined = defs.get(id)?.def;
    const since = `active since ${st.since} (seq ${st.seq}, by ${st.by})`;
    const nodeId = `kill-switches/${id}`;
    if (reverts) {
      const what = `the exact inverse of entr${reverts.length === 1 ? 'y' : 'ies'} ${reverts.join(', ')}`;
      children.push(leaf(nodeId, 'pass', `${id} ${since}; rollbacks always pass (${what})`, withSource(id)));
      continue;
    }
    if (isFlipOnly) {
      children.push(
        leaf(
          nodeId,
          'pass',
          `${id} ${since}; a change that only flips switches is judged by the flippers`,
          withSource(id),
        ),
      );
      continue;
    }
    if (!def) {
      // anything unknown fails closed (DESIGN §9)
      children.push(
        leaf(nodeId, 'fail', `${id} ${since} has no definition in the base policy: it blocks every change`, {
          fix: `deactivate ${id} (gatehouse killswitch deactivate ${id})`,
          ...withSource(id),
        }),
      );
      continue;
    }
    if (matchesChange(def.blocks, facts))
      children.push(
        leaf(nodeId, 'fail', `${id} ${since} blocks this change (blocks ${describeSpec(def.blocks)})`, {
          fix: `wait for ${id} to be deactivated, or propose a rollback`,
          ...withSource(id),
        }),
      );
    else
      children.push(
        leaf(
          nodeId,
          'pass',
          `${id} ${since} does not block this change (blocks ${describeSpec(def.blocks)})`,
          withSource(id),
        ),
      );
  }

  if (facts.kind === 'killswitch') {
    const flip = args.flip;
    const nodeId = `kill-switches/flip:${flip?.id ?? 'unknown'}`;
    const def = flip ? defs.get(flip.id)?.def : undefined;
    if (!flip)
      children.push(
        leaf(
          nodeId,
          'fail',
          'a killswitch change must name the switch and the action (killswitch: {id, action})',
        ),
      );
    else if (!def)
      children.push(
        leaf(nodeId, 'fail', `no kill switch ${flip.id} in the base policy`, {
          fix: `one of: ${[...defs.keys()].join(', ') || '(none defined)'}`,
        }),
      );
    else {
      const active = args.state[flip.id]?.active === true;
      if ((flip.action === 'activate') === active)
        children.push(
          leaf(
            nodeId,
            'fail',
            `${flip.id} is already ${active ? 'active' : 'inactive'}; nothing to ${flip.action}`,
            withSource(flip.id),
          ),
        );
      else {
        const r = evaluateRequirement(
          nodeId,
          def.flippers ?? DEFAULT_FLIPPERS,
          args.approvals,
          args.quorum,
          sourceOf(flip.id),
        );
        r.node.reason = `${flip.action} ${flip.id}: ${r.node.reason}`;
        children.push(r.node);
        counted = r.counted.map((c) => ({ ...c, rules: [`flip:${flip.id}`] }));
      }
    }
  }

  const status = worst(children.map((c) => c.status));
  const blocking = children.filter((c) => c.status === 'fail' && !c.id.includes('/flip:'));
  const reason =
    children.length === 0
      ? 'no kill switch is active'
      : blocking.length
        ? `blocked by ${blocking.map((c) => c.id.slice('kill-switches/'.length)).join(', ')}`
        : status === 'pass' || status === 'skip'
          ? activeIds.length
            ? `${activeIds.length} active, none blocks this change`
            : 'no kill switch is active'
          : (children.find((c) => c.status === status) as ResultNode).reason;
  return {
    node: { id: 'kill-switches', status, reason, numbers: { active: activeIds.length }, children },
    counted,
  };
}
