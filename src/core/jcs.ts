import { createHash } from 'node:crypto';
import canonicalizeImport from 'canonicalize';
import { internalError } from './errors.js';

// canonicalize@4 ships CommonJS with a default export; normalise the interop shape once.
const canonicalizeFn = ((canonicalizeImport as unknown as { default?: unknown }).default ??
  canonicalizeImport) as (value: unknown) => string | undefined;

/** RFC 8785 JSON Canonicalization Scheme. Throws on values JSON cannot carry. */
export function jcs(value: unknown): string {
  const out = canonicalizeFn(value);
  if (out === undefined) throw internalError('value has no JSON form (undefined or a function)');
  return out;
}

export function jcsBytes(value: unknown): Buffer {
  return Buffer.from(jcs(value), 'utf8');
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `sha256:<hex>` as used for digests and hashes throughout the formats (DESIGN §2.2, §4). */
export function sha256Tagged(data: string | Uint8Array): string {
  return `sha256:${sha256Hex(data)}`;
}

/** A copy of `doc` without its `signature` field: the bytes every signature covers (DESIGN §2.4). */
export function withoutSignature<T extends Record<string, unknown>>(doc: T): Omit<T, 'signature'> {
  const { signature: _signature, ...rest } = doc;
  return rest;
}

/** DESIGN §2.4: signed bytes are JCS(document without its "signature" field), UTF-8. */
export function signedBytes(doc: Record<string, unknown>): Buffer {
  return jcsBytes(withoutSignature(doc));
}
