/**
 * Desired state from the `state/**` documents (DESIGN §2.1). Pure: the documents arrive parsed and
 * schema-checked (src/repo/load-state.ts); this turns them into keyed resources and refuses what the
 * ledger cannot carry.
 */
import { badInput, type Problem } from '../core/errors.js';
import type { StateDocFile } from '../core/documents.js';
import { compareCodeUnits, setOwn } from './json.js';
import { escapeToken } from '../core/pointer.js';
import type { GovernedState, Json, Resource, ResourceOrigin } from '../core/state-types.js';

export interface BuiltState {
  state: GovernedState;
  origins: Map<string, ResourceOrigin>;
}

/** `<service>/<id>` (DESIGN §2.1). */
export function resourceKey(service: string, id: string): string {
  return `${service}/${id}`;
}

/**
 * Resources keyed `<service>/<id>`, with the file-level `service`/`region` defaults applied (a value on
 * the resource wins). Every problem in every document is reported at once, each with file:line:col:
 * a duplicate key (naming both places), a resource without a service, and any number that is not an
 * integer (DESIGN §4: the ledger carries integers only). Kill switches start empty: their state comes
 * from the ledger.
 */
export function buildState(docs: readonly StateDocFile[]): BuiltState {
  const problems: Problem[] = [];
  const found = new Map<string, { value: Resource; origin: ResourceOrigin; col?: number }>();
  // Files in code-unit order so messages (which duplicate is "second") do not depend on listing order.
  const ordered = [...docs].sort((a, b) => compareCodeUnits(a.file, b.file));

  for (const doc of ordered) {
    const at = (pointer: string): Pick<Problem, 'file' | 'line' | 'col' | 'pointer'> => {
      const pos = locateNearest(doc, pointer);
      return { file: doc.file, ...(pos ? { line: pos.line, col: pos.col } : {}), pointer };
    };
    const resources = Array.isArray(doc.value.resources) ? doc.value.resources : [];
    resources.forEach((raw, i) => {
      const base = `/resources/${i}`;
      const id = raw.id;
      const service = raw.service ?? doc.value.service;
      const region = raw.region ?? doc.value.region;
      if (typeof id !== 'string' || id === '') {
        problems.push({ ...at(`${base}/id`), message: 'a resource needs an `id` (a non-empty string)' });
        return;
      }
      if (typeof service !== 'string' || service === '') {
        problems.push({
          ...at(base),
          message: `resource "${id}" has no service: set \`service:\` on the resource or at the top of the file`,
        });
        return;
      }
      if (region !== undefined && typeof region !== 'string') {
        problems.push({ ...at(`${base}/region`), message: 'region must be a string' });
        return;
      }

      const value: Record<string, unknown> = { service, id };
      if (region !== undefined) value.region = region;
      let clean = true;
      for (const field of Object.keys(raw)) {
        if (field === 'id' || field === 'service' || field === 'region') continue;
        const copied = copyIntegers(raw[field], `${base}/${escapeToken(field)}`, (pointer, message) => {
          clean = false;
          problems.push({ ...at(pointer), message });
        });
        setOwn(value, field, copied);
      }
      if (!clean) return;

      const key = resourceKey(service, id);
      const pos = locateNearest(doc, base);
      const first = found.get(key);
      if (first) {
        const where = `${first.origin.file}${first.origin.line !== undefined ? `:${first.origin.line}` : ''}${first.col !== undefined ? `:${first.col}` : ''}`;
        problems.push({
          ...at(base),
          message: `duplicate resource ${key}: already defined at ${where} (ids are unique within a service)`,
        });
        return;
      }
      found.set(key, {
        value: value as Resource,
        origin: { key, file: doc.file, ...(pos ? { line: pos.line } : {}) },
        ...(pos ? { col: pos.col } : {}),
      });
    });
  }

  if (problems.length > 0) throw badInput(problems);

  const resources: Record<string, Resource> = {};
  const origins = new Map<string, ResourceOrigin>();
  for (const key of [...found.keys()].sort(compareCodeUnits)) {
    const entry = found.get(key)!;
    setOwn(resources, key, entry.value);
    origins.set(key, entry.origin);
  }
  return { state: { resources, switches: {} }, origins };
}

/** The position of `pointer`, or of its nearest ancestor the document can locate. */
function locateNearest(doc: StateDocFile, pointer: string): { line: number; col: number } | undefined {
  let p = pointer;
  for (;;) {
    const pos = doc.locate(p);
    if (pos) return pos;
    if (p === '') return undefined;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

/**
 * A deep copy of a parsed YAML value as JSON, reporting every value the ledger cannot carry: numbers
 * that are not safe integers (floats, NaN, ±Infinity, beyond 2^53) and anything that is not JSON.
 */
function copyIntegers(v: unknown, pointer: string, report: (pointer: string, message: string) => void): Json {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v))
      report(
        pointer,
        `${String(v)} is not an integer: the ledger carries integers only (DESIGN §4); use an integer in smaller units (e.g. basis points, milliseconds) or a string`,
      );
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => copyIntegers(x, `${pointer}/${i}`, report));
  const proto: unknown = typeof v === 'object' ? Object.getPrototypeOf(v) : undefined;
  if (typeof v === 'object' && (proto === Object.prototype || proto === null)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v))
      setOwn(out, k, copyIntegers((v as Record<string, unknown>)[k], `${pointer}/${escapeToken(k)}`, report));
    return out as Json;
  }
  report(pointer, `a ${v instanceof Date ? 'date' : typeof v} is not a JSON value: quote it as a string`);
  return null;
}
