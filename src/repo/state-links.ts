/**
 * Symlinks and submodules under the state folder (DESIGN §2.1: state is the YAML files under state/). The gate
 * reads state from git objects and never follows a link, so a symlinked folder or file, or a submodule (gitlink),
 * would put state a deployer reads out of the gate's sight; each is refused, naming the path and what would pass.
 */
import type { Problem } from '../core/errors.js';
import type { RepoLayout } from './layout.js';
import type { TreeLink, TreeReader } from '../core/tree.js';

/** The links under (or on the way to) the state folder; empty for readers that cannot tell. */
export async function stateLinks(tree: TreeReader, layout: RepoLayout): Promise<TreeLink[]> {
  return tree.links ? tree.links(layout.paths.state) : [];
}

/** Whether `path` is a link or lies under one. */
export function underLink(path: string, links: readonly TreeLink[]): boolean {
  return links.some((l) => path === l.path || path.startsWith(`${l.path}/`));
}

export function stateLinkProblem(link: TreeLink): Problem {
  const message =
    link.kind === 'symlink'
      ? `${link.path} is a symbolic link${link.target !== undefined ? ` (to ${JSON.stringify(link.target)})` : ''} in the state folder: the gate never follows links, so the state it points at would go unjudged; replace the link with the file or folder itself (git rm ${link.path}, then add a copy)`
      : `${link.path} is a git submodule in the state folder: its files live in another repository the gate cannot judge; move that state into this repository (git rm ${link.path}, then add the files)`;
  return { file: link.path, message };
}

/** One problem per symlink or submodule under the state folder. */
export async function stateLinkProblems(tree: TreeReader, layout: RepoLayout): Promise<Problem[]> {
  return (await stateLinks(tree, layout)).map(stateLinkProblem);
}
