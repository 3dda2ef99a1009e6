/**
 * The check use case (DESIGN §3, §5): judge base..head under the BASE policy, keyring and ledger and return the
 * decision tree as data. Reads commits only, through the repository port; writes nothing. Bad refs, a broken
 * base policy or malformed GitHub approvals throw GatehouseError (exit 2).
 */
import { performance } from 'node:perf_hooks';
import { notFound } from '../core/errors.js';
import { CONFIG_FILE, joinPath, type RepoLayout } from '../core/paths.js';
import { evaluateGate, type Decision } from '../gate/evaluate.js';
import { assembleGateInputs, type AssembledGate, type GithubApprovalInput } from '../assembly/from-repo.js';
import { parseGithubApprovals } from '../assembly/from-repo-github.js';
import type { RepositoryPort, WorkTreePort } from './ports.js';

export interface CheckChangeRequest {
  base: string;
  head: string;
  now: Date;
  /** GitHub review approvals mapped to actors (docs/action.md), and at most one PR author. */
  githubApprovals?: readonly GithubApprovalInput[];
}

export interface CheckChangePorts {
  repo: RepositoryPort;
  /** For the SARIF root file; optional where no SARIF is rendered. */
  work?: WorkTreePort;
}

export interface CheckChangeResult {
  decision: Decision;
  assembled: AssembledGate;
  /** The base layout every side was read with. */
  layout: RepoLayout;
  /**
   * Where repository-wide findings sit (SARIF): gatehouse.yaml when the repository has one, else the actors
   * file, which every governed repository has.
   */
  rootFile: string;
  timings: { gitReadMs: number; signaturesMs: number; evaluationMs: number };
}

export async function checkChange(
  request: CheckChangeRequest,
  ports: CheckChangePorts,
): Promise<CheckChangeResult> {
  const { base, head, now } = request;
  const assembled = await assembleGateInputs(ports.repo.dir, base, head, now, {
    ...(request.githubApprovals ? { githubApprovals: request.githubApprovals } : {}),
    change: ports.repo.change(base, head).changeSet(),
  });
  const t = performance.now();
  const decision = evaluateGate(assembled.inputs);
  const evaluationMs = performance.now() - t;
  const layout = assembled.change.layout;
  const rootFile =
    ports.work !== undefined && (await ports.work.exists(CONFIG_FILE))
      ? CONFIG_FILE
      : joinPath(assembled.inputs.governedPaths.policies, 'actors.yaml');
  return { decision, assembled, layout, rootFile, timings: { ...assembled.timings, evaluationMs } };
}

/** `--github-approvals FILE` (docs/action.md): read from the work tree and parsed strictly (exit 2, file:line). */
export async function readGithubApprovals(work: WorkTreePort, file: string): Promise<GithubApprovalInput[]> {
  let text: string;
  try {
    text = Buffer.from(await work.readBytes(file)).toString('utf8');
  } catch (e) {
    throw notFound(
      `--github-approvals ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      file,
    );
  }
  return parseGithubApprovals(text, file);
}
