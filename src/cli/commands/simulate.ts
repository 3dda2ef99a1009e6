/**
 * `gatehouse simulate --base-state DIR --head-state DIR`: what-if over two state trees (seed 000
 * Part 2, branch simulation). Loads both, forks the base state in memory, applies the derived ops and
 * prints the ops, the state diff and what they touch. Writes nothing.
 *
 * `gatehouse simulate --base REF --head REF`: the same for a proposed change in git (src/gate/from-repo-simulate.ts): the
 * state replayed from the ledger at the base, the change's ops applied to a fork of it, and the blast radius
 * under the base policy.
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GatehouseError, badInput, notFound, usageError } from '../../core/errors.js';
import { CONFIG_FILE, loadLayout, type RepoLayout } from '../../repo/layout.js';
import { FsTree } from '../../repo/fs-tree.js';
import { loadStateDocuments } from '../../repo/load-state.js';
import { buildState } from '../../state/build.js';
import { describeOp, show } from '../../state/ops.js';
import { renderStateDiff, simulate, type Simulation } from '../../state/simulate.js';
import type { GovernedState } from '../../core/state-types.js';
import { requireString } from '../args.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';
import { simulateChange } from '../../assembly/from-repo-simulate.js';
import { renderText } from '../../gate/render/text.js';

const USAGE =
  'gatehouse simulate --base-state DIR --head-state DIR [--json]\n       gatehouse simulate --base REF [--head REF] [--json]';

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'what-if: the ops, state diff and blast radius of going from one state tree to another',
  usage: USAGE,
  options: {
    'base-state': { type: 'string' },
    'head-state': { type: 'string' },
    base: { type: 'string' },
    head: { type: 'string' },
  },
  async run(ctx: CliContext, args: ParsedArgs): Promise<number> {
    if (typeof args.values.base === 'string') {
      if (args.values['base-state'] !== undefined || args.values['head-state'] !== undefined)
        throw usageError(
          `give --base REF [--head REF] or --base-state DIR --head-state DIR, not both\nusage: ${USAGE}`,
        );
      return simulateRefs(
        ctx,
        args.values.base,
        typeof args.values.head === 'string' ? args.values.head : 'HEAD',
      );
    }
    const baseDir = requireString(args, 'base-state', USAGE);
    const headDir = requireString(args, 'head-state', USAGE);
    // The base tree's gatehouse.yaml decides where state lives on both sides (DESIGN §3: base rules).
    const layout = await loadLayout(new FsTree(await existingDir(ctx, baseDir, 'base-state')));
    const base = await loadStateTree(ctx, baseDir, 'base-state', layout);
    const head = await loadStateTree(ctx, headDir, 'head-state', layout);
    const sim = simulate(base, head);
    const totals = { base: Object.keys(base.resources).length, head: Object.keys(head.resources).length };

    if (ctx.json) {
      ctx.stdout(JSON.stringify({ ops: sim.ops, affected: sim.affected, diff: sim.diff, resources: totals }));
      return 0;
    }
    const a = sim.affected;
    const lines = [`simulate: ${plural(sim.ops.length, 'op')} over ${plural(a.keys.length, 'resource')}`];
    lines.push(...opsAndDiff(sim));
    lines.push(
      '',
      `affected: ${plural(a.keys.length, 'resource')}` +
        `; ${plural(a.services.length, 'service')}${list(a.services)}` +
        `; ${plural(a.regions.length, 'region')}${list(a.regions)}`,
      `state: ${plural(totals.base, 'resource')} at base, ${totals.head} at head (nothing written)`,
    );
    ctx.stdout(lines.join('\n'));
    return 0;
  },
};

/** The absolute path of an existing directory, or a not-found error naming the flag. */
async function existingDir(ctx: CliContext, dir: string, flag: string): Promise<string> {
  const abs = resolve(ctx.repo, dir);
  const st = await stat(abs).catch(() => undefined);
  if (!st?.isDirectory()) throw notFound(`--${flag}: ${dir} is not a directory`, dir);
  return abs;
}

