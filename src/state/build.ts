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
  /**
   * Built with `from`: the only keys whose resource may differ from `from`'s (every other is the same
   * object). Absent after a whole build.
   */
  editedKeys?: readonly string[];
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
export function buildState(docs: readonly StateDocFile[], opts: { from?: BuiltState } = {}): BuiltState {
  // Files in code-unit order so messages (which duplicate is "second") do not depend on listing order.
  const ordered = [...docs].sort((a, b) => compareCodeUnits(a.file, b.file));
  const built = (opts.from && buildFrom(opts.from, ordered)) ?? buildAll(ordered);
  docsOf.set(built, ordered);
  return built;
}

/** The documents each state was built from, in file order (for buildFrom). */
const docsOf = new WeakMap<BuiltState, readonly StateDocFile[]>();

/**
 * Issue 14, cost follows the change: `ordered` built as an edit of `from`, when it is one — the same files,
 * and every document that differs holds resources with the same keys in the same order and no problem. Then
 * no key can be new or duplicated, the key order is `from`'s, and only the changed documents' resources are
 * set. Anything else (a file added or removed, a resource added, moved or broken) returns undefined, and
 * the whole build runs, with its messages. Equal to buildAll: test/unit/state/build-from.test.ts.
 */
function buildFrom(from: BuiltState, ordered: readonly StateDocFile[]): BuiltState | undefined {
  const before = docsOf.get(from);
  if (!before || before.length !== ordered.length) return undefined;
  const edits: DocEntry[][] = [];
  for (let i = 0; i < ordered.length; i++) {
    const doc = ordered[i]!;
    const old = before[i]!;
    if (doc === old) continue;
    if (doc.file !== old.file) return undefined;
    const items = docItems(doc);
    const oldItems = docItems(old);
    if (items.length !== oldItems.length) return undefined;
    for (let j = 0; j < items.length; j++) {
      const a = items[j]!;
      const b = oldItems[j]!;
      if (!('key' in a) || !('key' in b) || a.key !== b.key) return undefined;
    }
    edits.push(items as DocEntry[]);
  }
  if (edits.length === 0) return { state: from.state, origins: from.origins, editedKeys: [] };
  // Keys are `<service>/<id>`, never `__proto__` nor an array index, so a copy keeps them and their order.
  const resources: Record<string, Resource> = Object.assign({}, from.state.resources);
  const origins = new Map(from.origins);
  const editedKeys: string[] = [];
  for (const items of edits)
    for (const e of items) {
      setOwn(resources, e.key, e.value);
      origins.set(e.key, e.origin);
      editedKeys.push(e.key);
    }
  return { state: { resources, switches: {} }, origins, editedKeys };
}

function buildAll(ordered: readonly StateDocFile[]): BuiltState {
  const problems: Problem[] = [];
  const found = new Map<string, DocEntry>();

  for (const doc of ordered) {
    for (const item of docItems(doc)) {
      if (!('key' in item)) {
        problems.push(item);
        continue;
      }
      const first = found.get(item.key);
      if (first) {
        const where = `${first.origin.file}${first.origin.line !== undefined ? `:${first.origin.line}` : ''}${first.col !== undefined ? `:${first.col}` : ''}`;
        problems.push({
          ...at(doc, `/resources/${item.index}`),
          message: `duplicate resource ${item.key}: already defined at ${where} (ids are unique within a service)`,
        });
        continue;
      }
      found.set(item.key, item);
    }
  }

  if (problems.length > 0) throw badInput(problems);

  const resources: Record<string, Resource> = {};
  const origins = new Map<string, ResourceOrigin>();
  // The default sort compares UTF-16 code units, as compareCodeUnits does.
  for (const key of [...found.keys()].sort()) {
    const entry = found.get(key)!;
    setOwn(resources, key, entry.value);
    origins.set(key, entry.origin);
  }
  return { state: { resources, switches: {} }, origins };
}

/** One resource of a document, keyed, with where it is (`at`: for a duplicate's message). */
interface DocEntry {
  key: string;
  value: Resource;
  origin: ResourceOrigin;
  col?: number;
  /** Its index in the document's `resources`. */
  index: number;
}

/**
 * A document's resources and problems in document order. Issue 14: a parsed document is immutable and the
 * state loader hands the same object for the same blob (base, merge-base and head share unchanged files), so
 * its items are built once; the resources of unchanged files are then the same objects on both sides, and the
 * diff skips them by identity. They are frozen, so a change in place throws instead of reaching the other side;
 * replay copies a state before it applies ops (src/state/replay.ts).
 */
const itemsByDoc = new WeakMap<StateDocFile, readonly (DocEntry | Problem)[]>();

function docItems(doc: StateDocFile): readonly (DocEntry | Problem)[] {
  const known = itemsByDoc.get(doc);
  if (known) return known;
  const items: (DocEntry | Problem)[] = [];
  const resources = Array.isArray(doc.value.resources) ? doc.value.resources : [];
  resources.forEach((raw, i) => {
    const base = `/resources/${i}`;
    const id = raw.id;
    const service = raw.service ?? doc.value.service;
    const region = raw.region ?? doc.value.region;
    if (typeof id !== 'string' || id === '') {
      items.push({ ...at(doc, `${base}/id`), message: 'a resource needs an `id` (a non-empty string)' });
      return;
    }
    if (typeof service !== 'string' || service === '') {
      items.push({
        ...at(doc, base),
        message: `resource "${id}" has no service: set \`service:\` on the resource or at the top of the file`,
      });
      return;
    }
    if (region !== undefined && typeof region !== 'string') {
      items.push({ ...at(doc, `${base}/region`), message: 'region must be a string' });
      return;
    }

    const value: Record<string, unknown> = { service, id };
    if (region !== undefined) value.region = region;
    let clean = true;
    for (const field of Object.keys(raw)) {
      if (field === 'id' || field === 'service' || field === 'region') continue;
      const v = raw[field];
      // A value the ledger can carry as it is (plain JSON, integers only) is used as parsed: the document is
      // never changed. Anything else is copied, and every problem in it reported.
      const copied = isLedgerJson(v)
        ? v
        : copyIntegers(v, `${base}/${escapeToken(field)}`, (pointer, message) => {
            clean = false;
            items.push({ ...at(doc, pointer), message });
          });
      setOwn(value, field, copied);
    }
    if (!clean) return;

    const key = resourceKey(service, id);
    const pos = locateNearest(doc, base);
    items.push({
      key,
      value: deepFreeze(value) as Resource,
      origin: { key, file: doc.file, ...(pos ? { line: pos.line } : {}) },
      ...(pos ? { col: pos.col } : {}),
      index: i,
    });
  });
  itemsByDoc.set(doc, items);
  return items;
}

/** Where `pointer` is in `doc`, for a problem. */
function at(doc: StateDocFile, pointer: string): Pick<Problem, 'file' | 'line' | 'col' | 'pointer'> {
  const pos = locateNearest(doc, pointer);
  return { file: doc.file, ...(pos ? { line: pos.line, col: pos.col } : {}), pointer };
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

/** `v`, frozen to the leaves: a built resource is shared (see itemsByDoc), so changing one in place throws. */
function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** Whether `v` is JSON the ledger carries unchanged: safe integers only, plain arrays and objects. */
function isLedgerJson(v: unknown): v is Json {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isSafeInteger(v);
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) return false;
    for (let i = 0; i < v.length; i++) if (!(i in v) || !isLedgerJson(v[i])) return false;
    return true;
  }
  if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const k of Object.keys(v))
    if (k === '__proto__' || !isLedgerJson((v as Record<string, unknown>)[k])) return false;
  return true;
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
