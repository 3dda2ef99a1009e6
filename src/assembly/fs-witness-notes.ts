/**
 * The witness-notes port of the use cases (src/app/ports.ts `WitnessNotes`) over the ledger in the work tree at
 * `root` (src/store/witness-notes.ts); it matches that interface by shape.
 */
import type { RepoLayout } from '../core/paths.js';
import { addCheckpointToRepo, type AddToRepoOptions, type AddToRepoResult } from '../store/witness-notes.js';
import type { WitnessPolicy } from '../witness/policy-rules.js';

export class FsWitnessNotes {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  addCheckpoint(layout: RepoLayout, policy: WitnessPolicy, opts: AddToRepoOptions): Promise<AddToRepoResult> {
    return addCheckpointToRepo(this.root, layout, policy, opts);
  }
}