/**
 * The governed state of a tree. DIR is a repository tree — it has the layout's state or policies
 * directory, or a gatehouse.yaml — whose state lives in the state directory; otherwise DIR is the
 * state directory itself. File names in messages read DIR/…, so they can be opened as printed.
 */
async function loadStateTree(
  ctx: CliContext,
  dir: string,
  flag: string,
  layout: RepoLayout,
): Promise<GovernedState> {
  const abs = await existingDir(ctx, dir, flag);
  const has = async (p: string): Promise<boolean> =>
    (await stat(join(abs, p)).catch(() => undefined)) !== undefined;
  const isRepo =
    (await has(layout.paths.state)) || (await has(layout.paths.policies)) || (await has(CONFIG_FILE));
  const treeLayout: RepoLayout = isRepo ? layout : { ...layout, paths: { ...layout.paths, state: '' } };
  const shown = (file: string): string => join(dir, file);
  let docs;
  try {
    docs = await loadStateDocuments(new FsTree(abs), treeLayout);
  } catch (e) {
    if (e instanceof GatehouseError && e.code === 'bad-input')
      throw badInput(e.problems.map((p) => ({ ...p, file: shown(p.file) })));
    throw e;
  }
  return buildState(docs.map((d) => ({ ...d, file: shown(d.file) }))).state;
}

/** The ops and the state diff as text (nothing when there are no ops). */
function opsAndDiff(sim: Simulation): string[] {
  if (sim.ops.length === 0) return [];
  return [
    '',
    'ops:',
    ...sim.ops.map(
      (op) => `  ${describeOp(op)}${op.op === 'update' ? `: ${show(op.before)} → ${show(op.after)}` : ''}`,
    ),
    '',
    'state diff:',
    ...renderStateDiff(sim.diff).map((l) => `  ${l}`),
  ];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function list(items: readonly string[]): string {
  return items.length > 0 ? ` (${items.join(', ')})` : '';
}

/** `simulate --base REF --head REF` (DESIGN §5): ops, state diff and blast radius of a change in git. */
async function simulateRefs(ctx: CliContext, base: string, head: string): Promise<number> {
  const r = await simulateChange(ctx.repo, base, head, ctx.now);
  const sim = r.sim;
  if (ctx.json) {
    ctx.stdout(
      JSON.stringify({
        ...(r.change !== undefined ? { change: r.change } : {}),
        ...(r.level !== undefined ? { level: r.level } : {}),
        from: r.from,
        ledger_size: r.ledgerSize,
        ops: sim.ops,
        affected: sim.affected,
        diff: sim.diff,
        blast_radius: r.blastRadius,
        resources: r.resources,
      }),
    );
    return 0;
  }
  const a = sim.affected;
  const lines = [
    `simulate ${r.change ?? `${base}..${head}`}: ${plural(sim.ops.length, 'op')} over ${plural(a.keys.length, 'resource')}` +
      ` (base state ${r.from === 'ledger' ? `replayed from ${r.ledgerSize} ledger ${r.ledgerSize === 1 ? 'entry' : 'entries'}` : 'from state/, no ledger yet'})`,
  ];
  lines.push(...opsAndDiff(sim));
  // The blast-radius subtree, rendered as `check` renders it.
  const tree = renderText({
    allowed: true,
    status: r.blastRadius.status,
    root: r.blastRadius,
    digest: '',
    counted: [],
  })
    .trimEnd()
    .split('\n');
  lines.push('', 'blast radius:', ...tree.slice(0, -1).map((l) => `  ${l}`));
  lines.push(
    '',
    `affected: ${plural(a.keys.length, 'resource')}` +
      `; ${plural(a.services.length, 'service')}${list(a.services)}` +
      `; ${plural(a.regions.length, 'region')}${list(a.regions)}`,
    `state: ${plural(r.resources.base, 'resource')} at base, ${r.resources.after} after (nothing written)`,
  );
  ctx.stdout(lines.join('\n'));
  return 0;
}
