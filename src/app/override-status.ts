/**
 * `override status` (DESIGN §2.6, §3): each override's status derived from its files and the clock. The gate reads
 * overrides, their signatures, incidents and the policy from commits, so status reads the committed tree at HEAD
 * (or a given ref) and says which; outside a git repository, the working tree.
 */
import { badInput, notFound } from '../core/errors.js';
import type { TreeReader } from '../core/tree.js';
import { loadDocument } from '../formats/validate.js';
import { loadIncidents } from '../incidents/load.js';
import { deriveStatus, type OverrideView } from '../overrides/lifecycle.js';
import { loadOverrides } from '../overrides/load.js';
import { joinPath, type RepoLayout } from '../repo/layout.js';
import { keyringFromTree } from '../repo/policy-keyring.js';
import type { GitCommits, WorkTree } from './ports.js';

export interface OverrideStatusRequest {
  /** One override, or every one. */
  id?: string;
  /** `--ref`; default HEAD. */
  ref?: string;
  now: Date;
}

export type StatusSource = { ref: string; commit: string } | { worktree: string };

export interface OverrideStatusResult {
  source: StatusSource;
  overrides: OverrideView[];
  layout: RepoLayout;
}

async function views(tree: TreeReader, now: Date): Promise<{ views: OverrideView[]; layout: RepoLayout }> {
  const { layout, actors, keyring } = await keyringFromTree(tree);
  const quorumFile = joinPath(layout.paths.policies, 'quorum.yaml');
  const quorumBytes = await tree.read(quorumFile);
  if (quorumBytes === undefined) throw notFound(`${tree.label}${quorumFile} is missing`, quorumFile);
  const quorum = loadDocument('quorum', quorumBytes, quorumFile).value;
  const incidents = await loadIncidents(tree, layout);
  const { records, problems } = await loadOverrides(tree, layout, {
    actors,
    quorum,
    keyring,
    incidents: incidents.records,
    now,
  });
  if (problems.length > 0) throw badInput(problems);
  return { views: records.map((r) => deriveStatus(r, now)), layout };
}

export async function overrideStatus(
  request: OverrideStatusRequest,
  ports: { work: WorkTree; git: Pick<GitCommits, 'isRepository' | 'resolve' | 'tree'> },
): Promise<OverrideStatusResult> {
  const { id, ref } = request;
  let tree: TreeReader;
  let source: StatusSource;
  if (ref === undefined && !(await ports.git.isRepository())) {
    tree = ports.work;
    source = { worktree: ports.work.root };
  } else {
    const commit = await ports.git.resolve(ref ?? 'HEAD');
    tree = ports.git.tree(commit);
    source = { ref: ref ?? 'HEAD', commit };
  }
  const { views: all, layout } = await views(tree, request.now);
  const shown = id === undefined ? all : all.filter((v) => v.id === id);
  if (id !== undefined && shown.length === 0)
    throw notFound(
      `no override ${id} in ${'commit' in source ? `${source.ref} (${source.commit.slice(0, 12)})` : 'the working tree'}`,
    );
  return { source, overrides: shown, layout };
}
