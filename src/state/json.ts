/**
 * Small, allocation-light helpers over plain JSON values. Equality here is the equality of JCS bytes
 * (RFC 8785): same key sets, equal values, numbers compared by value. It is computed structurally so
 * replay does not serialise every value it checks.
 */
import type { Json } from '../core/state-types.js';

export type JsonObject = { [k: string]: Json };

/** A JSON object (not an array, not null). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own-property read: never reaches the prototype (a field may be named `__proto__` or `constructor`). */
export function getOwn(obj: JsonObject, k: string): Json | undefined {
  return Object.prototype.hasOwnProperty.call(obj, k) ? obj[k] : undefined;
}

export function hasOwn(obj: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, k);
}

/** Own-property write that stays a data property even for `__proto__`. */
export function setOwn(obj: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__')
    Object.defineProperty(obj, k, { value: v, writable: true, enumerable: true, configurable: true });
  else obj[k] = v;
}

/** Deep equality with the meaning of `jcs(a) === jcs(b)`. */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!hasOwn(b, k)) return false;
    if (!jsonEqual(a[k], b[k])) return false;
  }
  return true;
}

/** A deep copy of a JSON value (faster than structuredClone for small values; keeps `__proto__` keys). */
export function cloneJson<T extends Json | undefined>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => cloneJson(x)) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) setOwn(out, k, cloneJson((v as JsonObject)[k]));
  return out as T;
}

/** Code-unit order (UTF-16), the order JCS sorts keys in: deterministic and locale-free. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
