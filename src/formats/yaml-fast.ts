/**
 * A fast reader for the plain block YAML that state files are written in (issue 14: the cost of a check follows
 * the change, not the repository). It reads a strict subset and gives up (undefined) on anything else, so the
 * caller falls back to the positional parser (yaml.ts), which then reports what is wrong with file:line:col.
 *
 * Whatever it accepts, parseYaml accepts too and reads to the same value (test/unit/formats/yaml-fast.test.ts
 * compares the two): ASCII text only (no tab, CR, BOM, NEL/LS/PS), no document markers or directives, no flow
 * collections, block scalars, anchors, aliases, tags, complex or quoted keys, escapes or multi-line scalars.
 * It gives up as well on everything parseYaml refuses: duplicate keys, the merge key, YAML 1.1 hazards (with
 * `yaml11`), numbers that are not safe integers, and deep nesting. Plain scalars resolve by the YAML 1.2 core
 * schema; any float, hex, octal, infinity or NaN form gives up rather than be resolved here.
 */
import { DEFAULT_MAX_DEPTH, yaml11Hazard } from './yaml-hazards.js';

export interface FastYaml {
  value: unknown;
  /** 1-based line and column of the items of sequences at the root or one level down (`/resources/3`). */
  itemPos: (pointer: string) => { line: number; col: number } | undefined;
}

export interface FastYamlOptions {
  yaml11?: boolean;
  maxDepth?: number;
}

class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

// Outside the subset anywhere in the text: anything but printable ASCII and LF.
const OUTSIDE = /[^\x20-\x7e\n]/;
const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// YAML 1.2 core schema (as the yaml package resolves it).
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
const DECIMAL = /^-?(?:0|[1-9][0-9]*)$/;
const OTHER_NUMBER =
  /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
