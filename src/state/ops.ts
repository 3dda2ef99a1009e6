/**
 * Canonical ops (DESIGN §2.1): the semantic diff of two resource maps, its strict application, its
 * exact inverse, and what it touches.
 *
 * Ordering: ops are sorted by `key`, then by `path`, both compared by UTF-16 code units (plain `<` on
 * strings, the order JCS uses for object keys; locale-free). Each key has either one create/delete op
 * (path "") or update ops on disjoint leaf paths, so the order is total and the same diff always gives
 * the same ops, byte for byte.
 *
 * Leaves: plain objects are recursed into; arrays and scalars are atomic values. A field present on
 * one side only gives an update whose `before` (or `after`) is absent — the field is omitted, never null.
 */
import { conflict } from '../core/errors.js';
import { jcs } from '../core/jcs.js';
import {
  cloneJson,
  compareCodeUnits,
  getOwn,
  hasOwn,
  isJsonObject,
  jsonEqual,
  setOwn,
  type JsonObject,
} from './json.js';
import { formatPointer, parsePointer } from '../core/pointer.js';
import type { AffectedSummary, GovernedState, Json, Op, Resource } from '../core/state-types.js';

// ---------------------------------------------------------------------------------------------------
// diff

/**
 * The canonical ops that turn `before` into `after`. Values in the ops are copies. `only`: the keys that may
 * differ, when the caller knows every other key holds the same object on both sides (BuiltState.editedKeys).
 */
export function diffResources(
  before: Record<string, Resource>,
  after: Record<string, Resource>,
  only?: readonly string[],
): Op[] {
  const keys = new Set<string>();
  if (only) for (const k of only) keys.add(k);
  else {
    for (const k of Object.keys(before)) if (before[k] !== undefined) keys.add(k);
    for (const k of Object.keys(after)) if (after[k] !== undefined) keys.add(k);
  }
  const ops: Op[] = [];
  for (const key of [...keys].sort(compareCodeUnits)) {
    const b = hasOwn(before, key) ? before[key] : undefined;
    const a = hasOwn(after, key) ? after[key] : undefined;
    // The same object on both sides (an unchanged file's resource, src/state/build.ts) has no ops.
    if (a === b) continue;
    if (b !== undefined && a === undefined)
      ops.push({ op: 'delete', key, path: '', before: cloneJson(b as Json) });
    else if (b === undefined && a !== undefined)
      ops.push({ op: 'create', key, path: '', after: cloneJson(a as Json) });
    else if (b !== undefined && a !== undefined) {
      const updates: Op[] = [];
      diffValue(key, b as JsonObject, a as JsonObject, [], updates);
      updates.sort((x, y) => compareCodeUnits(x.path, y.path));
      ops.push(...updates);
    }
  }
  return ops;
}

function diffValue(key: string, b: Json, a: Json, tokens: string[], out: Op[]): void {
  if (isJsonObject(b) && isJsonObject(a)) {
    const fields = new Set([...Object.keys(b), ...Object.keys(a)]);
    for (const f of fields) {
      const vb = getOwn(b, f);
      const va = getOwn(a, f);
      if (vb === undefined && va === undefined) continue;
      tokens.push(f);
      if (vb !== undefined && va !== undefined) diffValue(key, vb, va, tokens, out);
      else {
        const op: Op = { op: 'update', key, path: formatPointer(tokens) };
        if (vb !== undefined) op.before = cloneJson(vb);
        if (va !== undefined) op.after = cloneJson(va);
        out.push(op);
      }
      tokens.pop();
    }
    return;
  }
  if (!jsonEqual(b, a))
    out.push({ op: 'update', key, path: formatPointer(tokens), before: cloneJson(b), after: cloneJson(a) });
}

// ---------------------------------------------------------------------------------------------------
// apply

/** A deep copy of a state (resources and switches). */
export function cloneState(s: GovernedState): GovernedState {
  const resources: Record<string, Resource> = {};
  for (const k of Object.keys(s.resources)) setOwn(resources, k, cloneJson(s.resources[k] as Json));
  const switches: GovernedState['switches'] = {};
  for (const k of Object.keys(s.switches)) setOwn(switches, k, { ...s.switches[k]! });
  return { resources, switches };
}

/** `state` with `ops` applied, as a new state; the input is untouched. Strict: see applyOpsInPlace. */
export function applyOps(state: GovernedState, ops: readonly Op[]): GovernedState {
  const next = cloneState(state);
  applyOpsInPlace(next, ops);
  return next;
}

/**
 * Applies `ops` to `state` in place (the replay loop's variant: cost proportional to the ops, not the
 * state). Strict (DESIGN §4, every op carries its `before`): a create of an existing key, a delete or
 * update of a missing key, or a `before` that is not the current value (JCS equality) throws
 * `conflict` naming the op. All or nothing: on a conflict the ops already applied are undone by their
 * exact inverses before the error is thrown, so `state` is as it was.
 */
export function applyOpsInPlace(state: GovernedState, ops: readonly Op[]): void {
  let i = 0;
  try {
    for (; i < ops.length; i++) applyOne(state, ops[i]!, i);
  } catch (err) {
    for (let j = i - 1; j >= 0; j--) applyOne(state, invertOp(ops[j]!), j);
    throw err;
  }
}

