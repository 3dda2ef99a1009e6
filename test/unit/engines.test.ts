/**
 * Every package the lock installs supports the Node versions CI tests and the Action runs on (20.19 and 24),
 * so `npm ci` on Node 20 prints no EBADENGINE warning (content-type 3 needs Node ≥ 22: package.json pins 2.1.0,
 * the same parser as CommonJS, through `overrides`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Version = [number, number, number];

const parseVersion = (v: string): Version => {
  const [a = 0, b = 0, c = 0] = v.split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : 0));
  return [a, b, c];
};
const cmp = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** One comparator of an npm range (>=, >, <=, <, ^, ~, =, or a bare/partial version). */
function satisfiesOne(v: Version, comp: string): boolean {
  if (/^[xX*]?$/.test(comp.trim())) return true;
  const m = /^(>=|<=|>|<|\^|~|=)?\s*v?(\d+(?:\.\d+){0,2})(?:\.[xX*])*$/.exec(comp.trim());
  if (!m) throw new Error(`unsupported engines comparator "${comp}"`);
  const op = m[1] ?? '';
  const parts = m[2]!.split('.').length;
  const w = parseVersion(m[2]!);
  const c = cmp(v, w);
  switch (op) {
    case '>=':
      return c >= 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '<':
      return c < 0;
    case '^':
      return c >= 0 && (w[0] > 0 ? v[0] === w[0] : v[0] === 0 && v[1] === w[1]);
    case '~':
      return c >= 0 && v[0] === w[0] && (parts === 1 || v[1] === w[1]);
    default:
      // a bare or partial version: 20 means 20.x.x, 20.19 means 20.19.x
      return v.slice(0, parts).every((x, i) => x === w[i]);
  }
}

export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  return range.split('||').some((alt) =>
    alt
      .trim()
      .replace(/(>=|<=|>|<|\^|~|=)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean)
      .every((c) => satisfiesOne(v, c)),
  );
}

interface LockPackage {
  version?: string;
  engines?: { node?: string };
  optional?: boolean;
}

describe('engines', () => {
  it('reads npm ranges the way npm does', () => {
    expect(satisfies('20.19.0', '>=22')).toBe(false);
    expect(satisfies('20.19.0', '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies('20.18.0', '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies('24.0.0', '18 || 20 || >=22')).toBe(true);
    expect(satisfies('20.19.0', '>= 20')).toBe(true);
    expect(satisfies('20.19.0', '^12.22.0 || ^14.17.0 || >=16.0.0')).toBe(true);
  });

  it('every package in package-lock.json supports Node 20.19 and Node 24', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, LockPackage>;
    };
    const bad: string[] = [];
    for (const [path, p] of Object.entries(lock.packages)) {
      const range = p.engines?.node;
      if (path === '' || range === undefined || p.optional) continue;
      for (const node of ['20.19.0', '24.0.0'])
        if (!satisfies(node, range)) bad.push(`${path}@${p.version}: node ${range} (not ${node})`);
    }
    expect(bad).toEqual([]);
  });

  it('package.json promises the Node the tests run on', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
    expect(satisfies('20.19.0', pkg.engines.node)).toBe(true);
  });
});
