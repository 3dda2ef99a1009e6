/**
 * Turns ajv errors into problems people can act on: `file:line:col: /pointer: expected …, found …`,
 * `unknown field "colour" (allowed: …)`. Positions come from the document's Locate; an unknown field
 * points at its key.
 */
import type { ErrorObject } from 'ajv';
import type { Problem } from '../core/errors.js';
import { escapeToken } from '../core/pointer.js';
import type { Locate } from '../core/documents.js';

type Pos = { line: number; col: number };

const TYPE_NAMES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

/** A short rendering of the offending value. */
export function found(data: unknown): string {
  if (data === undefined) return 'nothing';
  if (data === null) return 'null';
  if (Array.isArray(data)) return 'a list';
  if (typeof data === 'object') return 'a mapping';
  if (typeof data === 'string') {
    const s = JSON.stringify(data);
    return s.length > 62 ? `${s.slice(0, 58)}…"` : s;
  }
  return String(data);
}

/** Position of `pointer`, or of its nearest located ancestor; line 1 col 1 as a last resort. */
export function positionOf(locate: Locate, pointer: string, atKey = false): Pos {
  let p = pointer;
  for (;;) {
    const hit = atKey && p === pointer && locate.key ? locate.key(p) : locate(p);
    if (hit) return hit;
    if (p === '') return { line: 1, col: 1 };
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

function describe(err: ErrorObject): string | undefined {
  const d = (err.parentSchema as { description?: unknown } | undefined)?.description;
  return typeof d === 'string' ? d : undefined;
}

function typeText(t: unknown): string {
  const names = (Array.isArray(t) ? t : String(t).split(',')).map((x) => TYPE_NAMES[String(x)] ?? String(x));
  return names.join(' or ');
}

function messageFor(err: ErrorObject): { pointer: string; message: string; atKey: boolean } {
  const p = err.params as Record<string, unknown>;
  const desc = describe(err);
  const was = found(err.data);
  const pointer = err.instancePath;
  switch (err.keyword) {
    case 'additionalProperties': {
      const field = String(p.additionalProperty);
      const props = (err.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
      const allowed = props ? Object.keys(props) : [];
      return {
        pointer: `${pointer}/${escapeToken(field)}`,
        message: `unknown field "${field}" (allowed: ${allowed.length > 0 ? allowed.join(', ') : 'none'})`,
        atKey: true,
      };
    }
    case 'required':
      return { pointer, message: `missing required field "${String(p.missingProperty)}"`, atKey: false };
    case 'type':
      return { pointer, message: `expected ${desc ?? typeText(p.type)}, found ${was}`, atKey: false };
    case 'enum': {
      const values = (p.allowedValues as unknown[]).map((v) => String(v)).join(', ');
      return { pointer, message: `expected one of ${values}, found ${was}`, atKey: false };
    }
    case 'const':
      return { pointer, message: `expected ${JSON.stringify(p.allowedValue)}, found ${was}`, atKey: false };
    case 'minLength':
      return {
        pointer,
        message: p.limit === 1 ? 'must not be empty' : `expected at least ${String(p.limit)} characters`,
        atKey: false,
      };
    case 'minItems':
      return {
        pointer,
        message: `expected at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}, found ${Array.isArray(err.data) ? err.data.length : 0}`,
        atKey: false,
      };
    case 'uniqueItems':
      return {
        pointer,
        message: `items ${String(p.j)} and ${String(p.i)} are the same; list each value once`,
        atKey: false,
      };
    default:
      if (desc) return { pointer, message: `expected ${desc}, found ${was}`, atKey: false };
      return { pointer, message: `${err.message ?? 'is invalid'}, found ${was}`, atKey: false };
  }
}

/** Readable, located, de-duplicated problems from ajv errors, in file order. */
export function problemsFromAjv(errors: readonly ErrorObject[], file: string, locate: Locate): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const err of errors) {
    const { pointer, message, atKey } = messageFor(err);
    const k = `${pointer}\u0000${message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ file, ...positionOf(locate, pointer, atKey), pointer, message });
  }
  return sortProblems(out);
}

export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.col ?? 0) - (b.col ?? 0),
  );
}
