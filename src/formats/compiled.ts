/**
 * The schema validators, one per governed file kind, compiled from the JSON Schemas with ajv on first use.
 *
 * The bundles built by scripts/build.mjs replace this module with the same validators generated ahead of
 * time by ajv's standalone code (src/formats/standalone.ts), so the CLI and the Action compile no schema
 * at run time (DESIGN §7). Both come from AJV_OPTIONS and the same schemas, so they report the same errors.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Options, ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { SCHEMAS, type SchemaKind } from './schemas/index.js';

/** The ajv options every validator is compiled with, here and in the generated module. */
export const AJV_OPTIONS: Options = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true };
/** The ajv-formats formats the schemas use. */
export const FORMATS = ['date-time'] as const;

// ajv-formats ships CommonJS with a default export; normalise the interop shape once.
export const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ??
  addFormatsImport) as unknown as (ajv: Ajv2020, formats: string[]) => Ajv2020;

let ajv: Ajv2020 | undefined;
const compiled = new Map<SchemaKind, ValidateFunction>();

/** The validator for `kind`, compiled once. */
export function validatorFor(kind: SchemaKind): ValidateFunction {
  let fn = compiled.get(kind);
  if (!fn) {
    if (!ajv) {
      ajv = new Ajv2020(AJV_OPTIONS);
      addFormats(ajv, [...FORMATS]);
    }
    fn = ajv.compile(SCHEMAS[kind]);
    compiled.set(kind, fn);
  }
  return fn;
}
