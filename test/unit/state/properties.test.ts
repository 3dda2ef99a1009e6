import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { jcs } from '../../../src/core/jcs.js';
import type { StateDocFile } from '../../../src/core/documents.js';
import { buildState } from '../../../src/state/build.js';
import { applyOps, diffResources, invertOps } from '../../../src/state/ops.js';
import { canonicalStateJson, replay } from '../../../src/state/replay.js';
import type { Json, Op, Resource } from '../../../src/core/state-types.js';
import {
  buildLedger,
  plainObject,
  prng,
  resourceListArb,
  shuffle,
  stateArb,
  stateDoc,
  stepArb,
  toMap,
} from './helpers.js';

const RUNS = { numRuns: 200 };

describe('state engine properties', () => {
  it('replaying the same entries twice gives identical bytes', () => {
    fc.assert(
      fc.property(stateArb, fc.array(stepArb, { maxLength: 8 }), (genesis, steps) => {
        const entries = buildLedger(genesis, steps, diffResources);
        const before = jcs(entries);
        const first = canonicalStateJson(replay(entries));
        const second = canonicalStateJson(replay(entries));
        expect(second).toBe(first);
        expect(jcs(entries)).toBe(before);
      }),
      RUNS,
    );
  });

  it('inverting entry k on the state after k gives the state of replay to k-1', () => {
    fc.assert(
      fc.property(
        stateArb,
        fc.array(stepArb, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        (genesis, steps, pick) => {
          const entries = buildLedger(genesis, steps, diffResources);
          const changes = entries.filter((e) => e.type === 'change.applied');
          fc.pre(changes.length > 0);
          const k = changes[pick % changes.length]!.seq;
          const atK = replay(entries, { at: k });
          const rolledBack = applyOps(atK, invertOps(entries[k]!.body.ops as Op[]));
          expect(canonicalStateJson(rolledBack)).toBe(canonicalStateJson(replay(entries, { at: k - 1 })));
          // The snapshot path agrees with the genesis path.
          const resumed = replay(entries, { from: { seq: k - 1, state: replay(entries, { at: k - 1 }) } });
          expect(canonicalStateJson(resumed)).toBe(canonicalStateJson(replay(entries)));
        },
      ),
      RUNS,
    );
  });

  it('applying diffResources(a, b) to a gives b', () => {
    fc.assert(
      fc.property(stateArb, stateArb, (a, b) => {
        const ops = diffResources(a.resources, b.resources);
        expect(jcs(applyOps(a, ops).resources)).toBe(jcs(b.resources));
        expect(jcs(applyOps(b, invertOps(ops)).resources)).toBe(jcs(a.resources));
        expect(ops.length === 0).toBe(jcs(a.resources) === jcs(b.resources));
      }),
      RUNS,
    );
  });

  it('gives the same ops however YAML keys and files are ordered', () => {
    fc.assert(
      fc.property(resourceListArb, resourceListArb, fc.integer(), fc.integer(), (base, head, s1, s2) => {
        const expected = jcs(diffResources(toMap(base), toMap(head)));
        for (const seed of [s1, s2]) {
          const rnd = prng(seed);
          const b = buildState(asYamlFiles(base, rnd, 'base')).state.resources;
          const h = buildState(asYamlFiles(head, rnd, 'head')).state.resources;
          expect(jcs(diffResources(b, h))).toBe(expected);
        }
      }),
      RUNS,
    );
  });

  it('inverting twice gives the ops back', () => {
    const opArb: fc.Arbitrary<Op> = fc
      .record({
        op: fc.constantFrom('create', 'update', 'delete') as fc.Arbitrary<Op['op']>,
        key: fc.constantFrom('s/a', 's/b', 't/a~1'),
        path: fc.constantFrom('', '/spec', '/spec/a~1b'),
        before: fc.option(fc.jsonValue() as fc.Arbitrary<Json>, { nil: undefined }),
        after: fc.option(fc.jsonValue() as fc.Arbitrary<Json>, { nil: undefined }),
      })
      .map((r) => {
        const op: Op = { op: r.op, key: r.key, path: r.path };
        if (r.before !== undefined) op.before = r.before;
        if (r.after !== undefined) op.after = r.after;
        return op;
      });
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 10 }), stateArb, stateArb, (ops, a, b) => {
        expect(invertOps(invertOps(ops))).toStrictEqual(ops);
        const real = diffResources(a.resources, b.resources);
        expect(invertOps(invertOps(real))).toStrictEqual(real);
      }),
      RUNS,
    );
  });
});

/**
 * The resources written as state YAML: split over 1-3 files in shuffled order, keys shuffled at every
 * level, and `service` / `region` hoisted to file-level defaults where that keeps the meaning.
 */
function asYamlFiles(list: readonly Resource[], rnd: () => number, prefix: string): StateDocFile[] {
  const fileCount = 1 + Math.floor(rnd() * 3);
  const groups: Resource[][] = Array.from({ length: fileCount }, () => []);
  for (const r of shuffle(list, rnd)) groups[Math.floor(rnd() * fileCount)]!.push(r);
  const docs = groups.map((rs, i) => {
    const doc: Record<string, unknown> = {};
    const resources = rs.map((r) => ({ ...r }) as Record<string, unknown>);
    const services = new Set(rs.map((r) => r.service));
    const [onlyService] = services;
    if (services.size === 1 && rnd() < 0.7) {
      doc.service = onlyService;
      for (const r of resources) if (rnd() < 0.7) delete r.service;
    }
    // A file-level region is inherited by resources without one, so hoist only when all have one.
    const first = rs[0]?.region;
    if (first !== undefined && rs.every((r) => r.region !== undefined) && rnd() < 0.7) {
      doc.region = first;
      for (const r of resources) if (r.region === first && rnd() < 0.8) delete r.region;
    }
    doc.resources = resources;
    return stateDoc(`state/${prefix}-${i}.yaml`, stringify(reorder(doc as Json, rnd)));
  });
  return shuffle(docs, rnd);
}

function reorder(v: Json, rnd: () => number): Json {
  if (Array.isArray(v)) return v.map((x) => reorder(x, rnd));
  if (v === null || typeof v !== 'object') return v;
  return plainObject(shuffle(Object.keys(v), rnd).map((k) => [k, reorder(v[k]!, rnd)] as const));
}
