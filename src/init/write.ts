/**
 * Writes a scaffold into a directory and starts its ledger: the `genesis` entry holds the state the
 * ledger starts from (DESIGN §4), and the first checkpoint is signed at once.
 */
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { conflict } from '../errors/errors.js';
import { openLedger } from '../ledger/store.js';
import { FsTree } from '../repo/fs-tree.js';
import { loadLayout } from '../repo/layout.js';
import { loadStateDocuments } from '../repo/load-state.js';
import { buildState } from '../state/build.js';
import type { Scaffold } from './scaffold.js';

export interface InitResult {
  dir: string;
  written: string[];
  secrets: string[];
  ledgerSize: number;
  head: string;
}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    const entries = await readdir(dir);
    return entries.every((e) => e === '.git');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}

export async function writeScaffold(
  dir: string,
  scaffold: Scaffold,
  now: Date,
  actor: string,
): Promise<InitResult> {
  // Bad input writes nothing: refuse before the first write.
  if (!(await isEmptyOrMissing(dir)))
    throw conflict(
      `${dir} is not empty: init writes only into an empty directory (or one holding just .git)`,
    );
  const written: string[] = [];
  for (const [path, text] of [...scaffold.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
    written.push(path);
  }
  for (const [path, text] of scaffold.secrets) {
    await mkdir(dirname(join(dir, path)), { recursive: true, mode: 0o700 });
    await writeFile(join(dir, path), text, { mode: 0o600 });
    await chmod(join(dir, path), 0o600);
  }

  const tree = new FsTree(dir);
  const layout = await loadLayout(tree);
  const { state } = buildState(await loadStateDocuments(tree, layout));
  const ledger = await openLedger(dir, layout);
  await ledger.append([
    { ts: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), type: 'genesis', actor, body: { state } },
  ]);
  await ledger.writeCheckpoint(scaffold.checkpointSignerKey);
  return { dir, written, secrets: [...scaffold.secrets.keys()], ledgerSize: ledger.size, head: ledger.head };
}
