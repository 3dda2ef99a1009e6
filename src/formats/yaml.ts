/**
 * Hardened YAML loading (DESIGN §2: every error names file:line:column). YAML 1.2 core schema, so
 * timestamps stay strings. Refused, each with a position: syntax errors, duplicate keys, alias bombs, oversized
 * files, invalid UTF-8, several documents in one file, custom tags, nesting deeper than 64 levels, the merge key
 * `<<`, and (with `yaml11`) plain scalars that YAML 1.1 reads differently (yaml-hazards.ts).
 */
import {
  Composer,
  LineCounter,
  Parser,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  visit,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import { decodeUtf8Strict, describeBadByte, utf8Position } from '../core/utf8.js';
import { badInput, type Problem } from '../core/errors.js';
import { unescapeToken } from '../core/pointer.js';
import type { Locate } from '../core/documents.js';
import {
  DEFAULT_MAX_DEPTH,
  MERGE_KEY_MESSAGE,
  tooDeepMessage,
  tooDeepOffset,
  valueDepth,
  yaml11Hazard,
} from './yaml-hazards.js';

export { firstInvalidUtf8 } from '../core/utf8.js';

export interface ParsedYaml {
  value: unknown;
  /** Position of the value at a JSON Pointer. `locate.key` gives the position of its key. */
  locate: Locate;
}

export interface ParseYamlOptions {
  /** Refuse files larger than this many bytes (default 1 MiB). */
  maxBytes?: number;
  /** Lines before the YAML text in its file (front matter): added to every reported line. */
  lineOffset?: number;
  /** Most alias expansions allowed (default 100). */
  maxAliasCount?: number;
  /** Deepest nesting of collections allowed (default 64). */
  maxDepth?: number;
  /**
   * Refuse plain scalars whose meaning differs between YAML 1.2 and YAML 1.1 (`yes`, `0500`, `1:30`, …): for
   * files that other tools read (state) or people write by hand (policies, gatehouse.yaml).
   */
  yaml11?: boolean;
}

export const DEFAULT_MAX_BYTES = 1024 * 1024;
export const DEFAULT_MAX_ALIASES = 100;

// Explicit tags that only restate what the core schema already does.
const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);

type Pos = { line: number; col: number };

