/**
 * The `change new` use case (DESIGN §2.2): scaffold `changes/<ID>/change.yaml` with the next free CHG-NNNN (ids
 * already used by a folder under changes/ or by a ledger entry are never reused), proposed_at = now, checked
 * against the schema and the policy's actors before it is written.
 */
import type { ChangeManifest, Level } from '../core/documents.js';
import { keyringFromTree } from '../repo/policy-keyring.js';
import type { RepoLayout } from '../repo/layout.js';
import { treeSegments } from '../assembly/tree-segments.js';
import type { WorkTree } from './ports.js';
import { writeManifest, type ManifestPorts, type WrittenManifest } from './write-manifest.js';

export interface ChangeNewRequest {
  title: string;
  proposer: string;
  level: Level;
  kind: 'change' | 'recommendation' | 'policy';
  justification?: string;
  /** The id to use; else the next free CHG-NNNN. */
  id?: string;
  now: Date;
  usage: string;
}

export interface ChangeNewResult extends WrittenManifest {
  id: string;
  /** What the gate will say about it, e.g. a level above the proposer's. */
  notes: string[];
}

/** Numbers of CHG-NNNN ids in use: folders under changes/ and ledger entries naming a change. */
async function usedNumbers(tree: WorkTree, layout: RepoLayout): Promise<number[]> {
  const used: number[] = [];
  const take = (id: string): void => {
    const m = /^CHG-(\d+)$/.exec(id);
    if (m) used.push(Number(m[1]));
  };
  for (const name of await tree.names(layout.paths.changes)) take(name);
  for (const seg of (await treeSegments(tree, layout)).segments) {
    const text = (await tree.readText(seg.path)) ?? '';
    for (const m of text.matchAll(/"change":"(CHG-\d+)"/g)) take(m[1]!);
  }
  return used;
}

export function nextChangeId(used: readonly number[]): string {
  const n = used.reduce((a, b) => Math.max(a, b), 0) + 1;
  return `CHG-${String(n).padStart(4, '0')}`;
}

export async function changeNew(request: ChangeNewRequest, ports: ManifestPorts): Promise<ChangeNewResult> {
  const { proposer, justification } = request;
  const policy = await keyringFromTree(ports.workTree);
  const id = request.id ?? nextChangeId(await usedNumbers(ports.workTree, policy.layout));
  const fields = {
    kind: request.kind as ChangeManifest['kind'],
    title: request.title,
    level: request.level,
    ...(justification !== undefined ? { justification } : {}),
  };
  const written = await writeManifest({ id, fields, proposer }, policy, request.now, request.usage, ports);
  const actor = policy.actors.actors.find((a) => a.id === proposer);
  const level = written.manifest.level;
  const notes =
    actor !== undefined && level > actor.max_level
      ? [
          `${proposer} may act at level ${actor.max_level} at most: the gate denies level ${level} without an escalation grant`,
        ]
      : [];
  return { ...written, id, notes };
}
