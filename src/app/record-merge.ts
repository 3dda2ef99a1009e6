/**
 * `record` as a use case (DESIGN §4, §5): after a merge, re-evaluate the gate and append the change's ledger
 * entries (src/record/build.ts). Only what the gate allows is recorded. The first record in a repository
 * without a ledger writes `genesis` (adoption) with the base state. Recording the same merge twice adds
 * nothing and says so; the same change id merged again by another merge commit is refused. Incident records
 * the merge adds, overrides the gate applied and post-mortems that land append incident.opened /
 * incident.resolved / override.activated / override.reviewed (src/assembly/record-from-repo.ts). With a
 * checkpoint signer key it signs a checkpoint. The result is data: the CLI and the Action render it.
 */
import { conflict } from '../core/errors.js';
import type { LedgerEntry } from '../core/ledger-entry.js';
import type { AppendDraft } from '../ledger/chain.js';
import type { Ledger } from '../store/ledger-store.js';
import type { Decision } from '../gate/evaluate.js';
import type { AssembledGate } from '../assembly/from-repo.js';
import { governedRecordDrafts, type GovernedRecordDrafts } from '../assembly/record-from-repo.js';
import { genesisDraft } from '../record/build.js';
import { findApplied } from '../record/applied.js';
import { mergeDrafts } from '../record/merge-drafts.js';
import type { RecordMergePorts } from './ports.js';
import { judgeMerged, type MergeJudgeRequest } from './record-judge.js';

/** base, head, now, mergedAt and githubApprovals: src/app/record-judge.ts. */
export interface RecordMergeRequest extends MergeJudgeRequest {
  pr?: number;
  /** The merge commit (`--merge-commit`); by default the head commit. */
  mergeCommit?: string;
  /** A checked checkpoint signer key (src/record/signer-key.ts); none means no checkpoint is written. */
  checkpointKey?: string;
}

export interface WrittenCheckpoint {
  size: number;
  file: string;
}

/** One appended entry, for the report: seq, type and the id of its subject (override, incident or change). */
export interface AppendedEntry {
  seq: number;
  type: string;
  subject?: string;
}

/** What `record` did. `size`/`head` are the ledger's after it; `judgedAt` the time the gate decided at. */
export type RecordMergeResult = { size: number; head: string; judgedAt: Date; decision: Decision } & (
  | { kind: 'record-commit' } // only ledger files changed: the commit that carries a record (DESIGN §6)
  | { kind: 'refused'; change?: string } // the gate denies the merged change: nothing written
  | { kind: 'reapplied'; change: string; already: number; commit?: string } // the id was applied by another merge
  | { kind: 'already'; change: string; digest: string; already: number; repaired?: WrittenCheckpoint }
  | { kind: 'nothing'; notes: string[] } // no manifest, and nothing governed changed
  | {
      kind: 'appended';
      adopting: boolean;
      change?: string;
      digest?: string;
      appended: AppendedEntry[];
      skipped: string[];
      notes: string[];
      checkpoint?: WrittenCheckpoint;
    }
);

const subjectOf = (e: LedgerEntry): string | undefined =>
  e.subject?.override ?? e.subject?.incident ?? e.subject?.change;

/** Appends the drafts (genesis first when adopting) and writes the checkpoint when there is a key. */
async function appendAll(
  req: RecordMergeRequest,
  assembled: AssembledGate,
  ledger: Ledger,
  drafts: AppendDraft[],
): Promise<{
  adopting: boolean;
  appended: AppendedEntry[];
  skipped: string[];
  checkpoint?: WrittenCheckpoint;
}> {
  if (ledger.size < assembled.ledger.size)
    throw conflict(
      `the working tree's ledger has ${ledger.size} entries, fewer than the ${assembled.ledger.size} at ${req.base}: ` +
        'record from a checkout of the merged commit',
    );
  const adopting = ledger.size === 0;
  const base = assembled.change.baseState;
  const all = adopting
    ? [genesisDraft({ resources: base.resources, switches: {} }, req.now), ...drafts]
    : drafts;
  const result = await ledger.append(all);
  const cp = req.checkpointKey !== undefined ? await ledger.writeCheckpoint(req.checkpointKey) : undefined;
  return {
    adopting,
    appended: result.appended.map((e) => {
      const subject = subjectOf(e);
      return { seq: e.seq, type: e.type, ...(subject !== undefined ? { subject } : {}) };
    }),
    skipped: result.skipped.map((d) => d.type),
    ...(cp ? { checkpoint: { size: cp.size, file: cp.file } } : {}),
  };
}

