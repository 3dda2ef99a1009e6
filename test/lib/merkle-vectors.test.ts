/**
 * transparency-dev/merkle's proof probes (testdata/ at the commit named in ../shared/interop-vectors SOURCES.txt),
 * read from the shared vector folder at test time: every inclusion and consistency case must give the verdict
 * the reference implementation gives (`wantErr`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyConsistency, verifyInclusion } from 'gatehouse/lib';

const DIR = fileURLToPath(new URL('../../../shared/interop-vectors/part-a/merkle/', import.meta.url));

interface Probe {
  file: string;
  desc: string;
  wantErr: boolean;
  proof: Buffer[];
  raw: Record<string, unknown>;
}

function probes(kind: 'consistency' | 'inclusion'): Probe[] {
  const out: Probe[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.json')) {
        const raw = JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
        out.push({
          file: p.slice(DIR.length),
          desc: String(raw.desc),
          wantErr: raw.wantErr === true,
          proof: ((raw.proof as string[] | null) ?? []).map((b) => Buffer.from(b, 'base64')),
          raw,
        });
      }
    }
  };
  walk(join(DIR, kind));
  return out;
}

const b64 = (v: unknown): Buffer => Buffer.from(typeof v === 'string' ? v : '', 'base64');

describe.skipIf(!existsSync(DIR))('transparency-dev/merkle vectors', () => {
  it('gives every consistency probe the reference verdict, including size1 = 0 (never a proof)', () => {
    const cases = probes('consistency');
    expect(cases.length).toBeGreaterThan(90);
    const wrong = cases.filter((c) => {
      const ok = verifyConsistency(
        Number(c.raw.size1),
        Number(c.raw.size2),
        c.proof,
        b64(c.raw.root1),
        b64(c.raw.root2),
      );
      return ok === c.wantErr;
    });
    expect(wrong.map((c) => `${c.file}: ${c.desc}`)).toEqual([]);
    // The probes this rule is about are really in the set.
    expect(cases.filter((c) => c.raw.size1 === 0 && c.wantErr).length).toBeGreaterThanOrEqual(5);
  });

  it('gives every inclusion probe the reference verdict', () => {
    const cases = probes('inclusion');
    expect(cases.length).toBeGreaterThan(80);
    const wrong = cases.filter((c) => {
      const ok = verifyInclusion(
        b64(c.raw.leafHash),
        Number(c.raw.leafIdx),
        Number(c.raw.treeSize),
        c.proof,
        b64(c.raw.root),
      );
      return ok === c.wantErr;
    });
    expect(wrong.map((c) => `${c.file}: ${c.desc}`)).toEqual([]);
  });
});
