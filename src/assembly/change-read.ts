/**
 * The change-set reader (adapter): everything the gate, `digest`, `approve` and `record` need to know about a
 * proposed change, read from git alone (no work tree): base / head / merge-base commits, the files changed in
 * merge-base(base, head)..head, the change manifest, the derived ops, the digest (DESIGN §2.2), the approvals at
 * head, and the BASE branch's layout, policy and state (DESIGN §3: the policy used is the base branch's).
 */
import type { Problem } from '../core/errors.js';
import { GatehouseError, badInput, formatProblem } from '../core/errors.js';
import type { Approval, ChangeManifest, Locate } from '../core/documents.js';
import { loadDocument } from '../formats/validate.js';
import { changedFiles } from '../git/diff.js';
import type { ChangedFile } from '../git/diff.js';
import { readBlob } from '../git/log.js';
import { mergeBase, resolveRef } from '../git/refs.js';
import { GitTree } from '../git/tree.js';
import { loadLayout } from '../repo/layout.js';
import type { RepoLayout } from '../repo/layout.js';
import { loadPolicy } from '../repo/load-policy.js';
import type { Policy } from '../repo/load-policy.js';
import { loadStateDocuments } from '../repo/load-state.js';
import type { LoadStateOptions, StateDocCache } from '../repo/load-state.js';
import { buildState } from '../state/build.js';
import type { BuiltState } from '../state/build.js';
import { diffResources } from '../state/ops.js';
import type { GovernedState, Op, ResourceOrigin } from '../core/state-types.js';
import { changeDigest, fileHash, inDigestScope, recordedMode } from '../change/digest.js';
import type { DigestFile } from '../change/digest.js';

export interface LoadedApproval {
  file: string;
  value: Approval;
  locate: Locate;
  /** Line of the document's first field, for annotations. */
  line?: number;
}

/** The part of a change set that decides its digest (no policy, no approvals). */
export interface ChangeCore {
  repoDir: string;
  baseRef: string;
  headRef: string;
  baseOid: string;
  headOid: string;
  mergeBaseOid: string;
  /** Layout read from the base commit; used for every side, so a change cannot remap its own paths. */
  layout: RepoLayout;
  /** Files changed in merge-base..head, sorted by path. */
  changed: ChangedFile[];
  /** The `<ID>` of the one changes/<ID>/change.yaml added or modified, when there is exactly one. */
  changeId?: string;
  manifestFile?: string;
  manifest?: ChangeManifest;
  manifestLocate?: Locate;
  /** Why there is no usable manifest (none, several, or invalid); the gate turns this into an error node. */
  manifestProblem?: string;
  manifestProblems: Problem[];
  /** diffResources(state at merge-base, state at head): DESIGN §2.1. */
  ops: Op[];
  /** The `files` part of the digest: changed paths in scope, with sha256 of their bytes. */
  files: DigestFile[];
  /** DESIGN §2.2; the empty string when there is no usable manifest (nothing can be bound to it). */
  digest: string;
  mergeBaseState: GovernedState;
  headState: GovernedState;
  /** Where each head resource lives (file:line for op annotations). */
  headOrigins: Map<string, ResourceOrigin>;
  trees: { base: GitTree; head: GitTree; mergeBase: GitTree };
}

export interface ChangeSet extends ChangeCore {
  /** Policy from the base commit: ALWAYS the base, never the head (DESIGN §3). */
  policy: Policy;
  /** State at the base commit (totals for blast-radius percentages). */
  baseState: GovernedState;
  /** Valid approval documents under changes/<ID>/approvals/ at head. */
  approvals: LoadedApproval[];
  /** Approval files that failed to parse or validate (they count for nothing; the gate reports them). */
  approvalProblems: Problem[];
}

