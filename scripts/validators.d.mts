import type { Plugin } from 'esbuild';

/** The source of the module generated from the schemas by ajv's standalone code. */
export function standaloneValidatorsSource(): Promise<string>;
/** esbuild plugin that loads src/formats/compiled.ts as `source`. */
export function precompiledValidators(source: string): Plugin;
