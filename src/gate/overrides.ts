/**
 * Emergency overrides (DESIGN §2.6): an active override named for this change turns the checks it names
 * (by node id, e.g. `blast-radius`) into pass-with-note, and nothing else. Errors are never masked, and
 * the checks that protect history and the override mechanism itself cannot be overridden. An override
 * bound to another content of the change (`unbound`, src/overrides/binding.ts) applies to nothing.
 */
import { leaf, worst, type ResultNode } from '../core/result.js';
import type { OverrideInput } from '../core/gate-inputs.js';

export const NOT_OVERRIDABLE = [
  'manifest',
  'append-only',
  'records',
  'policy',
  'case-variants',
  'keys',
  'overrides',
  'rollback',
  'applied-once',
] as const;

/** Checks and their direct sub-checks (whose parents are judged as the worst of their children). */
function overridableIds(checks: readonly ResultNode[]): Set<string> {
  const out = new Set<string>();
  for (const c of checks) {
    out.add(c.id);
    for (const sub of c.children) out.add(sub.id);
  }
  return out;
}

/**
 * Sub-checks bypassed only when an override names them itself, never through their parent: the rolling
 * blast budget (`blast-radius/window`) is shared with every recent change, so an override of this change's
 * blast radius does not lift it too.
 */
export const NAMED_ONLY: readonly string[] = ['blast-radius/window'];

const bad = (n: ResultNode): boolean => n.status === 'fail' || n.status === 'pending' || n.status === 'error';

function overrideSubtree(node: ResultNode, by: string, target: ReadonlyMap<string, string>): ResultNode {
  const children = node.children.map((c) => {
    if (!NAMED_ONLY.includes(c.id)) return overrideSubtree(c, by, target);
    const named = target.get(c.id);
    return named !== undefined && c.status !== 'error' ? overrideSubtree(c, named, target) : c;
  });
  if (node.status !== 'fail' && node.status !== 'pending') return { ...node, children };
  const kept = children.filter(bad);
  if (kept.length > 0)
    // still failing through a sub-check the override does not name: the parent is judged from its children
    return {
      ...node,
      status: worst(children.map((c) => c.status)),
      reason: `${kept.map((k) => k.id).join(', ')} not overridden (${by} does not name it): ${kept[0]!.reason}`,
      children,
    };
  return {
    ...node,
    status: 'pass',
    reason: `overridden by ${by}: ${node.reason}`,
    numbers: { ...node.numbers },
    children,
  };
}

/**
 * What one override did to this decision, as data (DESIGN §2.6, §4 override.activated): the checks it named
 * and turned from fail/pending into pass, and the ones it named that still fail through sub-checks it does
 * not name. `record` reads this, never the wording of the result nodes.
 */
export interface OverrideUse {
  id: string;
  /** Checks (node ids) it bypassed, in the order the gate applied them. */
  bypasses: string[];
  /** Checks it named and applied to that stay failing through a sub-check it does not name. */
  partial: string[];
}

/**
 * Apply overrides to the top-level checks; returns the new checks, an `overrides` node, and which overrides
 * applied to a failing check (`used`, by override id in the order of their first application).
 */
export function applyOverrides(
  checks: ResultNode[],
  overrides: readonly OverrideInput[] | undefined,
): { checks: ResultNode[]; node: ResultNode; used: OverrideUse[] } {
  const active = (overrides ?? []).filter((o) => o.status === 'active' && o.unbound === undefined);
  const inactive = (overrides ?? []).filter((o) => o.status !== 'active');
  const unbound = (overrides ?? []).filter((o) => o.status === 'active' && o.unbound !== undefined);
  if (!overrides || overrides.length === 0)
    return { checks, node: leaf('overrides', 'skip', 'no override names this change'), used: [] };
  const known = overridableIds(checks);
  const target = new Map<string, string>(); // node id → override id
  const notes: ResultNode[] = [];
  for (const o of active) {
    for (const id of o.checks) {
      if ((NOT_OVERRIDABLE as readonly string[]).includes(id))
        notes.push(
          leaf(`overrides/${o.id}:${id}`, 'skip', `${o.id} names ${id}, which cannot be overridden`),
        );
      else if (!known.has(id))
        notes.push(
          leaf(
            `overrides/${o.id}:${id}`,
            'skip',
            `${o.id} names ${id}, which is not a check or sub-check of this decision`,
          ),
        );
      else if (!target.has(id)) target.set(id, o.id);
    }
  }
  for (const o of inactive)
    notes.push(leaf(`overrides/${o.id}`, 'skip', `${o.id} is ${o.status}, not active: it changes nothing`));
  for (const o of unbound)
    notes.push(leaf(`overrides/${o.id}`, 'skip', `${o.unbound ?? ''}; it changes nothing`));

  const used = new Set<string>();
  const partial = new Map<string, string[]>(); // `${by}:${id}` → sub-checks it left failing
  const walk = (node: ResultNode): ResultNode => {
    const by = target.get(node.id);
    if (by !== undefined && node.status !== 'error') {
      if (node.status === 'fail' || node.status === 'pending') used.add(`${by}:${node.id}`);
      const out = overrideSubtree(node, by, target);
      const kept = out.children.filter(bad).map((c) => c.id);
      if (bad(out) && kept.length) partial.set(`${by}:${node.id}`, kept);
      return out;
    }
    if (node.children.length === 0) return node;
    const children = node.children.map(walk);
    const changed = children.some((c, i) => c !== node.children[i]);
    if (!changed) return node;
    // parents of an overridden node are re-judged from their children (policy-bot style groups)
    return { ...node, status: worst(children.map((c) => c.status)), children };
  };
  const out = checks.map(walk);
  const applied = [...target.entries()].map(([id, by]) =>
    leaf(
      `overrides/${by}:${id}`,
      'pass',
      partial.has(`${by}:${id}`)
        ? `${by} overrides ${id} but not ${partial.get(`${by}:${id}`)!.join(', ')}, which it does not name`
        : used.has(`${by}:${id}`)
          ? `${by} overrides ${id}`
          : `${by} names ${id}, which passes without it`,
    ),
  );
  const children = [...applied, ...notes];
  const uses = new Map<string, OverrideUse>();
  for (const [id, by] of target) {
    const key = `${by}:${id}`;
    if (!used.has(key)) continue; // named a check that passes without it: not a use
    const u = uses.get(by) ?? { id: by, bypasses: [], partial: [] };
    (partial.has(key) ? u.partial : u.bypasses).push(id);
    uses.set(by, u);
  }
  return {
    used: [...uses.values()],
    checks: out,
    node: {
      id: 'overrides',
      status: 'pass',
      reason: applied.length
        ? `active: ${[...new Set(target.values())].join(', ')} (${[...target.keys()].join(', ')})`
        : 'no active override applies',
      numbers: { active: active.length, applied: used.size },
      children: children.map((c) => ({ ...c, status: c.status === 'pass' ? 'pass' : 'skip' })),
    },
  };
}