// A plain scalar may not start with an indicator (YAML 1.2 §7.3.3); `-`, `?` and `:` only before a space.
const INDICATOR_START = /^(?:[[\]{},#&*!|>'"%@`]|[-?:](?: |$))/;

/** Positions packed as line × POS + column. */
// An array index in a JSON Pointer (RFC 6901 §4): `0` or digits without a leading zero.
const ITEM_INDEX = /^(?:0|[1-9][0-9]*)$/;
const POS = 2 ** 21;

/**
 * Whether yaml11Hazard can refuse `s`: its patterns are the short booleans (`y`, `no`, `off`, …) and numbers,
 * which start with a sign, a dot or a digit. Everything else skips its dozen regular expressions.
 */
function mayBeHazard(s: string): boolean {
  if (s.length <= 3) return true;
  const c = s.charCodeAt(0);
  return c === 43 || c === 45 || c === 46 || (c >= 48 && c <= 57);
}

interface Line {
  indent: number;
  /** Offset of the first non-space character. */
  start: number;
  end: number;
  /** 1-based line number. */
  no: number;
}

export function parseYamlFast(text: string, opts: FastYamlOptions = {}): FastYaml | undefined {
  if (OUTSIDE.test(text)) return undefined;
  try {
    return new Reader(text, opts).read();
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}

class Reader {
  readonly #text: string;
  readonly #lines: Line[] = [];
  readonly #yaml11: boolean;
  readonly #maxDepth: number;
  /** Item positions of each top-level sequence, by its pointer (`/resources`), in item order. */
  readonly #pos = new Map<string, number[]>();
  #i = 0;

  constructor(text: string, opts: FastYamlOptions) {
    this.#text = text;
    this.#yaml11 = opts.yaml11 === true;
    this.#maxDepth = Math.min(opts.maxDepth ?? DEFAULT_MAX_DEPTH, 32);
    let no = 0;
    for (let s = 0; s < text.length;) {
      let e = text.indexOf('\n', s);
      if (e < 0) e = text.length;
      no++;
      let c = s;
      while (c < e && text.charCodeAt(c) === 32) c++;
      // Blank and comment lines carry nothing; document markers and directives are outside the subset.
      if (c < e && text.charCodeAt(c) !== 35 /* # */) {
        if (c === s && /^(?:---|\.\.\.)(?: |$)|^%/.test(text.slice(s, Math.min(e, s + 4)))) giveUp();
        this.#lines.push({ indent: c - s, start: c, end: e, no });
      }
      s = e + 1;
    }
  }

  read(): FastYaml {
    const first = this.#lines[0];
    if (!first || first.indent !== 0) giveUp();
    const value = this.#node(0, 1, '');
    if (this.#i !== this.#lines.length) giveUp();
    const pos = this.#pos;
    return {
      value,
      itemPos: (pointer) => {
        const slash = pointer.lastIndexOf('/');
        const index = pointer.slice(slash + 1);
        if (slash < 0 || !ITEM_INDEX.test(index)) return undefined;
        const found = pos.get(pointer.slice(0, slash))?.[Number(index)];
        const p = found === undefined || found < 0 ? undefined : found;
        return p === undefined ? undefined : { line: Math.floor(p / POS), col: p % POS };
      },
    };
  }

  /** The block node whose first line is the current one, at column `indent`; `ptr` while items are recorded. */
  #node(indent: number, depth: number, ptr: string | undefined): unknown {
    if (depth > this.#maxDepth) giveUp();
    const line = this.#lines[this.#i]!;
    if (this.#isItem(line)) return this.#seq(indent, depth, ptr);
    return this.#map(indent, depth, ptr);
  }

  #isItem(line: Line): boolean {
    const t = this.#text;
    if (t.charCodeAt(line.start) !== 45 /* - */) return false;
    return line.start + 1 === line.end || t.charCodeAt(line.start + 1) === 32;
  }

  #map(indent: number, depth: number, ptr: string | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const t = this.#text;
    for (;;) {
      const line = this.#lines[this.#i];
      if (!line || line.indent < indent) return out;
      if (line.indent > indent || this.#isItem(line)) giveUp();
      const colon = t.indexOf(':', line.start);
      if (colon < 0 || colon >= line.end) giveUp();
      const key = t.slice(line.start, colon);
      if (
        key.length > 1000 ||
        !KEY.test(key) ||
        NULL.test(key) ||
        TRUE.test(key) ||
        FALSE.test(key) ||
        key === '__proto__'
      )
        giveUp();
      if (this.#yaml11 && mayBeHazard(key) && yaml11Hazard(key) !== undefined) giveUp();
      if (Object.prototype.hasOwnProperty.call(out, key)) giveUp(); // duplicate: parseYaml names both lines
      const after = colon + 1;
      if (after < line.end && t.charCodeAt(after) !== 32) giveUp();
      const sub = ptr !== undefined && ptr === '' ? `/${key}` : undefined;
      this.#i++;
      const rest = this.#rest(after, line.end);
      if (rest !== undefined) {
        out[key] = this.#scalar(rest[0], rest[1]);
        this.#noContinuation(indent);
        continue;
      }
      const next = this.#lines[this.#i];
      if (next && next.indent > indent) out[key] = this.#node(next.indent, depth + 1, sub);
      else if (next && next.indent === indent && this.#isItem(next))
        out[key] = this.#seq(indent, depth + 1, sub);
      else out[key] = null;
    }
  }

  #seq(indent: number, depth: number, ptr: string | undefined): unknown[] {
    const out: unknown[] = [];
    const t = this.#text;
    let items: number[] | undefined;
    if (ptr !== undefined) this.#pos.set(ptr, (items = []));
    for (;;) {
      const line = this.#lines[this.#i];
      if (!line || line.indent < indent) return out;
      if (line.indent > indent || !this.#isItem(line)) return line.indent > indent ? giveUp() : out;
      const rest = this.#rest(line.start + 1, line.end);
      if (rest === undefined) {
        // `-` alone: the item is the block below it, or null.
        this.#i++;
        const next = this.#lines[this.#i];
        if (next && next.indent > indent) {
          items?.push(next.no * POS + next.indent + 1);
          out.push(this.#node(next.indent, depth + 1, undefined));
        } else {
          items?.push(-1); // a null item has no position of its own
          out.push(null);
        }
        continue;
      }
      const [s, e] = rest;
      const col = s - (line.start - line.indent);
      items?.push(line.no * POS + col + 1);
      if (t.charCodeAt(s) === 45 && (s + 1 === e || t.charCodeAt(s + 1) === 32)) giveUp(); // `- - x`
      if (this.#looksLikeKey(s, e)) {
        // `- key: value`: a mapping whose first line starts here, at column `col`.
        line.indent = col;
        line.start = s;
        out.push(this.#map(col, depth + 1, undefined));
        continue;
      }
      this.#i++;
      out.push(this.#scalar(s, e));
      this.#noContinuation(indent);
    }
  }

  /** A plain `key:` then a space or the end of the line: a mapping entry, not a scalar. */
  #looksLikeKey(s: number, e: number): boolean {
    const t = this.#text;
    const colon = indexWithin(t, 58 /* : */, s, e);
    if (colon < 0) return false;
    return colon + 1 === e || t.charCodeAt(colon + 1) === 32;
  }

  /** Bounds of the value after a `:` or `- ` (spaces and a trailing comment trimmed), or undefined if empty. */
  #rest(from: number, end: number): [number, number] | undefined {
    const t = this.#text;
    let s = from;
    while (s < end && t.charCodeAt(s) === 32) s++;
    if (s === end || t.charCodeAt(s) === 35) return undefined;
    return [s, end];
  }

  /** A scalar on one line must not continue on a deeper line (a multi-line scalar, or an error). */
  #noContinuation(indent: number): void {
    const next = this.#lines[this.#i];
    if (next && next.indent > indent) giveUp();
  }

  #scalar(s: number, e: number): unknown {
    const t = this.#text;
    const q = t.charCodeAt(s);
    if (q === 34 /* " */) {
      const close = indexWithin(t, 34, s + 1, e);
      if (close < 0) giveUp();
      const body = t.slice(s + 1, close);
      if (body.includes('\\')) giveUp();
      this.#tail(close + 1, e);
      return body;
    }
    if (q === 39 /* ' */) {
      let out = '';
      let i = s + 1;
      for (;;) {
        const close = indexWithin(t, 39, i, e);
        if (close < 0) giveUp();
        out += t.slice(i, close);
        if (close + 1 < e && t.charCodeAt(close + 1) === 39) {
          out += "'";
          i = close + 2;
          continue;
        }
        this.#tail(close + 1, e);
        return out;
      }
    }
    let end = commentStart(t, s, e);
    while (end > s && t.charCodeAt(end - 1) === 32) end--;
    const src = t.slice(s, end);
    if (INDICATOR_START.test(src) || src.includes(': ') || src.endsWith(':')) giveUp();
    if (src.startsWith('---') || src.startsWith('...')) giveUp();
    if (this.#yaml11 && mayBeHazard(src) && yaml11Hazard(src) !== undefined) giveUp();
    if (NULL.test(src)) return null;
    if (TRUE.test(src)) return true;
    if (FALSE.test(src)) return false;
    if (DECIMAL.test(src) && src !== '-0') {
      const n = Number(src);
      return Number.isSafeInteger(n) ? n : giveUp();
    }
    if (OTHER_NUMBER.test(src)) giveUp();
    return src;
  }

  /** After a closing quote: nothing, or spaces and a comment. */
  #tail(from: number, e: number): void {
    const t = this.#text;
    let i = from;
    if (i === e) return;
    if (t.charCodeAt(i) !== 32) giveUp();
    while (i < e && t.charCodeAt(i) === 32) i++;
    if (i < e && t.charCodeAt(i) !== 35) giveUp();
  }
}

// The searches stay inside the scalar's line [from, end): searching the rest of the text from every scalar made
// the reader quadratic in the file's size.
/** Index of the first `code` unit in [from, end), or -1. */
function indexWithin(t: string, code: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (t.charCodeAt(i) === code) return i;
  return -1;
}

/** Where a ` #` comment starts in [from, end) (YAML 1.2 §6.6), or `end`. */
function commentStart(t: string, from: number, end: number): number {
  for (let i = from; i + 1 < end; i++) if (t.charCodeAt(i) === 32 && t.charCodeAt(i + 1) === 35) return i;
  return end;
}
