/**
 * The layer rules (.dependency-cruiser.cjs, scripts/check-layers.mjs) on small trees: each rule is shown to fire on a
 * deliberate violation and to stay quiet on the same tree without it; the real src/ passes in CI (`npm run layers`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = join(process.cwd(), 'scripts', 'check-layers.mjs');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A tree of `files` (path → source) with a tsconfig, checked by the layer script; exit code and output. */
function check(files: Record<string, string>): { code: number; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-layers-'));
  dirs.push(root);
  const all = {
    'tsconfig.json': '{"compilerOptions":{"module":"NodeNext","moduleResolution":"NodeNext"}}',
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const r = spawnSync(process.execPath, [SCRIPT, '--root', root], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

const clean = {
  'src/core/errors.ts': 'export const E = 1;\n',
  'src/quorum/evaluate.ts': "import { E } from '../core/errors.js';\nexport const Q = E;\n",
  'src/app/check.ts': "import { Q } from '../quorum/evaluate.js';\nexport const C = Q;\n",
  'src/cli/commands/check.ts': "import { C } from '../../app/check.js';\nexport const X = C;\n",
  'src/cli/commands/digest.ts': "import { C } from '../../app/check.js';\nexport const Y = C;\n",
};

describe('layer rules', () => {
  it('pass a tree that keeps them', () => {
    const r = check(clean);
    expect(r.out).toContain('layers: ok');
    expect(r.code).toBe(0);
  });

  const violations: [string, string, Record<string, string>][] = [
    [
      'core-imports-nothing',
      'core importing a domain',
      { 'src/core/errors.ts': "import '../quorum/evaluate.js';\nexport const E = 1;\n" },
    ],
    [
      'domains-do-no-io',
      'a domain importing node:fs',
      { 'src/quorum/io.ts': "import { readFileSync } from 'node:fs';\nexport const R = readFileSync;\n" },
    ],
    [
      'domains-import-no-adapters',
      'a domain importing a use case',
      { 'src/quorum/up.ts': "import { C } from '../app/check.js';\nexport const U = C;\n" },
    ],
    [
      'app-below-entry',
      'a use case importing the CLI',
      { 'src/app/up.ts': "import { X } from '../cli/commands/check.js';\nexport const U = X;\n" },
    ],
    [
      'entries-are-independent',
      'the Action importing from the CLI',
      { 'src/action/run.ts': "import { X } from '../cli/commands/check.js';\nexport const R = X;\n" },
    ],
    [
      'commands-are-independent',
      'a command importing another',
      { 'src/cli/commands/digest.ts': "import { X } from './check.js';\nexport const Y = X;\n" },
    ],
    [
      'commands-do-no-file-io',
      'a command importing node:fs',
      {
        'src/cli/commands/digest.ts':
          "import { readFileSync } from 'node:fs';\nexport const Y = readFileSync;\n",
      },
    ],
    [
      'folder-cycle',
      'two domains importing each other through different files',
      {
        'src/state/a.ts': "import { B } from '../ledger/b.js';\nexport const A = B;\n",
        'src/ledger/b.ts': 'export const B = 1;\n',
        'src/ledger/c.ts': "import { A } from '../state/a.js';\nexport const C = A;\n",
      },
    ],
  ];
  for (const [rule, what, files] of violations)
    it(`fail on ${what} (${rule})`, () => {
      const r = check({ ...clean, ...files });
      expect(r.out).toContain(rule);
      expect(r.code).toBe(1);
    });
});