/** Parse one YAML document; throws badInput listing every problem found. */
export function parseYaml(input: Uint8Array | string, file: string, opts: ParseYamlOptions = {}): ParsedYaml {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const lineOffset = opts.lineOffset ?? 0;
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > maxBytes) {
    throw badInput([
      {
        file,
        message: `file is ${formatSize(size)}, over the ${formatSize(maxBytes)} cap for governed YAML`,
      },
    ]);
  }
  const text = typeof input === 'string' ? input : decodeUtf8(input, file, lineOffset);

  const lc = new LineCounter();
  const at = (offset: number): Pos => {
    const p = lc.linePos(offset);
    return { line: p.line + lineOffset, col: p.col };
  };
  const problems: Problem[] = [];
  const add = (offset: number, message: string, pointer?: string): void => {
    problems.push({ file, ...at(offset), ...(pointer !== undefined ? { pointer } : {}), message });
  };

  // The token stream is built without recursion; the composer recurses once per level, so depth is checked first.
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  // YAML 1.1 breaks lines at NEL, LS and PS too (1.2 does not): text after one is a comment here and a new key
  // to a 1.1 reader. Governed files read by 1.1 tools hold none of them.
  if (opts.yaml11 === true) {
    const nl = /[\u0085\u2028\u2029]/g;
    for (let m = nl.exec(text); m !== null; m = nl.exec(text))
      problems.push({
        file,
        ...lineColAt(text, m.index, lineOffset),
        message: `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} is a line break in YAML 1.1 but not in YAML 1.2 (a 1.1 reader sees another line): remove it, or write it as an escape in a double-quoted string`,
      });
    if (problems.length > 0) throw badInput(problems);
  }
  const tokens = Array.from(new Parser(lc.addNewLine).parse(text));
  const deep = tooDeepOffset(tokens, maxDepth);
  if (deep !== undefined) {
    add(deep, tooDeepMessage(maxDepth));
    throw badInput(problems);
  }
  const composer = new Composer({
    schema: 'core',
    version: '1.2',
    uniqueKeys: false, // duplicates are reported below, naming both lines
    merge: false,
  });
  const list = Array.from(composer.compose(tokens));
  for (const [i, doc] of list.entries()) {
    if (i === 1) {
      add(
        doc.range[0],
        'a second YAML document ("---") in one file: each governed file holds exactly one document',
      );
    }
    for (const e of doc.errors) add(e.pos[0], `YAML syntax error: ${e.message}`);
    for (const w of doc.warnings) {
      if (w.code !== 'TAG_RESOLVE_FAILED') add(w.pos[0], `YAML: ${w.message}`);
    }
  }
  const doc = list[0];
  if (!doc) return { value: null, locate: Object.assign(() => undefined, { key: () => undefined }) };
  if (problems.length === 0) problems.push(...structuralProblems(doc, file, at, opts.yaml11 === true));
  if (problems.length > 0) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
    throw badInput(problems);
  }

  let value: unknown;
  const firstAliasOffset = (): number => {
    let firstAlias = 0;
    visit(doc, {
      Alias(_k, n) {
        firstAlias = n.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    return firstAlias;
  };
  try {
    value = doc.toJS({ maxAliasCount: opts.maxAliasCount ?? DEFAULT_MAX_ALIASES });
  } catch (e) {
    const firstAlias = firstAliasOffset();
    add(
      firstAlias,
      `YAML aliases expand too far (${(e as Error).message}); more than ${opts.maxAliasCount ?? DEFAULT_MAX_ALIASES} alias expansions are refused`,
    );
    throw badInput(problems);
  }
  // Aliases can nest a shallow text deeper than the limit once expanded.
  if (valueDepth(value) > maxDepth) {
    add(firstAliasOffset(), `${tooDeepMessage(maxDepth)} once its aliases are expanded`);
    throw badInput(problems);
  }
  return { value, locate: makeLocate(doc, at) };
}

/** Duplicate keys, non-scalar keys, merge keys, custom tags, unsafe numbers, YAML 1.1 scalars (with yaml11). */
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** 1-based line and column of `offset` in `text` (for problems found before the parser's line counter runs). */
function lineColAt(text: string, offset: number, lineOffset: number): Pos {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line: line + lineOffset, col: offset - before.lastIndexOf('\n') };
}

function structuralProblems(
  doc: Document,
  file: string,
  at: (offset: number) => Pos,
  yaml11: boolean,
): Problem[] {
  const out: Problem[] = [];
  const push = (offset: number, message: string): void => {
    out.push({ file, ...at(offset), message });
  };
  visit(doc, {
    Map(_k, map) {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        const key = pair.key as YamlNode | null;
        const off = key?.range?.[0] ?? map.range?.[0] ?? 0;
        if (key !== null && !isScalar(key)) {
          push(off, 'mapping keys must be plain strings');
          continue;
        }
        if (key !== null && key.type === 'PLAIN' && key.source === '<<') {
          push(off, MERGE_KEY_MESSAGE);
          continue;
        }
        const name = key === null ? '' : String(key.value);
        const first = seen.get(name);
        if (first !== undefined) {
          push(off, `duplicate key "${name}" (first defined at line ${at(first).line})`);
        } else {
          seen.set(name, off);
        }
      }
    },
  });
  // A second pass: the visitor calls only the most specific callback, so Map nodes need this one too.
  visit(doc, {
    Node(_k, node) {
      if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
        push(
          node.range?.[0] ?? 0,
          `custom tag ${node.tag.replace(/^tag:yaml\.org,2002:/, '!!')} is not allowed: governed files hold plain YAML`,
        );
      }
      if (yaml11 && node.tag !== undefined && CORE_TAGS.has(node.tag)) {
        // `!!int "0500"` is 500 to a 1.2 reader and octal 320 to a 1.1 one: explicit tags resolve differently.
        push(
          node.range?.[0] ?? 0,
          `explicit tag ${node.tag.replace(/^tag:yaml\.org,2002:/, '!!')} is resolved differently by YAML 1.1 and 1.2 readers: write the plain value (quoted for a string)`,
        );
      }
      if (isScalar(node) && typeof node.value === 'string' && LONE_SURROGATE.test(node.value)) {
        push(
          node.range?.[0] ?? 0,
          'a lone UTF-16 surrogate escape (\\ud800–\\udfff without its pair) is not a Unicode character and cannot be stored: write the character itself or a valid pair',
        );
      }
      if (yaml11 && isScalar(node) && node.type === 'PLAIN' && typeof node.source === 'string') {
        const hazard = yaml11Hazard(node.source);
        if (hazard !== undefined) push(node.range?.[0] ?? 0, hazard);
      }
      if (isScalar(node) && typeof node.value === 'number') {
        const v = node.value;
        if (!Number.isFinite(v)) {
          push(
            node.range?.[0] ?? 0,
            `${String(node.source ?? v)} is not a finite number (JSON cannot carry it): quote it to keep it as a string`,
          );
        } else if (Number.isInteger(v) && !Number.isSafeInteger(v)) {
          push(
            node.range?.[0] ?? 0,
            `integer ${String(node.source ?? v)} is too large to be exact; quote it to keep it as a string`,
          );
        }
      }
    },
  });
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}

