/**
 * Writes a scaffold into a directory and starts its ledger: the `genesis` entry holds the state the
 * ledger starts from (DESIGN §4), and the first checkpoint is signed at once.
 */
import { appendFile, chmod, lstat, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { conflict } from '../core/errors.js';
import { preflightPolicies } from './preflight.js';
import { openLedger } from '../store/ledger-store.js';
import { FsTree } from '../repo/fs-tree.js';
import { loadLayout } from '../repo/layout.js';
import { loadStateDocuments } from '../repo/load-state.js';
import { buildState } from '../state/build.js';
import type { GovernedState } from '../core/state-types.js';
import type { Scaffold } from './scaffold.js';

export interface InitResult {
  dir: string;
  written: string[];
  /** Existing files init appended to (adoption: .gitignore). */
  appended: string[];
  secrets: string[];
  /** Resources the genesis entry holds (adoption: the existing state). */
  resources: number;
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

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/**
 * Adoption (`init --adopt`) writes around what is there and never overwrites: every file it would write,
 * the ledger folder and the secrets must be absent (refused, naming each). `.gitignore` is the one file
 * it may extend, by appending the secrets folder.
 */
async function adoptionConflicts(dir: string, scaffold: Scaffold): Promise<string[]> {
  const paths = [...scaffold.files.keys(), ...scaffold.secrets.keys(), 'ledger'].filter(
    (p) => p !== '.gitignore',
  );
  const taken: string[] = [];
  for (const p of paths) if (await exists(join(dir, p))) taken.push(p);
  return taken.sort();
}

export interface WriteOptions {
  /** Write around an existing repository and its state/ (init --adopt). */
  adopt?: boolean;
}

export async function writeScaffold(
  dir: string,
  scaffold: Scaffold,
  now: Date,
  actor: string,
  options: WriteOptions = {},
): Promise<InitResult> {
  // Bad input writes nothing: refuse before the first write.
  if (options.adopt) {
    if (!(await exists(join(dir, 'state'))))
      throw conflict(
        `${dir} has no state/ folder to adopt: run \`gatehouse init\` without --adopt for a new repository`,
      );
    const taken = await adoptionConflicts(dir, scaffold);
    if (taken.length)
      throw conflict(
        `init --adopt never overwrites: ${taken.join(', ')} already ${taken.length === 1 ? 'exists' : 'exist'} in ${dir}; move ${taken.length === 1 ? 'it' : 'them'} aside (or adopt by hand)`,
      );
  } else if (!(await isEmptyOrMissing(dir)))
    throw conflict(
      (await exists(join(dir, 'state')))
        ? `${dir} is not empty: to govern its existing state/, run \`gatehouse init --adopt\``
        : `${dir} is not empty: init writes only into an empty directory (or one holding just .git); \`init --adopt\` writes around an existing state/ folder`,
    );
  await preflightPolicies(scaffold, scaffold.keySources);
  // DESIGN §4 adoption: the genesis entry holds the state the ledger starts from, validated before any write.
  // Adoption validates the existing state before any write (bad state: exit 2 with file:line).
  const tree = new FsTree(dir);
  const readState = async (): Promise<GovernedState> =>
    buildState(await loadStateDocuments(tree, await loadLayout(tree))).state;
  const adopted = options.adopt ? await readState() : undefined;

  const written: string[] = [];
  const appended: string[] = [];
  for (const [path, text] of [...scaffold.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const full = join(dir, path);
    if (options.adopt && path === '.gitignore' && (await exists(full))) {
      const had = await readFile(full, 'utf8');
      if (!had.split(/\r?\n/).some((l) => text.trim() === l.trim())) {
        await appendFile(full, `${had === '' || had.endsWith('\n') ? '' : '\n'}${text}`);
        appended.push(path);
      }
      continue;
    }
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, text);
    written.push(path);
  }
  for (const [path, text] of scaffold.secrets) {
    await mkdir(dirname(join(dir, path)), { recursive: true, mode: 0o700 });
    await writeFile(join(dir, path), text, { mode: 0o600 });
    await chmod(join(dir, path), 0o600);
  }

  const state = adopted ?? (await readState());
  const layout = await loadLayout(tree);
  const ledger = await openLedger(dir, layout);
  await ledger.append([
    { ts: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), type: 'genesis', actor, body: { state } },
  ]);
  await ledger.writeCheckpoint(scaffold.checkpointSignerKey);
  return {
    dir,
    written,
    appended,
    secrets: [...scaffold.secrets.keys()],
    resources: Object.keys(state.resources).length,
    ledgerSize: ledger.size,
    head: ledger.head,
  };
}
