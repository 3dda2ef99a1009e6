/** `gatehouse simulate` output (src/app/simulate.ts results): one JSON document, or the text report. */
import { describeOp, show } from '../state/ops.js';
import { renderStateDiff, type Simulation } from '../state/simulate.js';
import { renderText } from '../gate/render/text.js';
import type { SimulateResult } from '../app/simulate.js';

export function simulateJson(r: SimulateResult): string {
  if (r.kind === 'trees') {
    const sim = r.sim;
    return JSON.stringify({ ops: sim.ops, affected: sim.affected, diff: sim.diff, resources: r.resources });
  }
  return JSON.stringify({
    ...(r.change !== undefined ? { change: r.change } : {}),
    ...(r.level !== undefined ? { level: r.level } : {}),
    from: r.from,
    ledger_size: r.ledgerSize,
    ops: r.sim.ops,
    affected: r.sim.affected,
    diff: r.sim.diff,
    blast_radius: r.blastRadius,
    resources: r.resources,
  });
}

/** The text report; `range` names a change in git that has no change id (`base..head`). */
export function simulateText(r: SimulateResult, range: string): string {
  const sim = r.sim;
  const a = sim.affected;
  const over = `${plural(sim.ops.length, 'op')} over ${plural(a.keys.length, 'resource')}`;
  const affected =
    `affected: ${plural(a.keys.length, 'resource')}` +
    `; ${plural(a.services.length, 'service')}${list(a.services)}` +
    `; ${plural(a.regions.length, 'region')}${list(a.regions)}`;
  if (r.kind === 'trees') {
    const t = r.resources;
    return [
      `simulate: ${over}`,
      ...opsAndDiff(sim),
      '',
      affected,
      `state: ${plural(t.base, 'resource')} at base, ${t.head} at head (nothing written)`,
    ].join('\n');
  }
  const from =
    r.from === 'ledger'
      ? `replayed from ${r.ledgerSize} ledger ${r.ledgerSize === 1 ? 'entry' : 'entries'}`
      : 'from state/, no ledger yet';
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
  return [
    `simulate ${r.change ?? range}: ${over} (base state ${from})`,
    ...opsAndDiff(sim),
    '',
    'blast radius:',
    ...tree.slice(0, -1).map((l) => `  ${l}`),
    '',
    affected,
    `state: ${plural(r.resources.base, 'resource')} at base, ${r.resources.after} after (nothing written)`,
  ].join('\n');
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
