import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { validatorFor } from '../../../src/formats/compiled.js';
import { standaloneValidatorsSource } from '../../../src/formats/standalone.js';
import { SCHEMA_KINDS, type SchemaKind } from '../../../src/formats/validate.js';
import { parseYaml } from '../../../src/formats/yaml.js';
import { SAMPLE_BY_KIND as SAMPLES } from '../../integration/validate-fixture.js';

let dir = '';
let generated: (kind: SchemaKind) => ValidateFunction;

beforeAll(async () => {
  // The generated module as the bundler receives it, with `require` defined as the bundles define it.
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-standalone-'));
  const file = join(dir, 'validators.mjs');
  const project = pathToFileURL(resolve('package.json')).href;
  writeFileSync(
    file,
    `import { createRequire } from 'node:module'; const require = createRequire(${JSON.stringify(project)});\n` +
      standaloneValidatorsSource(),
  );
  ({ validatorFor: generated } = (await import(pathToFileURL(file).href)) as {
    validatorFor: (kind: SchemaKind) => ValidateFunction;
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Both validators' verdict and errors (verbose: with schema, parent schema and data) on `value`. */
function both(kind: SchemaKind, value: unknown): void {
  const runtime = validatorFor(kind);
  const ahead = generated(kind);
  const ok = runtime(value);
  expect(ahead(value), kind).toBe(ok);
  expect(ahead.errors ?? null, kind).toEqual(runtime.errors ?? null);
}

/** `doc` with one change at a random place: a member removed, replaced by any JSON value, or added. */
function mutate(doc: unknown, path: number[], replacement: unknown, how: number): unknown {
  const copy = structuredClone(doc) as unknown;
  let node = copy;
  for (const step of path) {
    if (node === null || typeof node !== 'object') break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const next = (node as Record<string, unknown>)[keys[step % keys.length] as string];
    if (next === null || typeof next !== 'object') {
      const key = keys[step % keys.length] as string;
      if (how === 0) delete (node as Record<string, unknown>)[key];
      else (node as Record<string, unknown>)[key] = replacement;
      return copy;
    }
    node = next;
  }
  if (node !== null && typeof node === 'object' && !Array.isArray(node))
    (node as Record<string, unknown>)[how === 2 ? 'colour' : 'extra'] = replacement;
  return copy;
}

describe('validators generated ahead of time (ajv standalone)', () => {
  it('exist for every governed kind', () => {
    for (const kind of SCHEMA_KINDS) expect(typeof generated(kind), kind).toBe('function');
  });

  it('accept the valid documents the compiled validators accept', () => {
    for (const [kind, src] of Object.entries(SAMPLES) as [SchemaKind, string][]) {
      const { value } = parseYaml(src, `${kind}.yaml`);
      expect(generated(kind)(value), kind).toBe(true);
      both(kind, value);
    }
  });

  it('report exactly the errors of the compiled validators on any change to a valid document', () => {
    const kinds = Object.keys(SAMPLES) as SchemaKind[];
    const docs = new Map(kinds.map((k) => [k, parseYaml(SAMPLES[k] as string, `${k}.yaml`).value]));
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.constantFrom('2026-02-30T00:00:00Z', -1, 1.5, '', 'x'.repeat(300)),
        ),
        fc.nat({ max: 2 }),
        (kind, path, replacement, how) => both(kind, mutate(docs.get(kind), path, replacement, how)),
      ),
      { numRuns: 600 },
    );
  });

  it('report exactly the errors of the compiled validators on arbitrary values of every kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCHEMA_KINDS), fc.jsonValue({ maxDepth: 3 }), (kind, value) =>
        both(kind, value),
      ),
      { numRuns: 300 },
    );
  });

  it('is the same text every time it is generated', () => {
    expect(standaloneValidatorsSource()).toBe(standaloneValidatorsSource());
  });
});
