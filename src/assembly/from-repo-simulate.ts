/**
 * What-if for a proposed change in git (seed 000 Part 2, fork-and-replay): the state replayed from the
 * ledger at the base (the base's state/ when it has no ledger yet), forked in memory, the change's ops
 * applied strictly, the state diff, and the blast radius under the base policy (with the ledger's rolling
 * window). Reads git only; writes nothing.
 */
import { evaluateBlastRadius } from '../blast-radius/evaluate.js';
import { readChangeSet, type ChangeSet } from './change-read.js';
import type { ResultNode } from '../core/result.js';
import { simulate, type Simulation } from '../state/simulate.js';
import { ledgerHorizonMs, readBaseLedger } from './from-repo-ledger.js';
import { gatePolicy } from './from-repo.js';

export interface ChangeSimulation {
  change?: string;
  level?: number;
  /** Where the base state came from. */
  from: 'ledger' | 'state';
  ledgerSize: number;
  sim: Simulation;
  blastRadius: ResultNode;
  resources: { base: number; after: number };
}

export async function simulateChange(
  repoDir: string,
  base: string,
  head: string,
  now: Date,
  read: Promise<ChangeSet> = readChangeSet(repoDir, base, head),
): Promise<ChangeSimulation> {
  const change = await read;
  const policy = change.policy;
  const ledger = await readBaseLedger(
    change.trees.base,
    change.layout,
    now,
    ledgerHorizonMs(policy.authority, policy.blastRadius),
  );
  const baseState = ledger.size > 0 && ledger.state ? ledger.state : change.baseState;
  const sim = simulate(baseState, change.ops);
  const g = gatePolicy(policy);
  const level = change.manifest?.level;
  const blast = evaluateBlastRadius({
    policy: policy.blastRadius,
    ops: change.ops,
    baseState,
    ...(level !== undefined ? { level } : {}),
    now,
    ledgerWindow: ledger.window,
    ...(g.files?.blastRadius ? { source: { file: g.files.blastRadius } } : {}),
    ...(g.locate?.blastRadius ? { locate: g.locate.blastRadius } : {}),
  });
  return {
    ...(change.changeId !== undefined ? { change: change.changeId } : {}),
    ...(level !== undefined ? { level } : {}),
    from: ledger.size > 0 && ledger.state ? 'ledger' : 'state',
    ledgerSize: ledger.size,
    sim,
    blastRadius: blast.node,
    resources: {
      base: Object.keys(sim.before.resources).length,
      after: Object.keys(sim.after.resources).length,
    },
  };
}