function applyOne(state: GovernedState, op: Op, index: number): void {
  const resources = state.resources as Record<string, Json>;
  if (typeof op !== 'object' || op === null || typeof op.key !== 'string' || typeof op.path !== 'string')
    return opFail(op, index, 'an op needs a string key and path');
  const current = hasOwn(resources, op.key) ? resources[op.key] : undefined;

  switch (op.op) {
    case 'create': {
      if (op.path !== '') return opFail(op, index, 'a create has path ""');
      if (op.before !== undefined) return opFail(op, index, 'a create has no before value');
      if (!isJsonObject(op.after)) return opFail(op, index, 'a create carries the whole resource as after');
      if (`${String(op.after.service)}/${String(op.after.id)}` !== op.key)
        return opFail(op, index, `the resource's service/id is not its key`);
      if (current !== undefined) return opFail(op, index, `${op.key} already exists`);
      setOwn(resources, op.key, cloneJson(op.after));
      return;
    }
    case 'delete': {
      if (op.path !== '') return opFail(op, index, 'a delete has path ""');
      if (op.after !== undefined) return opFail(op, index, 'a delete has no after value');
      if (current === undefined) return opFail(op, index, `${op.key} does not exist`);
      if (!jsonEqual(current, op.before))
        return opFail(op, index, `before is not the current value ${show(current)}`);
      delete resources[op.key];
      return;
    }
    case 'update': {
      if (op.before === undefined && op.after === undefined)
        return opFail(op, index, 'an update has a before or an after');
      let tokens: readonly string[];
      try {
        tokens = pointerTokens(op.path);
      } catch (e) {
        return opFail(op, index, (e as Error).message);
      }
      const field = tokens[tokens.length - 1];
      if (field === undefined) return opFail(op, index, 'an update names a path inside the resource');
      if (tokens.length === 1 && (field === 'service' || field === 'id'))
        return opFail(op, index, 'service and id make the key; change them with a delete and a create');
      if (current === undefined) return opFail(op, index, `${op.key} does not exist`);
      let parent: Json = current;
      for (let t = 0; t < tokens.length - 1; t++) {
        const child: Json | undefined = isJsonObject(parent) ? getOwn(parent, tokens[t]!) : undefined;
        if (!isJsonObject(child))
          return opFail(op, index, `${formatPointer(tokens.slice(0, t + 1))} is not an object`);
        parent = child;
      }
      if (!isJsonObject(parent)) return opFail(op, index, 'the parent of the path is not an object');
      const value = getOwn(parent, field);
      if (!jsonEqual(value, op.before))
        return opFail(
          op,
          index,
          value === undefined
            ? 'before expects a value that is absent'
            : `before is not the current value ${show(value)}`,
        );
      if (op.after === undefined) delete parent[field];
      else setOwn(parent, field, cloneJson(op.after));
      return;
    }
    default:
      return opFail(op, index, `unknown op "${String((op as { op: unknown }).op)}"`);
  }
}

// Replay sees the same few paths over and over (`/spec/capacity`): their tokens are parsed once. The
// arrays are shared, so they are never modified; the cache is emptied when it grows large.
const pointerCache = new Map<string, readonly string[]>();

function pointerTokens(path: string): readonly string[] {
  let tokens = pointerCache.get(path);
  if (tokens === undefined) {
    tokens = parsePointer(path);
    if (pointerCache.size >= 4096) pointerCache.clear();
    pointerCache.set(path, tokens);
  }
  return tokens;
}

// A plain function, not a closure per op: the replay loop calls applyOne a million times.
function opFail(op: Op, index: number, why: string): never {
  throw conflict(`op ${index} (${describeOp(op)}) does not apply: ${why}`);
}

/** `update park-ticketing/gate-a /spec/capacity`, for messages. */
export function describeOp(op: Op): string {
  if (typeof op !== 'object' || op === null) return String(op);
  return `${String(op.op)} ${String(op.key)}${op.path ? ` ${op.path}` : ''}`;
}

/** A JSON value for people, shortened to one line. */
export function show(v: Json | undefined, max = 80): string {
  if (v === undefined) return '(absent)';
  const s = jcs(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

// ---------------------------------------------------------------------------------------------------
// inverse

/** One op's exact inverse: create↔delete, before↔after (an absent side stays absent). */
export function invertOp(op: Op): Op {
  const kind: Op['op'] = op.op === 'create' ? 'delete' : op.op === 'delete' ? 'create' : 'update';
  const out: Op = { op: kind, key: op.key, path: op.path };
  if (op.after !== undefined) out.before = op.after;
  if (op.before !== undefined) out.after = op.before;
  return out;
}

/** The exact inverse of a list of ops (seed 000 Part 2, backward rollback): reversed, each inverted. */
export function invertOps(ops: readonly Op[]): Op[] {
  const out: Op[] = new Array<Op>(ops.length);
  for (let i = 0; i < ops.length; i++) out[ops.length - 1 - i] = invertOp(ops[i]!);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// affected

/**
 * What the ops touch (DESIGN §3 blast radius: resources created, updated or deleted): distinct keys,
 * services and regions, each sorted. A resource counts in its region before and after the ops, so a
 * move from one region to another touches both.
 */
export function affected(ops: readonly Op[], before: GovernedState): AffectedSummary {
  const keys = new Set<string>();
  const services = new Set<string>();
  const regions = new Set<string>();
  for (const op of ops) {
    keys.add(op.key);
    const prior = hasOwn(before.resources, op.key) ? before.resources[op.key] : undefined;
    const created = op.op === 'create' && isJsonObject(op.after) ? op.after : undefined;
    const service = prior?.service ?? created?.service;
    services.add(typeof service === 'string' ? service : op.key.slice(0, op.key.indexOf('/')));
    for (const r of [prior?.region, created?.region]) if (typeof r === 'string') regions.add(r);
    if (op.op === 'update' && op.path === '/region') {
      if (typeof op.before === 'string') regions.add(op.before);
      if (typeof op.after === 'string') regions.add(op.after);
    }
  }
  const sorted = (s: Set<string>): string[] => [...s].sort(compareCodeUnits);
  return { keys: sorted(keys), services: sorted(services), regions: sorted(regions) };
}
