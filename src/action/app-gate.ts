/**
 * The gate's pull-request side in process: `digest`, the BASE policy's GitHub identities and `check` run the
 * use cases the CLI runs (src/app/change-digest.ts, check-change.ts) over the same repository port, with no
 * child process. Each base..head has one snapshot per run, so each reader runs once for it (a reviewed commit's
 * digest is computed once however many reviews name it). Errors keep the CLI's wording (`gatehouse <command>:
 * …`); anything that is not bad input is internal (fail closed).
 */
import { GatehouseError, exitCodeFor, internalError } from '../core/errors.js';
import { changeDigest, requireDigest } from '../app/change-digest.js';
import { checkChange } from '../app/check-change.js';
import type { RepositoryPort } from '../app/ports.js';
import { parseGithubApprovals } from '../assembly/from-repo-github.js';
import { gitRepository } from '../assembly/git-repository.js';
import { conclusionOf, decisionAnnotations, decisionMarkdown, decisionTitle } from '../github/decision.js';
import type { GithubIdentity } from '../github/types.js';
import type { GatePort } from './ports.js';

export type InProcessGate = Pick<GatePort, 'digest' | 'githubIdentities' | 'check'>;

/** Runs `fn` as `gatehouse <command>` would: bad input (exit 2) as bad input, anything else as internal. */
async function as<T>(command: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof GatehouseError && exitCodeFor(e) === 2)
      throw new GatehouseError('bad-input', `gatehouse ${command}: ${e.message}`, { problems: e.problems });
    throw internalError(`gatehouse ${command} failed: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}

/** `github: {login, id}` of every actor in the BASE policy (DESIGN §3), strictly loaded. */
export function githubIdentities(policy: Awaited<ReturnType<RepositoryPort['policyAt']>>): GithubIdentity[] {
  return policy.actors.actors.flatMap((a) =>
    a.github ? [{ actor: a.id, login: a.github.login, id: a.github.id }] : [],
  );
}

export function inProcessGate(repository: (dir: string) => RepositoryPort = gitRepository): InProcessGate {
  const repos = new Map<string, RepositoryPort>();
  const repoAt = (dir: string): RepositoryPort => {
    let r = repos.get(dir);
    if (r === undefined) repos.set(dir, (r = repository(dir)));
    return r;
  };
  return {
    digest: (req) =>
      as('digest', async () => {
        const d = requireDigest(await changeDigest(req, { repo: repoAt(req.repoDir) }));
        return { change: d.change, digest: d.digest };
      }),

    githubIdentities: (req) =>
      as('check', async () => githubIdentities(await repoAt(req.repoDir).policyAt(req.base))),

    check: (req) =>
      as('check', async () => {
        // The approvals as `--github-approvals FILE` reads them: validated and normalised the same way.
        const approvals = parseGithubApprovals(
          `${JSON.stringify(req.githubApprovals, null, 2)}\n`,
          'github-approvals.json',
        );
        const { decision: d } = await checkChange(
          { base: req.base, head: req.head, now: req.now, githubApprovals: approvals },
          { repo: repoAt(req.repoDir) },
        );
        return {
          allowed: d.allowed,
          conclusion: conclusionOf(d),
          title: decisionTitle(d),
          markdown: decisionMarkdown(d),
          annotations: decisionAnnotations(d),
          digest: d.digest,
          counted: d.counted,
          ...(d.change ? { change: d.change } : {}),
        };
      }),
  };
}
