// Build step for the bundles (DESIGN §7): the schema validators generated ahead of time with ajv's
// standalone code (src/formats/standalone.ts), swapped in for src/formats/compiled.ts so the CLI and the
// Action compile no JSON Schema at run time. Generated at build time into the bundle only: never stale.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The generated module's source (deterministic for the same schemas and ajv version). */
export async function standaloneValidatorsSource() {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-validators-'));
  try {
    const outfile = join(dir, 'standalone.mjs');
    await build({
      entryPoints: [join(root, 'src/formats/standalone.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      logLevel: 'warning',
    });
    const mod = await import(pathToFileURL(outfile).href);
    return mod.standaloneValidatorsSource();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** esbuild plugin: src/formats/compiled.ts is loaded as `source` (from standaloneValidatorsSource). */
export function precompiledValidators(source) {
  return {
    name: 'precompiled-validators',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]formats[\\/]compiled\.ts$/ }, () => ({
        contents: source,
        loader: 'js',
        resolveDir: root,
      }));
    },
  };
}
