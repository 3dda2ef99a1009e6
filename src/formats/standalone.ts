/**
 * Ahead-of-time validators (DESIGN §7: no schema compiles at run time in the shipped CLI and Action): the
 * source of an ES module that stands in for src/formats/compiled.ts in the bundles, generated with ajv's
 * standalone code from the same schemas and options. scripts/build.mjs generates it at build time into the
 * bundle only, so it is never stale. Build-time code: nothing at run time imports this module.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { _ } from 'ajv';
import standaloneCodeImport from 'ajv/dist/standalone/index.js';
import { AJV_OPTIONS, FORMATS, addFormats } from './compiled.js';
import { SCHEMAS, SCHEMA_KINDS } from './schemas/index.js';

// ajv ships CommonJS with a default export; normalise the interop shape once.
const standaloneCode = ((standaloneCodeImport as unknown as { default?: unknown }).default ??
  standaloneCodeImport) as unknown as (ajv: Ajv2020, refs: Record<string, string>) => string;

/**
 * The module's source: `validatorFor(kind)` as compiled.ts exports it, over precompiled functions. Its
 * imports of ajv's small runtime helpers and of ajv-formats' formats are `require` calls, which the bundler
 * resolves (the bundles define `require`). Deterministic: the same schemas give the same text.
 */
export function standaloneValidatorsSource(): string {
  const ajv = new Ajv2020({
    ...AJV_OPTIONS,
    code: { source: true, esm: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  addFormats(ajv, [...FORMATS]);
  const exports: Record<string, string> = {};
  SCHEMA_KINDS.forEach((kind, i) => {
    const id = (SCHEMAS[kind] as { $id?: unknown }).$id;
    if (typeof id !== 'string') throw new Error(`schema ${kind} has no $id`);
    ajv.addSchema(SCHEMAS[kind]);
    exports[`validator${i}`] = id;
  });
  const table = SCHEMA_KINDS.map((kind, i) => `  ${JSON.stringify(kind)}: validator${i},`).join('\n');
  return [
    '// Generated at build time by src/formats/standalone.ts from src/formats/schemas (ajv standalone code).',
    standaloneCode(ajv, exports),
    `const validators = {\n${table}\n};`,
    'export function validatorFor(kind) {',
    '  return validators[kind];',
    '}',
    '',
  ].join('\n');
}
