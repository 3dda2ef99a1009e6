/**
 * The what-if use case (seed 000 Part 2, DESIGN §5); writes nothing.
 * - Two state trees (`baseState`, `headState`): both loaded with the BASE tree's layout (DESIGN §3: base rules),
 *   the base forked in memory and the derived ops applied.
 * - A change in git (`base`, `head`): the state replayed from the ledger at the base, the change's ops applied to
 *   a fork of it, and the blast radius under the base policy (src/assembly/from-repo-simulate.ts).
 */
import { join } from 'node:path';
import { GatehouseError, badInput, notFound } from '../core/errors.js';
import type { GovernedState } from '../core/state-types.js';
import { CONFIG_FILE, loadLayout, type RepoLayout } from '../repo/layout.js';
import { loadStateDocuments } from '../repo/load-state.js';
import { buildState } from '../state/build.js';
import { simulate, type Simulation } from '../state/simulate.js';
import { simulateChange, type ChangeSimulation } from '../assembly/from-repo-simulate.js';
import type { RepositoryPort, WorkTreePort } from './ports.js';

export type SimulateRequest =
  { base: string; head: string; now: Date } | { baseState: string; headState: string };

export interface SimulatePorts {
  repo: RepositoryPort;
  work: WorkTreePort;
}

export type SimulateResult =
  | ({ kind: 'change' } & ChangeSimulation)
  | { kind: 'trees'; sim: Simulation; resources: { base: number; head: number } };

export async function runSimulation(request: SimulateRequest, ports: SimulatePorts): Promise<SimulateResult> {
  if ('base' in request) {
    const { base, head, now } = request;
    const change = ports.repo.change(base, head).changeSet();
    return { kind: 'change', ...(await simulateChange(ports.repo.dir, base, head, now, change)) };
  }
  const work = ports.work;
  const layout = await loadLayout(work.tree(await existingDir(work, request.baseState, 'base-state')));
  const base = await loadStateTree(work, request.baseState, 'base-state', layout);
  const head = await loadStateTree(work, request.headState, 'head-state', layout);
  const sim = simulate(base, head);
  return {
    kind: 'trees',
    sim,
    resources: { base: Object.keys(base.resources).length, head: Object.keys(head.resources).length },
  };
}

/** The directory as given, or a not-found error naming the flag. */
async function existingDir(work: WorkTreePort, dir: string, flag: string): Promise<string> {
  if (!(await work.isDirectory(dir))) throw notFound(`--${flag}: ${dir} is not a directory`, dir);
  return dir;
}

/**
 * The governed state of a tree. DIR is a repository tree — it has the layout's state or policies
 * directory, or a gatehouse.yaml — whose state lives in the state directory; otherwise DIR is the
 * state directory itself. File names in messages read DIR/…, so they can be opened as printed.
 */
async function loadStateTree(
  work: WorkTreePort,
  dir: string,
  flag: string,
  layout: RepoLayout,
): Promise<GovernedState> {
  await existingDir(work, dir, flag);
  const has = (p: string): Promise<boolean> => work.exists(join(dir, p));
  const isRepo =
    (await has(layout.paths.state)) || (await has(layout.paths.policies)) || (await has(CONFIG_FILE));
  const treeLayout: RepoLayout = isRepo ? layout : { ...layout, paths: { ...layout.paths, state: '' } };
  const shown = (file: string): string => join(dir, file);
  let docs;
  try {
    docs = await loadStateDocuments(work.tree(dir), treeLayout);
  } catch (e) {
    if (e instanceof GatehouseError && e.code === 'bad-input')
      throw badInput(e.problems.map((p) => ({ ...p, file: shown(p.file) })));
    throw e;
  }
  return buildState(docs.map((d) => ({ ...d, file: shown(d.file) }))).state;
}
