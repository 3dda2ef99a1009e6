/**
 * YAML that reads one way here and another way elsewhere (docs/behaviours.md#yaml-hazards):
 * - nesting deeper than a fixed limit, measured on the parser's token stream (which is not recursive) before the
 *   recursive composer runs, so a 10,000-deep document is a clear refusal and not a stack overflow;
 * - the merge key `<<`, which YAML 1.2 keeps as a literal "<<" key and YAML 1.1 readers expand;
 * - plain scalars whose meaning differs between YAML 1.2 (how Gatehouse reads) and YAML 1.1 (how PyYAML, Ruby's
 *   Psych, Go's yaml.v2 and many deployers read): `yes`/`no`/`on`/`off`/`y`/`n`, leading-zero integers (1.1
 *   octal), sexagesimal `1:30`, `0b…` binary, `0o…` octal, `1_000`, signed hex, exponents without a decimal point.
 */
import type { CST } from 'yaml';

export const DEFAULT_MAX_DEPTH = 64;

/**
 * yaml options for writers of state files (stringify, parseDocument then toString): quote every string that a
 * YAML 1.1 reader would take for something else, so what Gatehouse writes passes its own yaml11 check.
 */
export const YAML11_SAFE = { compat: 'yaml-1.1' } as const;

/** Offset of the first collection nested deeper than `max` levels, or undefined. */
export function tooDeepOffset(tokens: readonly CST.Token[], max: number): number | undefined {
  const stack: [CST.Token | undefined, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [t, depth] = stack.pop()!;
    if (t === undefined) continue;
    if (t.type === 'document') {
      stack.push([t.value, depth]);
    } else if (t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection') {
      if (depth + 1 > max) return t.offset;
      for (const item of t.items) {
        if ('key' in item) stack.push([item.key ?? undefined, depth + 1]);
        stack.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

/** Nesting depth of a plain JSON value (after aliases are expanded), counted without recursion. */
export function valueDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

export function tooDeepMessage(max: number): string {
  return `nesting deeper than ${max} levels: flatten the document (governed YAML nests at most ${max} levels)`;
}

export const MERGE_KEY_MESSAGE =
  'merge key "<<" is not allowed: YAML 1.2 keeps it as a literal "<<" key while YAML 1.1 readers merge the ' +
  'aliased mapping in; write the fields out in full';

const BOOL_TRUE = /^(y|yes|on)$/i;
const BOOL_FALSE = /^(n|no|off)$/i;

function quoteAdvice(source: string): string {
  return `quote it (${JSON.stringify(source)}) to keep the string`;
}

/**
 * Why a plain scalar with this source text means something else to a YAML 1.1 reader, or undefined when both
 * versions agree. `~`, `null`, `true`/`false`, decimal and hex integers and ordinary floats agree; timestamps
 * are strings here and dates in YAML 1.1, but name the same instant, so they are not refused.
 */
export function yaml11Hazard(source: string): string | undefined {
  const s = source;
  if (BOOL_TRUE.test(s) || BOOL_FALSE.test(s)) {
    const b = BOOL_TRUE.test(s);
    return `${s} is a string in YAML 1.2 but the boolean ${b} in YAML 1.1: write ${b} for the boolean, or ${quoteAdvice(s)}`;
  }
  let m = /^([-+]?)0([0-9_]+)$/.exec(s);
  if (m) {
    const digits = m[2]!.replace(/_/g, '');
    const dec = Number(`${m[1]}${digits}`);
    const v11 = /^[0-7]+$/.test(digits)
      ? `the octal number ${Number.parseInt(`${m[1]}${digits}`, 8)}`
      : 'not a decimal number';
    const v12 = m[2]!.includes('_') ? 'a string' : `the integer ${dec}`;
    return `${s} is ${v12} in YAML 1.2 but ${v11} in YAML 1.1 (a leading zero means octal there): write ${dec} for the number, or ${quoteAdvice(s)}`;
  }
  m = /^([-+]?)([0-9][0-9_]*)((?::[0-5]?[0-9])+)(\.[0-9_]*)?$/.exec(s);
  if (m) {
    const parts = [m[2]!.replace(/_/g, ''), ...m[3]!.slice(1).split(':')].map(Number);
    const v = parts.reduce((acc, p) => acc * 60 + p, 0) * (m[1] === '-' ? -1 : 1);
    // The YAML 1.1 spec wants a first digit 1-9 here; some 1.1 readers take 08:00 as base 60 all the same.
    const who = m[2]!.startsWith('0') ? 'to some YAML 1.1 readers' : 'in YAML 1.1';
    return `${s} is a string in YAML 1.2 but the base-60 number ${v}${m[4] ?? ''} ${who}: ${quoteAdvice(s)}`;
  }
  m = /^([-+]?)0b([01_]+)$/.exec(s);
  if (m) {
    const v = Number.parseInt(`${m[2]!.replace(/_/g, '')}`, 2) * (m[1] === '-' ? -1 : 1);
    return `${s} is a string in YAML 1.2 but the binary number ${v} in YAML 1.1: write ${v} for the number, or ${quoteAdvice(s)}`;
  }
  m = /^([-+]?)0o([0-7]+)$/.exec(s);
  if (m) {
    const v = Number.parseInt(m[2]!, 8) * (m[1] === '-' ? -1 : 1);
    return `${s} is ${m[1] === '' ? `the integer ${v}` : 'a string'} in YAML 1.2 but a string in YAML 1.1: write ${v} for the number, or ${quoteAdvice(s)}`;
  }
  if (/^[-+]0x[0-9a-fA-F_]+$/.test(s) || /^0x[0-9a-fA-F_]*_[0-9a-fA-F_]*$/.test(s)) {
    return `${s} is a string in YAML 1.2 but a hexadecimal number in YAML 1.1: ${quoteAdvice(s)}, or write the number in decimal`;
  }
  if (/^[-+]?[0-9][0-9_]*(\.[0-9_]*)?$/.test(s) && s.includes('_')) {
    return `${s} is a string in YAML 1.2 but the number ${s.replace(/_/g, '')} in YAML 1.1: write ${s.replace(/_/g, '')} for the number, or ${quoteAdvice(s)}`;
  }
  // YAML 1.2 reads 1e3 (and 1.0e3) as a number; YAML 1.1 needs a decimal point and a signed exponent.
  if (
    /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s) &&
    !/^[-+]?[0-9]*\.[0-9]*[eE][-+][0-9]+$/.test(s)
  ) {
    return `${s} is a number in YAML 1.2 but a string in YAML 1.1 (exponents need a decimal point and a sign there): write the number out in full, or ${quoteAdvice(s)}`;
  }
  return undefined;
}
