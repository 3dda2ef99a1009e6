/** The ports the CLI hands its use cases (src/app/ports.ts): git and the file system under `--repo`. */
import type { RepositoryPort, WorkTreePort } from '../app/ports.js';
import { FsWorkTree } from '../assembly/fs-work-files.js';
import { gitRepository } from '../assembly/git-repository.js';
import type { CliContext } from './command.js';

/** Fresh per command run: a snapshot never outlives the run that opened it. */
export function cliPorts(ctx: Pick<CliContext, 'repo'>): { repo: RepositoryPort; work: WorkTreePort } {
  return { repo: gitRepository(ctx.repo), work: new FsWorkTree(ctx.repo) };
}
