/**
 * Two ledger-backed checks of the gate (DESIGN §3, §4):
 *   - `rollback`: a `kind: rollback` manifest is a rollback only when its ops are exactly the inverse of the
 *     entries it names (src/rollback/verify.ts). A genuine one passes active kill switches and spends no
 *     rolling blast budget; any other is judged as the ordinary change it is, and the node says why.
 *   - `applied-once`: approvals count for one application. A change id the base ledger already applied
 *     cannot be applied again; re-applying needs a new change with a new id and new approvals.
 */
import { leaf, type ResultNode } from '../core/result.js';
import type { ChangeFacts } from '../core/change-facts.js';
import type { GateInputs } from '../core/gate-inputs.js';

/** The seqs a genuine rollback reverts, or undefined when the change is not one. */
export function genuineRollback(inputs: GateInputs, facts: ChangeFacts): number[] | undefined {
  const v = inputs.rollback;
  return facts.kind === 'rollback' && v?.genuine === true ? v.reverts : undefined;
}

/** The `rollback` node, for kind rollback only. */
export function rollbackNode(inputs: GateInputs, facts: ChangeFacts): ResultNode | undefined {
  if (facts.kind !== 'rollback') return undefined;
  const v = inputs.rollback;
  if (v?.genuine) return leaf('rollback', 'pass', v.reason, { numbers: { reverts: v.reverts.length } });
  const why = v?.reason ?? 'it was not checked against the ledger';
  return leaf(
    'rollback',
    'skip',
    `not a rollback: ${why}; judged as an ordinary change (no kill-switch exemption, no budget refund)`,
    {
      fix: 'write the rollback with `gatehouse rollback --event SEQ` (or `--to SEQ`) so its ops are the exact inverse',
    },
  );
}

/** The `applied-once` node, when the adapter looked the change id up in the base ledger. */
export function appliedOnceNode(inputs: GateInputs, facts: ChangeFacts): ResultNode | undefined {
  const prior = inputs.priorApplication;
  if (prior === undefined || facts.id === undefined) return undefined;
  if (prior === null)
    return leaf('applied-once', 'pass', `${facts.id} has not been applied before`, { numbers: {} });
  const merge = prior.commit ? ` (merge ${prior.commit.slice(0, 12)})` : '';
  return leaf(
    'applied-once',
    'fail',
    `${facts.id} was already applied at ledger entry ${prior.seq}${merge}; approvals count for one application only`,
    { numbers: { seq: prior.seq }, fix: 'open a new change with a new id and new approvals' },
  );
}
