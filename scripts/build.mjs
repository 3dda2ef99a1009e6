// Bundles the CLI and the Action with esbuild; `--check` rebuilds into a temp dir and fails if the
// committed dist/ differs (the Action runs dist/, not src/). The schema validators are generated at
// build time into the bundles (scripts/validators.mjs).
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { precompiledValidators, standaloneValidatorsSource } from './validators.mjs';

const entries = { cli: 'src/cli.ts' };
if (existsSync('src/action.ts')) entries.index = 'src/action.ts';

const check = process.argv.includes('--check');
const outdir = check ? mkdtempSync(join(tmpdir(), 'gatehouse-dist-')) : 'dist';

await build({
  entryPoints: entries,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __gatehouseCreateRequire } from 'node:module'; const require = __gatehouseCreateRequire(import.meta.url);",
  },
  plugins: [precompiledValidators(await standaloneValidatorsSource())],
  logLevel: 'warning',
});

if (check) {
  const stale = Object.keys(entries).filter((name) => {
    const committed = join('dist', `${name}.js`);
    return !existsSync(committed) || !readFileSync(committed).equals(readFileSync(join(outdir, `${name}.js`)));
  });
  rmSync(outdir, { recursive: true, force: true });
  if (stale.length > 0) {
    console.error(`dist/ is stale: ${stale.map((n) => `dist/${n}.js`).join(', ')} differ from a fresh build. Run \`npm run build\` and commit dist/.`);
    process.exit(1);
  }
  console.log('dist/ matches a fresh build');
}
