/** Test helpers: parse state YAML with positions, and generators of resources and ledgers. */
import fc from 'fast-check';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { Locate, StateDocFile, StateDocument } from '../../../src/core/documents.js';
import type { LedgerEntry } from '../../../src/core/ledger-entry.js';
import { ZERO_HASH } from '../../../src/core/ledger-entry.js';
import type { GovernedState, Json, Op, Resource } from '../../../src/core/state-types.js';

/** A StateDocFile from YAML text, with a Locate that walks the YAML tree. */
export function stateDoc(file: string, text: string): StateDocFile {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, schema: 'core', version: '1.2', merge: false });
  if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
  const locate: Locate = (pointer) => {
    let node: unknown = doc.contents;
    const tokens =
      pointer === ''
        ? []
        : pointer
            .slice(1)
            .split('/')
            .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    for (const t of tokens) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === t);
        node = pair?.value;
      } else if (isSeq(node)) node = node.items[Number(t)];
      else return undefined;
    }
    const range = (node as YamlNode | undefined)?.range;
    if (!range) return undefined;
    const p = lc.linePos(range[0]);
    return { line: p.line, col: p.col };
  };
  return { file, value: doc.toJS() as StateDocument, locate };
}

// Generators ------------------------------------------------------------------------------------

export const SERVICES = ['park-ticketing', 'staff-scheduling', 'parade'];
export const IDS = ['gate-a', 'gate-b', 'east/west', 'til~de', 'x'];
export const REGIONS = ['us-east-1', 'us-west-2', 'eu-central-1'];
const FIELD_NAMES = ['open', 'capacity', 'a/b', 'm~n', '__proto__', 'constructor', 'tags', ''];

const leaf: fc.Arbitrary<Json> = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('on', 'off', 'true', '1', ''),
);

/** JSON values with integer numbers only and awkward field names. */
export const jsonValue: fc.Arbitrary<Json> = fc.letrec<{ node: Json }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { maxLength: 3 }),
    fc
      .uniqueArray(fc.tuple(fc.constantFrom(...FIELD_NAMES), tie('node')), {
        maxLength: 4,
        selector: (t) => t[0],
      })
      .map((pairs) => plainObject(pairs)),
  ),
})).node;

/** An ordinary object built with data properties only (so `__proto__` stays a field). */
export function plainObject(pairs: readonly (readonly [string, unknown])[]): { [k: string]: Json } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of pairs)
    Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
  return out as { [k: string]: Json };
}

export const resourceArb: fc.Arbitrary<Resource> = fc
  .record({
    service: fc.constantFrom(...SERVICES),
    id: fc.constantFrom(...IDS),
    region: fc.option(fc.constantFrom(...REGIONS), { nil: undefined }),
    spec: fc
      .uniqueArray(fc.tuple(fc.constantFrom(...FIELD_NAMES), jsonValue), {
        maxLength: 4,
        selector: (t) => t[0],
      })
      .map((pairs) => plainObject(pairs)),
    owner: fc.option(fc.constantFrom('alice', 'bob'), { nil: undefined }),
  })
  .map((r) => {
    const out: Resource = { service: r.service, id: r.id, spec: r.spec };
    if (r.region !== undefined) out.region = r.region;
    if (r.owner !== undefined) out.owner = r.owner;
    return out;
  });

/** A list of resources with distinct keys. */
export const resourceListArb = fc.uniqueArray(resourceArb, {
  maxLength: 8,
  selector: (r) => `${r.service}/${r.id}`,
});

export function toMap(list: readonly Resource[]): Record<string, Resource> {
  return plainObject(list.map((r) => [`${r.service}/${r.id}`, r] as const)) as unknown as Record<
    string,
    Resource
  >;
}

export const stateArb: fc.Arbitrary<GovernedState> = resourceListArb.map((l) => ({
  resources: toMap(l),
  switches: {},
}));

/** A deterministic PRNG (mulberry32) for shuffles driven by a generated seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(xs: readonly T[], rnd: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// Ledgers ---------------------------------------------------------------------------------------

export function entry(
  seq: number,
  type: LedgerEntry['type'],
  body: Record<string, unknown>,
  ts?: string,
): LedgerEntry {
  const t = ts ?? new Date(Date.UTC(2026, 0, 18, 14, 0, seq)).toISOString().replace('.000Z', 'Z');
  return { v: 1, seq, prev: ZERO_HASH, ts: t, type, actor: 'alice', body };
}

export type Step =
  | { kind: 'change'; target: GovernedState; via?: GovernedState }
  | { kind: 'switch'; id: string; on: boolean }
  | { kind: 'other' };

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({ target: stateArb, via: fc.option(stateArb, { nil: undefined }) })
      .map(({ target, via }): Step => ({ kind: 'change', target, ...(via ? { via } : {}) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ id: fc.constantFrom('freeze', 'deploys'), on: fc.boolean() })
      .map((s) => ({ kind: 'switch' as const, ...s })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'other' as const }) },
);

/**
 * A ledger (as it would be read back from JSON lines) from a genesis state and steps. Each change's ops
 * are the canonical diff from the state before it to its target (through `via` when given).
 */
export function buildLedger(
  genesis: GovernedState,
  steps: readonly Step[],
  diff: (a: Record<string, Resource>, b: Record<string, Resource>) => Op[],
): LedgerEntry[] {
  const entries: LedgerEntry[] = [entry(0, 'genesis', { state: genesis })];
  let current = genesis.resources;
  steps.forEach((s, i) => {
    const seq = i + 1;
    if (s.kind === 'change') {
      // With `via`, the ops pass through an intermediate state: the same key and path may then appear
      // twice, so the order of the ops matters (as in a batch that edits a value twice).
      const ops = s.via
        ? [...diff(current, s.via.resources), ...diff(s.via.resources, s.target.resources)]
        : diff(current, s.target.resources);
      entries.push(entry(seq, 'change.applied', { manifest: {}, digest: 'sha256:00', ops }));
      current = s.target.resources;
    } else if (s.kind === 'switch') {
      entries.push(entry(seq, s.on ? 'killswitch.activated' : 'killswitch.deactivated', { switch: s.id }));
    } else entries.push(entry(seq, 'interrupt', { reason: 'observed' }));
  });
  return JSON.parse(JSON.stringify(entries)) as LedgerEntry[];
}
