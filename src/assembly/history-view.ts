/**
 * One commit's view of its ledger, for the history walk (history.ts): where gatehouse.yaml at that commit puts
 * the ledger (DESIGN §2: every path may be remapped), the blob of each segment and archived checkpoint, the
 * latest checkpoint, and the checkpoint key file under that commit's policies folder.
 */
import { isGatehouseError } from '../core/errors.js';
import { CONFIG_FILE, defaultLayout, joinPath, loadLayout, type RepoLayout } from '../repo/layout.js';
import { segmentList } from '../ledger/segments.js';
import { readBlobOid, readTreeEntries } from '../git/repo.js';
import type { CommitInfo, GitRepo, TreeEntry } from '../git/repo.js';

export interface LedgerView {
  /** The layout the view was read with. */
  layout: RepoLayout;
  /** The ledger folder at this commit, without a trailing slash. */
  ledgerDir: string;
  /** The checkpoint key file at this commit (policies folder + ledger.checkpoint_key). */
  keyPath: string;
  /** Equal ids mean nothing the walk checks changed. */
  id: string;
  /** Segment name → blob oid (`<ledger>/events/*.jsonl`, a committed `.pending` file by its final name). */
  segs: Map<string, string>;
  /** Archived checkpoint file name → blob oid (`<ledger>/checkpoints/*.note`). */
  checkpoints: Map<string, string>;
  /** Blob oid of `<ledger>/checkpoint`. */
  latest?: string;
  /** Blob oid of the checkpoint key file. */
  key?: string;
  /** Why gatehouse.yaml at this commit does not load (the previous layout is kept). */
  layoutProblem?: string;
}

/** Where the ledger is at a commit: fixed, or read from the commit's gatehouse.yaml. */
export interface LayoutSource {
  /** The layout for a commit whose root tree holds gatehouse.yaml as `config` (undefined: none). */
  layout(repo: GitRepo, config: TreeEntry | undefined): Promise<{ layout?: RepoLayout; problem?: string }>;
}

const trimDir = (d: string): string => d.replace(/\/+$/, '');

export function fixedLayout(ledgerDir: string): LayoutSource {
  const layout = defaultLayout();
  layout.paths.ledger = trimDir(ledgerDir);
  return { layout: () => Promise.resolve({ layout }) };
}

/** gatehouse.yaml at each commit, parsed once per blob; a file that does not load yields its problem. */
export function followLayout(): LayoutSource {
  const cache = new Map<string, Promise<{ layout?: RepoLayout; problem?: string }>>();
  const parse = async (repo: GitRepo, oid: string): Promise<{ layout?: RepoLayout; problem?: string }> => {
    const bytes = await readBlobOid(repo, oid);
    try {
      return {
        layout: await loadLayout({
          label: `${oid.slice(0, 12)}:`,
          read: (p) => Promise.resolve(p === CONFIG_FILE ? bytes : undefined),
          list: () => Promise.resolve([]),
        }),
      };
    } catch (err) {
      if (isGatehouseError(err)) return { problem: err.message.split('\n')[0] ?? err.message };
      throw err;
    }
  };
  return {
    layout(repo, config) {
      if (config === undefined) return Promise.resolve({ layout: defaultLayout() });
      if (config.type !== 'blob') return Promise.resolve({ problem: 'gatehouse.yaml is not a file' });
      let p = cache.get(config.oid);
      if (!p) {
        p = parse(repo, config.oid);
        cache.set(config.oid, p);
      }
      return p;
    },
  };
}

async function entryAt(repo: GitRepo, tree: string, path: string): Promise<TreeEntry | undefined> {
  const parts = path.split('/').filter((s) => s !== '' && s !== '.');
  let entry: TreeEntry | undefined = { mode: '040000', path: '', oid: tree, type: 'tree' };
  for (const part of parts) {
    if (entry?.type !== 'tree') return undefined;
    entry = (await readTreeEntries(repo, entry.oid)).find((x) => x.path === part);
  }
  return entry;
}

async function blobsIn(repo: GitRepo, dir: TreeEntry | undefined, ext: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (dir?.type !== 'tree') return out;
  for (const e of await readTreeEntries(repo, dir.oid))
    if (e.type === 'blob' && e.path.endsWith(ext)) out.set(e.path, e.oid);
  return out;
}

/** The ledger's segments in `events` (segments.ts `segmentList`: committed pending ones by their final name) → blob oid. */
async function segmentBlobs(
  repo: GitRepo,
  events: TreeEntry | undefined,
  segmentSize: number,
): Promise<Map<string, string>> {
  const blobs = await blobsIn(repo, events, '');
  const { segments } = await segmentList(blobs.keys(), segmentSize, async (name) =>
    Buffer.from(await readBlobOid(repo, blobs.get(name)!)).toString('utf8'),
  );
  return new Map(segments.map((s) => [s.name, blobs.get(s.stored)!]));
}

/**
 * The ledger view at `c`. When the commit's gatehouse.yaml does not load, the view is read with `fallback` (the
 * layout of the commit before it; the defaults until one is known) and carries the problem.
 */
export async function viewAt(
  repo: GitRepo,
  c: CommitInfo,
  layouts: LayoutSource,
  fallback: RepoLayout = defaultLayout(),
): Promise<LedgerView> {
  const root = await readTreeEntries(repo, c.tree);
  const found = await layouts.layout(
    repo,
    root.find((e) => e.path === CONFIG_FILE),
  );
  const layout = found.layout ?? fallback;
  const problem = found.layout ? undefined : (found.problem ?? 'unreadable');
  const ledgerDir = trimDir(layout.paths.ledger);
  const keyPath = joinPath(layout.paths.policies, layout.ledger.checkpoint_key);
  const ledger = await entryAt(repo, c.tree, ledgerDir);
  const inLedger = async (name: string): Promise<TreeEntry | undefined> =>
    ledger?.type === 'tree'
      ? (await readTreeEntries(repo, ledger.oid)).find((e) => e.path === name)
      : undefined;
  const [events, archive, latest, key] = await Promise.all([
    inLedger('events'),
    inLedger('checkpoints'),
    inLedger('checkpoint'),
    entryAt(repo, c.tree, keyPath),
  ]);
  const [segs, checkpoints] = await Promise.all([
    segmentBlobs(repo, events, layout.ledger.segment_size),
    blobsIn(repo, archive, '.note'),
  ]);
  const latestOid = latest?.type === 'blob' ? latest.oid : undefined;
  const keyOid = key?.type === 'blob' ? key.oid : undefined;
  return {
    layout,
    ledgerDir,
    keyPath,
    id: [
      ledgerDir,
      events?.oid ?? '',
      archive?.oid ?? '',
      latestOid ?? '',
      keyPath,
      keyOid ?? '',
      problem ?? '',
    ].join('\0'),
    segs,
    checkpoints,
    ...(latestOid !== undefined ? { latest: latestOid } : {}),
    ...(keyOid !== undefined ? { key: keyOid } : {}),
    ...(problem !== undefined ? { layoutProblem: problem } : {}),
  };
}
