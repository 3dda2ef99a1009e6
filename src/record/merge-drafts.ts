/**
 * The entries of one merged change, in order (DESIGN §3, §4): the interrupts its rollback causes (a human's
 * rollback of a level-3 change inside its observation window), then the change's own entries
 * (src/record/build.ts). Pure: the caller passes what the gate read and the ledger's lines.
 */
import type { Actor, AuthorityPolicy, ChangeManifest } from '../core/documents.js';
import type { SignatureCheck } from '../core/gate-inputs.js';
import type { GovernedState, Op } from '../core/state-types.js';
import { parseDuration } from '../core/timestamps.js';
import { DEFAULT_OBSERVATION } from '../authority/evaluate.js';
import type { DigestFile } from '../change/digest.js';
import type { Decision } from '../gate/evaluate.js';
import type { AppendDraft } from '../ledger/chain.js';
import { buildRecordDrafts } from './build.js';
import { interruptDrafts, revertedEntries } from './interrupts.js';

export interface MergeDraftsInput {
  manifest: ChangeManifest;
  manifestSignature?: SignatureCheck;
  digest: string;
  ops: readonly Op[];
  decision: Decision;
  baseState: GovernedState;
  /** Every changed file of the change (the ones under `policiesDir` make policy.changed). */
  files: readonly DigestFile[];
  policiesDir: string;
  authority: AuthorityPolicy;
  actors: readonly Actor[];
  /** Every line of the ledger the entries go to (seq = index). */
  lines: readonly string[];
  /** The time entries are stamped with. */
  now: Date;
  /** The time the gate judged the merge at. */
  judgedAt: Date;
  commit: string;
  pr?: number;
}

export function mergeDrafts(input: MergeDraftsInput): AppendDraft[] {
  const { manifest, pr } = input;
  const dir = `${input.policiesDir.replace(/\/+$/, '')}/`;
  const drafts = buildRecordDrafts({
    manifest,
    ...(input.manifestSignature ? { manifestSignature: input.manifestSignature } : {}),
    digest: input.digest,
    ops: input.ops,
    decision: input.decision, // overrides used: the decision's typed overridesUsed
    baseState: input.baseState,
    policyFiles: input.files.filter((f) => f.path.startsWith(dir)),
    authority: input.authority,
    now: input.now,
    ...(pr !== undefined ? { pr } : {}),
    mergeCommit: input.commit,
  });
  const interrupts = interruptDrafts({
    manifest,
    digest: input.digest,
    reverted: input.decision.rollback ? revertedEntries(input.lines, manifest) : [],
    proposerKind: input.actors.find((a) => a.id === manifest.proposer)?.kind,
    // A window that does not parse interrupts nothing: the gate has already failed closed on it.
    windowMs: parseDuration(input.authority.levels['3']?.observation_window ?? DEFAULT_OBSERVATION) ?? 0,
    at: input.judgedAt, // the merge time, as the gate judged it
    subject: { change: manifest.id, commit: input.commit, ...(pr !== undefined ? { pr } : {}) },
  });
  return [...interrupts, ...drafts];
}
