/**
 * The digest use case (DESIGN §2.2): the change id of base..head and the digest its approvals sign. Reads
 * commits only, through the repository port; writes nothing. Without exactly one valid manifest there is no
 * digest: the result carries the problems, and `requireDigest` turns them into bad input (exit 2).
 */
import { badInput, type Problem } from '../core/errors.js';
import type { RepoLayout } from '../core/paths.js';
import type { RepositoryPort } from './ports.js';

export interface ChangeDigestRequest {
  base: string;
  head: string;
}

export interface ChangeDigestPorts {
  repo: RepositoryPort;
}

export interface ChangeDigest {
  change: string;
  digest: string;
  /** How many ops and files outside state the digest binds. */
  ops: number;
  files: number;
  base: string;
  head: string;
  mergeBase: string;
}

export interface ChangeDigestResult {
  /** The base layout (where the governed folders are). */
  layout: RepoLayout;
  /** Absent when the change has no usable manifest; `problems` then says why. */
  digest?: ChangeDigest;
  problems: Problem[];
}

export async function changeDigest(
  request: ChangeDigestRequest,
  ports: ChangeDigestPorts,
): Promise<ChangeDigestResult> {
  const core = await ports.repo.change(request.base, request.head).core();
  if (core.manifest === undefined || core.changeId === undefined) {
    return {
      layout: core.layout,
      problems:
        core.manifestProblems.length > 0
          ? core.manifestProblems
          : [{ file: ports.repo.dir, message: core.manifestProblem ?? 'no change manifest' }],
    };
  }
  return {
    layout: core.layout,
    digest: {
      change: core.changeId,
      digest: core.digest,
      ops: core.ops.length,
      files: core.files.length,
      base: core.baseOid,
      head: core.headOid,
      mergeBase: core.mergeBaseOid,
    },
    problems: [],
  };
}

/** The digest, or bad input (exit 2) naming why there is none. */
export function requireDigest(result: ChangeDigestResult): ChangeDigest {
  if (result.digest === undefined) throw badInput(result.problems);
  return result.digest;
}
