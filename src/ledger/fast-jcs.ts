/**
 * RFC 8785 JCS for plain JSON data, byte-identical to `jcs` (src/canonical/jcs.ts, canonicalize@4) and
 * several times faster on large values: `verify` canonicalises the whole replayed state at every
 * snapshot entry. Anything outside plain JSON data (lone surrogates, toJSON, non-finite numbers, cycles)
 * is handed to `jcs`, so the result — or the error — is always exactly `jcs`'s.
 */
import { jcs } from '../core/jcs.js';

const SURROGATE = /[\ud800-\udfff]/;

class NotPlain extends Error {}

// Quoted forms of the short strings met again and again (keys such as "capacity", values such as
// "us-east-1"): checked and quoted once. Bounded: emptied when it grows large.
const quoted = new Map<string, string>();

function quote(v: string): string {
  let q = quoted.get(v);
  if (q === undefined) {
    // JSON.stringify is RFC 8785 §3.2.2.2 for well-formed strings; surrogates go the slow way.
    if (SURROGATE.test(v)) throw new NotPlain();
    q = JSON.stringify(v);
    if (v.length <= 64) {
      if (quoted.size >= 8192) quoted.clear();
      quoted.set(v, q);
    }
  }
  return q;
}

function walk(v: unknown, depth: number): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return quote(v);
    case 'number':
      // RFC 8785 §3.2.2.3: ES Number::toString, which JSON.stringify uses (and -0 prints as 0).
      if (!Number.isFinite(v)) throw new NotPlain();
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (depth > 512 || typeof (v as { toJSON?: unknown }).toJSON === 'function') throw new NotPlain();
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) {
          const x: unknown = v[i];
          if (i > 0) out += ',';
          out += x === undefined || typeof x === 'symbol' ? 'null' : walk(x, depth + 1);
        }
        return `${out}]`;
      }
      // RFC 8785 §3.2.3: properties sorted by UTF-16 code units (the default sort).
      const keys = Object.keys(v).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const x: unknown = (v as Record<string, unknown>)[k];
        if (x === undefined || typeof x === 'symbol') continue;
        out += `${first ? '' : ','}${quote(k)}:${walk(x, depth + 1)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new NotPlain();
  }
}

export function fastJcs(value: unknown): string {
  try {
    return walk(value, 0);
  } catch (err) {
    if (err instanceof NotPlain || err instanceof RangeError) return jcs(value);
    throw err;
  }
}