/** A Locate over the document tree: walks the pointer lazily (no up-front index). */
function makeLocate(doc: Document, at: (offset: number) => Pos): Locate {
  const find = (pointer: string): { node?: YamlNode; key?: YamlNode } | undefined => {
    if (pointer === '') return doc.contents ? { node: doc.contents as YamlNode } : undefined;
    if (!pointer.startsWith('/')) return undefined;
    const segments = pointer.slice(1).split('/').map(unescapeToken);
    let node: unknown = doc.contents;
    let key: YamlNode | undefined;
    for (const seg of segments) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String((p.key as { value: unknown }).value) === seg,
        );
        if (!pair) return undefined;
        key = pair.key as YamlNode;
        node = pair.value ?? undefined;
        if (node === undefined) return { key };
      } else if (isSeq(node)) {
        if (!/^(0|[1-9]\d*)$/.test(seg)) return undefined;
        node = node.items[Number(seg)];
        key = undefined;
        if (node === undefined) return undefined;
      } else {
        return undefined;
      }
    }
    return { node: node as YamlNode, ...(key ? { key } : {}) };
  };
  const posOf = (n: YamlNode | undefined): Pos | undefined => (n?.range ? at(n.range[0]) : undefined);
  const locate = (pointer: string): Pos | undefined => {
    const hit = find(pointer);
    return posOf(hit?.node) ?? posOf(hit?.key);
  };
  return Object.assign(locate, {
    key: (pointer: string): Pos | undefined => {
      const hit = find(pointer);
      return posOf(hit?.key) ?? posOf(hit?.node);
    },
  });
}

/** Strict UTF-8 decode; on failure reports the line and column of the first bad byte. */
export function decodeUtf8(bytes: Uint8Array, file: string, lineOffset = 0): string {
  const r = decodeUtf8Strict(bytes);
  if (r.ok) return r.text;
  const { line, col } = utf8Position(bytes, r.offset);
  throw badInput([
    {
      file,
      line: line + lineOffset,
      col,
      message: `invalid UTF-8 (${describeBadByte(r)}): save the file as UTF-8`,
    },
  ]);
}

function formatSize(n: number): string {
  if (n >= 1024 * 1024)
    return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB (${n} bytes)`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB (${n} bytes)`;
  return `${n} bytes`;
}