function folder(p: string): string {
  const t = p.replace(/^\.\/+/, '').replace(/\/+$/, '');
  return t === '' || t === '.' ? '' : `${t}/`;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The change ids whose manifest the diff adds or modifies. */
export function manifestCandidates(changed: readonly ChangedFile[], changesDir: string): string[] {
  const re = new RegExp(`^${escapeRe(folder(changesDir))}([^/]+)/change\\.yaml$`);
  const ids: string[] = [];
  for (const f of changed) {
    if (f.status === 'deleted') continue;
    const m = re.exec(f.path);
    if (m?.[1]) ids.push(m[1]);
  }
  return ids;
}

async function stateAt(
  tree: GitTree,
  layout: RepoLayout,
  opts: LoadStateOptions = {},
  from?: BuiltState,
): Promise<BuiltState> {
  return buildState(await loadStateDocuments(tree, layout, opts), from ? { from } : {});
}

/** State documents already parsed for a change set, by blob: base, merge-base and head share unchanged files. */
const stateCaches = new WeakMap<ChangeCore, StateDocCache>();

/**
 * Issue 14: only the head side of a changed file is read with the positional parser (strict validation with
 * positions); every other state file takes the fast reader, once per blob, and the positional parser only when
 * it has a finding.
 */
function stateOptions(
  changed: readonly ChangedFile[],
  cache: StateDocCache,
): {
  head: LoadStateOptions;
  other: LoadStateOptions;
} {
  const touched = new Set(changed.filter((f) => f.status !== 'deleted').map((f) => f.path));
  return {
    head: { cache, positional: (file) => touched.has(file) },
    other: { cache, positional: () => false },
  };
}

async function sideHash(
  repoDir: string,
  oid: string | undefined,
  submodule: boolean,
): Promise<string | null> {
  if (oid === undefined) return null;
  if (submodule) return `gitlink:${oid}`; // see src/change/digest.ts
  return fileHash(await readBlob(repoDir, oid));
}

/**
 * Digest files from the changed list (DESIGN §2.2 scope). Sides come from the git objects themselves.
 * A gitlink (submodule) side hashes as "gitlink:<oid>"; a submodule changed to a file keeps its file side hashed.
 */
async function digestFiles(
  repoDir: string,
  changed: readonly ChangedFile[],
  layout: RepoLayout,
  changeId: string,
  trees: { head: GitTree; mergeBase: GitTree },
): Promise<DigestFile[]> {
  const inScope = changed.filter((f) =>
    inDigestScope(f.path, layout.paths, changeId, { before: f.beforeMode, after: f.afterMode }),
  );
  return Promise.all(
    inScope.map(async (f) => {
      const [beforeEntry, afterEntry] = await Promise.all([
        f.beforeOid ? trees.mergeBase.entry(f.path) : undefined,
        f.afterOid ? trees.head.entry(f.path) : undefined,
      ]);
      const beforeMode = recordedMode(f.beforeMode);
      const afterMode = recordedMode(f.afterMode);
      return {
        path: f.path,
        before: await sideHash(repoDir, f.beforeOid, beforeEntry?.type === 'commit'),
        after: await sideHash(repoDir, f.afterOid, afterEntry?.type === 'commit'),
        ...(beforeMode !== undefined ? { before_mode: beforeMode } : {}),
        ...(afterMode !== undefined ? { after_mode: afterMode } : {}),
      };
    }),
  );
}

/** Problems of a bad-input error, or rethrow anything else. */
function problemsOf(err: unknown): Problem[] {
  if (err instanceof GatehouseError && err.code === 'bad-input') return [...err.problems];
  throw err;
}

/** Read base/head/merge-base, the diff, manifest, ops and digest. Throws GatehouseError (exit 2) on bad refs. */
export async function readChangeCore(repoDir: string, baseRef: string, headRef: string): Promise<ChangeCore> {
  const [baseOid, headOid] = await Promise.all([resolveRef(repoDir, baseRef), resolveRef(repoDir, headRef)]);
  const mergeBaseOid = await mergeBase(repoDir, baseOid, headOid);
  const trees = {
    base: new GitTree(repoDir, baseOid, `${baseRef}:`),
    head: new GitTree(repoDir, headOid, `${headRef}:`),
    mergeBase: mergeBaseOid === baseOid ? undefined : new GitTree(repoDir, mergeBaseOid, 'merge-base:'),
  };
  const mbTree = trees.mergeBase ?? trees.base;
  const layout = await loadLayout(trees.base);
  const changed = await changedFiles(repoDir, mergeBaseOid, headOid);
  const cache: StateDocCache = new Map();
  const opts = stateOptions(changed, cache);
  const mbBuilt = await stateAt(mbTree, layout, opts.other);
  // Issue 14: head is built as an edit of the merge base when it is one, and only the edited keys are diffed.
  const headBuilt = await stateAt(trees.head, layout, opts.head, mbBuilt);
  const ops = diffResources(mbBuilt.state.resources, headBuilt.state.resources, headBuilt.editedKeys);

  const core: ChangeCore = {
    repoDir,
    baseRef,
    headRef,
    baseOid,
    headOid,
    mergeBaseOid,
    layout,
    changed,
    manifestProblems: [],
    ops,
    files: [],
    digest: '',
    mergeBaseState: mbBuilt.state,
    headState: headBuilt.state,
    headOrigins: headBuilt.origins,
    trees: { base: trees.base, head: trees.head, mergeBase: mbTree },
  };
  stateCaches.set(core, cache);

  const changesDir = folder(layout.paths.changes);
  const ids = manifestCandidates(changed, layout.paths.changes);
  if (ids.length !== 1) {
    const msg =
      ids.length === 0
        ? `no change manifest: add ${changesDir}<ID>/change.yaml`
        : `one change per pull request: found ${ids.length} change manifests (${ids.join(', ')}); ` +
          `keep one ${changesDir}<ID>/change.yaml and move the others to their own pull requests`;
    core.manifestProblem = msg;
    core.manifestProblems =
      ids.length === 0
        ? [{ file: changesDir, message: msg }]
        : ids.map((id) => ({
            file: `${changesDir}${id}/change.yaml`,
            message: msg,
          }));
    return core;
  }
  const id = ids[0]!;
  const file = `${changesDir}${id}/change.yaml`;
  core.changeId = id;
  core.manifestFile = file;
  core.files = await digestFiles(repoDir, changed, layout, id, { head: trees.head, mergeBase: mbTree });
  try {
    const bytes = await trees.head.read(file);
    if (bytes === undefined) throw badInput([{ file, message: 'change manifest is not a file' }]);
    const { value, locate } = loadDocument('change', bytes, file);
    if (value.id !== id) {
      const pos = locate('/id');
      throw badInput([
        {
          file,
          ...(pos ?? {}),
          pointer: '/id',
          message: `id "${value.id}" does not match its folder "${id}": rename one so they agree`,
        },
      ]);
    }
    core.manifest = value;
    core.manifestLocate = locate;
  } catch (err) {
    core.manifestProblems = problemsOf(err);
    core.manifestProblem = core.manifestProblems.map(formatProblem).join('\n');
    return core;
  }
  core.digest = changeDigest({ manifest: core.manifest, ops, files: core.files });
  return core;
}

async function readApprovals(
  tree: GitTree,
  changesDir: string,
  id: string,
): Promise<{ approvals: LoadedApproval[]; problems: Problem[] }> {
  const dir = `${folder(changesDir)}${id}/approvals`;
  const approvals: LoadedApproval[] = [];
  const problems: Problem[] = [];
  for (const file of await tree.list(dir)) {
    if (!/\.ya?ml$/.test(file)) {
      problems.push({ file, message: 'unexpected file: approvals are changes/<ID>/approvals/<actor>.yaml' });
      continue;
    }
    const bytes = await tree.read(file);
    if (bytes === undefined) continue;
    try {
      const { value, locate } = loadDocument('approval', bytes, file);
      const line = locate('')?.line;
      approvals.push({ file, value, locate, ...(line !== undefined ? { line } : {}) });
    } catch (err) {
      problems.push(...problemsOf(err));
    }
  }
  return { approvals, problems };
}

/**
 * The change set for `headRef` proposed against `baseRef`. Bad refs, unrelated histories, a broken base policy and
 * invalid state documents throw GatehouseError (exit 2); a missing, duplicated or invalid manifest and invalid
 * approvals are reported in the result (manifestProblem, approvalProblems) so the gate can explain them.
 */
export async function readChangeSet(repoDir: string, baseRef: string, headRef: string): Promise<ChangeSet> {
  const core = await readChangeCore(repoDir, baseRef, headRef);
  const base = core.trees.base;
  const [policy, baseState, approvals] = await Promise.all([
    loadPolicy(base, core.layout),
    core.mergeBaseOid === core.baseOid
      ? Promise.resolve(core.mergeBaseState)
      : stateAt(base, core.layout, {
          cache: stateCaches.get(core) ?? new Map(),
          positional: () => false,
        }).then((b) => b.state),
    core.changeId !== undefined
      ? readApprovals(core.trees.head, core.layout.paths.changes, core.changeId)
      : Promise.resolve({ approvals: [], problems: [] }),
  ]);
  return { ...core, policy, baseState, approvals: approvals.approvals, approvalProblems: approvals.problems };
}