/** Signs the checkpoint when the latest one is missing or smaller than the ledger (with a signer key). */
async function finishCheckpoint(
  req: RecordMergeRequest,
  ports: RecordMergePorts,
  assembled: AssembledGate,
  ledger: Ledger,
): Promise<WrittenCheckpoint | undefined> {
  if (req.checkpointKey === undefined || ledger.size === 0) return undefined;
  const text = await ports.readCheckpoint(assembled.change.layout);
  if (text?.split('\n')[1] === String(ledger.size)) return undefined;
  const cp = await ledger.writeCheckpoint(req.checkpointKey);
  return { size: cp.size, file: cp.file };
}

export async function recordMerge(
  req: RecordMergeRequest,
  ports: RecordMergePorts,
): Promise<RecordMergeResult> {
  await ports.assertNowAfterLedger(req.now); // DESIGN §4: before the gate, so it is exit 2 with nothing written
  // Judged at the merge time (src/app/record-judge.ts): a merge the PR check allowed is never left unrecorded.
  const { assembled, decision, judgedAt } = await judgeMerged(req, ports);
  const change = assembled.change;
  const ledger = await ports.openLedger(change.layout);
  const done = <T extends object>(
    r: T,
  ): T & { size: number; head: string; judgedAt: Date; decision: Decision } => ({
    size: ledger.size,
    head: ledger.head,
    judgedAt,
    decision,
    ...r,
  });

  const ledgerDir = `${change.layout.paths.ledger.replace(/\/+$/, '')}/`;
  if (
    change.changeId === undefined &&
    change.changed.length > 0 &&
    change.changed.every((c) => c.path.startsWith(ledgerDir))
  )
    return done({ kind: 'record-commit' as const });
  const mergeCommit = req.mergeCommit ?? change.headOid;
  const where = { commit: mergeCommit, ...(req.pr !== undefined ? { pr: req.pr } : {}) };
  // Incident records and overrides: read only for a change the gate allows.
  const governed = (): Promise<GovernedRecordDrafts> =>
    governedRecordDrafts({ assembled, decision, lines: ledger.lines, now: req.now, ...where });
  const manifest = change.manifest;
  if (!manifest || change.changeId === undefined) {
    if (!decision.allowed) return done({ kind: 'refused' as const });
    // DESIGN §2.5: a PR that only adds incident records needs no manifest; its records are still entries.
    const extra = await governed();
    const drafts = [...extra.overrides, ...extra.incidents];
    if (drafts.length === 0) return done({ kind: 'nothing' as const, notes: extra.notes });
    const r = await appendAll(req, assembled, ledger, drafts);
    return done({ kind: 'appended' as const, ...r, notes: extra.notes });
  }

  // Idempotent (DESIGN §4): the same merge recorded twice is reported, not re-judged. The same change id
  // merged again by another merge commit is not a repeat: approvals count for one application only.
  const found = findApplied(ledger.lines, manifest.id, change.digest, mergeCommit);
  if (found?.sameMerge) {
    // A record interrupted after its append but before its checkpoint is finished by running it again.
    const repaired = await finishCheckpoint(req, ports, assembled, ledger);
    const base = { kind: 'already' as const, change: manifest.id, digest: change.digest, already: found.seq };
    return done(repaired ? { ...base, repaired } : base);
  }
  if (!decision.allowed) return done({ kind: 'refused' as const, change: manifest.id });
  if (found)
    return done({
      kind: 'reapplied' as const,
      change: manifest.id,
      already: found.seq,
      ...(found.commit !== undefined ? { commit: found.commit } : {}),
    });
  const sig = assembled.inputs.manifest?.signature;
  const own = mergeDrafts({
    manifest,
    ...(sig ? { manifestSignature: sig } : {}),
    digest: change.digest,
    ops: change.ops,
    decision,
    baseState: assembled.inputs.baseState,
    files: change.files,
    policiesDir: change.layout.paths.policies,
    authority: change.policy.authority,
    actors: change.policy.actors.actors,
    lines: ledger.lines,
    now: req.now,
    judgedAt,
    ...where,
  });
  const extra = await governed();
  const r = await appendAll(req, assembled, ledger, [...own, ...extra.overrides, ...extra.incidents]);
  return done({
    kind: 'appended' as const,
    ...r,
    change: manifest.id,
    digest: change.digest,
    notes: extra.notes,
  });
}
