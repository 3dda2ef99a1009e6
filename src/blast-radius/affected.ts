/**
 * What a change touches (seed 000 Part 3; DESIGN §3): affected = distinct resources created, updated
 * or deleted, grouped by service and by region, with the totals each percentage is taken of.
 * A resource counts in its region before and after the change, so a move between regions touches both.
 */
import type { AffectedSet, GovernedState, Json, Op, StateTotals } from '../core/state-types.js';

export type { AffectedSet, StateTotals };

function isObject(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function own<T>(rec: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}

function serviceOfKey(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? key : key.slice(0, slash);
}

function bump(map: Map<string, number>, k: string, by = 1): void {
  map.set(k, (map.get(k) ?? 0) + by);
}

export function stateTotals(base: GovernedState): StateTotals {
  const services: Record<string, number> = Object.create(null) as Record<string, number>;
  const regions: Record<string, number> = Object.create(null) as Record<string, number>;
  let total = 0;
  const resources = base.resources;
  for (const key in resources) {
    const r = resources[key];
    if (r === undefined) continue;
    total += 1;
    const svc = r.service ?? serviceOfKey(key);
    services[svc] = (services[svc] ?? 0) + 1;
    if (typeof r.region === 'string') regions[r.region] = (regions[r.region] ?? 0) + 1;
  }
  return { total, services, regions };
}

export function computeAffected(ops: readonly Op[], base: GovernedState, given?: StateTotals): AffectedSet {
  const services = new Map<string, Set<string>>();
  const regions = new Map<string, Set<string>>();
  const keys = new Set<string>();
  const created = new Map<string, { service: string; region?: string }>();
  const add = (map: Map<string, Set<string>>, name: string, key: string): void => {
    let set = map.get(name);
    if (!set) map.set(name, (set = new Set()));
    set.add(key);
  };
  for (const op of ops) {
    keys.add(op.key);
    const prior = own(base.resources, op.key);
    const after = op.op === 'create' && op.path === '' && isObject(op.after) ? op.after : undefined;
    const svc = prior?.service ?? (typeof after?.service === 'string' ? after.service : serviceOfKey(op.key));
    add(services, svc, op.key);
    const afterRegion = typeof after?.region === 'string' ? after.region : undefined;
    if (typeof prior?.region === 'string') add(regions, prior.region, op.key);
    if (afterRegion) add(regions, afterRegion, op.key);
    if (op.op === 'update' && op.path === '/region') {
      if (typeof op.before === 'string') add(regions, op.before, op.key);
      if (typeof op.after === 'string') add(regions, op.after, op.key);
    }
    if (!prior && op.op === 'create')
      created.set(op.key, { service: svc, ...(afterRegion ? { region: afterRegion } : {}) });
  }
  const totals = given ?? stateTotals(base);
  let total = totals.total;
  const serviceTotals = new Map<string, number>();
  const regionTotals = new Map<string, number>();
  for (const svc of services.keys()) serviceTotals.set(svc, own(totals.services, svc) ?? 0);
  for (const region of regions.keys()) regionTotals.set(region, own(totals.regions, region) ?? 0);
  for (const c of created.values()) {
    total += 1;
    bump(serviceTotals, c.service);
    if (c.region) bump(regionTotals, c.region);
  }
  const counts = (m: Map<string, Set<string>>): Map<string, number> =>
    new Map([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, v.size]));
  return {
    keys: [...keys].sort(),
    byService: counts(services),
    byRegion: counts(regions),
    total,
    serviceTotals,
    regionTotals,
  };
}
