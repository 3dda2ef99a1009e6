/**
 * Paths a pull request adds or changes inside a governed folder that collide, by letter case only, with
 * another entry of the same folder at head (`approvals/Alice.yaml` beside `approvals/alice.yaml`,
 * `state/park/US-EAST-1.yaml` beside `us-east-1.yaml`). On a case-insensitive checkout (macOS, Windows) the two
 * are one file, so what a reviewer or deployer sees is not what the gate judged. Only the folders on the way to
 * each changed path are read, one tree each.
 */
import type { GitTree } from '../git/tree.js';
import type { RepoPaths } from '../core/documents.js';
import { under } from '../core/paths.js';

export interface CaseCollision {
  /** The changed file. */
  path: string;
  /** The other entry, spelled as in the tree. */
  other: string;
}

export async function caseCollisions(
  head: GitTree,
  changed: readonly { path: string; status: 'added' | 'modified' | 'deleted' }[],
  governed: RepoPaths,
): Promise<CaseCollision[]> {
  const folders = Object.values(governed).filter((d): d is string => typeof d === 'string' && d !== '');
  const names = new Map<string, Promise<string[]>>();
  const list = (dir: string): Promise<string[]> => {
    let hit = names.get(dir);
    if (!hit) names.set(dir, (hit = head.names(dir)));
    return hit;
  };
  const out: CaseCollision[] = [];
  const seen = new Set<string>();
  for (const c of changed) {
    if (c.status === 'deleted') continue;
    const root = folders.find((d) => under(c.path, d));
    if (root === undefined) continue;
    const parts = c.path.split('/');
    const depth = root.split('/').length;
    for (let i = depth; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      const name = parts[i]!;
      const other = (await list(dir)).find((n) => n !== name && n.toLowerCase() === name.toLowerCase());
      if (other !== undefined && !seen.has(c.path)) {
        seen.add(c.path);
        out.push({ path: c.path, other: `${dir}/${other}` });
      }
    }
  }
  return out;
}
