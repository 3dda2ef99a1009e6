/** Computes the change facts (core/change-facts.ts) once per evaluation. */
import { computeAffected } from '../blast-radius/affected.js';
import { matchedAs, type ChangeFacts } from '../core/change-facts.js';
import type { GateInputs } from '../core/gate-inputs.js';

export function changeFacts(inputs: GateInputs): ChangeFacts {
  const affected = computeAffected(inputs.ops, inputs.baseState, inputs.baseTotals);
  const m = inputs.manifest?.value;
  return {
    ...(m ? { id: m.id, kind: m.kind, level: m.level, proposer: m.proposer } : {}),
    paths: inputs.changedPaths.flatMap((c) => matchedAs(c.path, inputs.governedPaths.policies)),
    services: [...affected.byService.keys()],
    regions: [...affected.byRegion.keys()],
    opCount: inputs.ops.length,
    affected,
  };
}
