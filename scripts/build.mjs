// Bundles the CLI, the Action and the library (gatehouse/lib: dist/lib.js with its types in dist/lib.d.ts) with
// esbuild and dts-bundle-generator; `--check` rebuilds into a temp dir and fails if the committed dist/ differs
// (the Action runs dist/, not src/). The schema validators are generated at build time into the bundles
// (scripts/validators.mjs).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { precompiledValidators, standaloneValidatorsSource } from './validators.mjs';

const entries = { cli: 'src/cli.ts' };
if (existsSync('src/action.ts')) entries.index = 'src/action.ts';
// report's verification thread (src/assembly/verifier-thread.ts), loaded from beside the running bundle
entries['verify-worker'] = 'src/verify-worker.ts';

const check = process.argv.includes('--check');
// `--outdir DIR` bundles elsewhere (a private build to bench or test against, leaving dist/ alone).
const outArg = process.argv.indexOf('--outdir');
const outdir = check ? mkdtempSync(join(tmpdir(), 'gatehouse-dist-')) : outArg > 0 ? process.argv[outArg + 1] : 'dist';

const common = {
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  plugins: [precompiledValidators(await standaloneValidatorsSource())],
  logLevel: 'warning',
};
const requireShim =
  "import { createRequire as __gatehouseCreateRequire } from 'node:module'; const require = __gatehouseCreateRequire(import.meta.url);";
await build({ ...common, entryPoints: entries, banner: { js: `#!/usr/bin/env node\n${requireShim}` } });
// The library entry: the same code, no shebang, and one declaration file for its typed API.
await build({ ...common, entryPoints: { lib: 'src/lib.ts' }, banner: { js: requireShim } });
execFileSync(
  process.execPath,
  ['node_modules/dts-bundle-generator/dist/bin/dts-bundle-generator.js', '--silent', '--no-banner', '--no-check', '-o', join(outdir, 'lib.d.ts'), 'src/lib.ts'],
  { stdio: 'inherit' },
);
const built = [...Object.keys(entries).map((n) => `${n}.js`), 'lib.js', 'lib.d.ts'];

if (check) {
  const stale = built.filter((file) => {
    const committed = join('dist', file);
    return !existsSync(committed) || !readFileSync(committed).equals(readFileSync(join(outdir, file)));
  });
  rmSync(outdir, { recursive: true, force: true });
  if (stale.length > 0) {
    console.error(`dist/ is stale: ${stale.map((f) => `dist/${f}`).join(', ')} differ from a fresh build. Run \`npm run build\` and commit dist/.`);
    process.exit(1);
  }
  console.log('dist/ matches a fresh build');
}
