/**
 * `gatehouse record --base REF --head REF [--pr N] [--merge-commit SHA]` (DESIGN §4, §5): after a merge,
 * re-evaluate the gate and append the change's ledger entries (src/record/build.ts). Only what the gate
 * allows is recorded (a denied change exits 1 and writes nothing). The first record in a repository without
 * a ledger writes `genesis` (adoption) with the base state. Recording the same merge twice adds nothing and
 * says so. Incident records the merge adds, overrides the gate applied and post-mortems that land append
 * incident.opened / incident.resolved / override.activated / override.reviewed (src/record/from-repo.ts).
 * With a checkpoint signer key (env GATEHOUSE_CHECKPOINT_KEY, or --checkpoint-key FILE) it writes a
 * signed checkpoint; the key is never printed.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { conflict, usageError } from '../../core/errors.js';
import type { RepoLayout } from '../../repo/layout.js';
import type { LedgerEntry } from '../../core/ledger-entry.js';
import { checkpointPath } from '../../ledger/layout.js';
import { openLedger, type AppendDraft, type Ledger } from '../../store/ledger-store.js';
import { renderText } from '../../gate/render/index.js';
import { buildRecordDrafts, genesisDraft, isoSeconds } from '../../record/build.js';
import { findApplied } from '../../record/applied.js';
import { governedRecordDrafts } from '../../assembly/record-from-repo.js';
import { interruptDrafts, revertedEntries } from '../../record/interrupts.js';
import { DEFAULT_OBSERVATION } from '../../authority/evaluate.js';
import { parseDuration } from '../../core/timestamps.js';
import type { ResultNode } from '../../core/result.js';
import { optionalString, requireString } from '../args.js';
import type { Command, ParsedArgs } from '../command.js';
import { checkpointSignerKey } from '../checkpoint-key.js';
import { readGithubApprovalsFlag } from './check.js';
import { assertNowAfterLedger } from '../ledger-time.js';
import { judgeMerged } from './record-time.js';

const USAGE =
  'gatehouse record --base REF [--head REF] [--pr N] [--merge-commit SHA] [--checkpoint-key FILE] ' +
  '[--github-approvals FILE] [--merged-at ISO] [--repo DIR] [--json] [--now ISO]';

function prFlag(args: ParsedArgs): number | undefined {
  const v = optionalString(args, 'pr');
  if (v === undefined) return undefined;
  if (!/^[1-9]\d{0,9}$/.test(v)) throw usageError(`--pr expects a pull request number, found "${v}"`);
  return Number(v);
}

/** Override ids the decision actually applied (`overrides/<id>:<check>` children that pass). */
function overridesUsed(root: ResultNode): string[] {
  const node = root.children.find((c) => c.id === 'overrides');
  const ids = new Set<string>();
  for (const c of node?.children ?? []) {
    const m = /^overrides\/([^:]+):/.exec(c.id);
    if (m && c.status === 'pass' && / overrides /.test(c.reason)) ids.add(m[1]!);
  }
  return [...ids].sort();
}

export const NO_CHECKPOINT =
  'no checkpoint signed (no --checkpoint-key FILE or GATEHOUSE_CHECKPOINT_KEY): sign the ledger head with ' +
  '`gatehouse checkpoint sign --checkpoint-key FILE` and commit ledger/';

/** Signs the checkpoint when the latest one is missing or smaller than the ledger (with a signer key). */
async function finishCheckpoint(
  repo: string,
  layout: RepoLayout,
  ledger: Ledger,
  signerKey: string | undefined,
): Promise<{ size: number; file: string } | undefined> {
  if (signerKey === undefined || ledger.size === 0) return undefined;
  const text = await readFile(join(repo, checkpointPath(layout)), 'utf8').catch(() => undefined);
  if (text?.split('\n')[1] === String(ledger.size)) return undefined;
  const cp = await ledger.writeCheckpoint(signerKey);
  return { size: cp.size, file: cp.file };
}

export const recordCommand: Command = {
  name: 'record',
  summary: 'append the ledger entries of a merged change (re-evaluated through the gate)',
  usage: USAGE,
  options: {
    base: { type: 'string' },
    head: { type: 'string' },
    pr: { type: 'string' },
    'merge-commit': { type: 'string' },
    'checkpoint-key': { type: 'string' },
    'github-approvals': { type: 'string' },
    'merged-at': { type: 'string' },
  },
  async run(ctx, args) {
    const base = requireString(args, 'base', USAGE);
    const head = optionalString(args, 'head') ?? 'HEAD';
    const pr = prFlag(args);
    const mergeFlag = optionalString(args, 'merge-commit');
    if (mergeFlag !== undefined && !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(mergeFlag))
      throw usageError(`--merge-commit expects a full commit id (40 hex digits), found "${mergeFlag}"`);
    const signerKey = await checkpointSignerKey(ctx, args);
    const githubApprovals = await readGithubApprovalsFlag(ctx, args);

    await assertNowAfterLedger(ctx); // DESIGN §4: before the gate, so it is always exit 2 with nothing written
    // Judged at the merge time (record-time.ts): a merge the PR check allowed is never left unrecorded.
    const { assembled, decision, judgedAt } = await judgeMerged(ctx, args, base, head, githubApprovals);
    const change = assembled.change;
    const ledger = await openLedger(ctx.repo, change.layout);
    const report = (doc: Record<string, unknown>, lines: string[]): void => {
      const out = { size: ledger.size, head: ledger.head, judged_at: isoSeconds(judgedAt), ...doc };
      if (ctx.json) ctx.stdout(JSON.stringify(out));
      else ctx.stdout([...lines, `ledger: ${ledger.size} entries, head ${ledger.head}`].join('\n'));
    };

    /** Appends the drafts (genesis first when adopting), writes the checkpoint, and reports. */
    const appendAll = async (
      drafts: AppendDraft[],
      about: Record<string, unknown>,
      notes: readonly string[],
    ): Promise<number> => {
      if (ledger.size < assembled.ledger.size)
        throw conflict(
          `the working tree's ledger has ${ledger.size} entries, fewer than the ${assembled.ledger.size} at ${base}: ` +
            'record from a checkout of the merged commit',
        );
      const adopting = ledger.size === 0;
      const all = adopting
        ? [genesisDraft({ resources: change.baseState.resources, switches: {} }, ctx.now), ...drafts]
        : drafts;
      const result = await ledger.append(all);
      let checkpoint: { size: number; file: string } | undefined;
      if (signerKey !== undefined) {
        const cp = await ledger.writeCheckpoint(signerKey);
        checkpoint = { size: cp.size, file: cp.file };
      }
      const entries = result.appended.map((e: LedgerEntry) => ({ seq: e.seq, type: e.type }));
      const subjectOf = (e: LedgerEntry): string => {
        const s = e.subject;
        const id = s?.override ?? s?.incident ?? s?.change;
        return id !== undefined ? ` ${id}` : '';
      };
      report(
        {
          appended: result.appended.length,
          skipped: result.skipped.length,
          ...about,
          entries,
          ...(notes.length ? { notes } : {}),
          // No key: say so, never skip the checkpoint silently (verify and monitor then have nothing signed).
          checkpoint: checkpoint ?? null,
          ...(checkpoint ? {} : { checkpoint_note: NO_CHECKPOINT }),
        },
        [
          ...(adopting ? ['record: no ledger yet: genesis written with the base state (adoption)'] : []),
          ...result.appended.map((e) => `appended seq ${e.seq}: ${e.type}${subjectOf(e)}`),
          ...result.skipped.map((d) => `skipped ${d.type}: already recorded`),
          ...notes.map((n) => `note: ${n}`),
          checkpoint
            ? `checkpoint written: ${checkpoint.file} at size ${checkpoint.size}`
            : `note: ${NO_CHECKPOINT}`,
        ],
      );
      return 0;
    };

    const manifest = change.manifest;
    const ledgerDir = `${change.layout.paths.ledger.replace(/\/+$/, '')}/`;
    if (
      change.changeId === undefined &&
      change.changed.length > 0 &&
      change.changed.every((c) => c.path.startsWith(ledgerDir))
    ) {
      // The commit that carries a record itself (DESIGN §6: the Action commits ledger/ after `record`).
      report({ appended: 0, allowed: true }, [
        'record: only ledger files changed (a record commit); nothing to record',
      ]);
      return 0;
    }
    const mergeCommit = mergeFlag ?? change.headOid;
    // Incident records and overrides (src/record/from-repo.ts): read only for a change the gate allows.
    const governed = (): ReturnType<typeof governedRecordDrafts> =>
      governedRecordDrafts({
        assembled,
        decision,
        lines: ledger.lines,
        now: ctx.now,
        commit: mergeCommit,
        ...(pr !== undefined ? { pr } : {}),
      });
    if (!manifest || change.changeId === undefined) {
      if (!decision.allowed) {
        if (!ctx.json) ctx.stdout(renderText(decision).trimEnd());
        report({ appended: 0, allowed: false, refused: true }, [
          'record: refused, the gate denies this change; nothing recorded',
        ]);
        return 1;
      }
      // DESIGN §2.5: a PR that only adds incident records needs no manifest; its records are still entries.
      const extra = await governed();
      const drafts = [...extra.overrides, ...extra.incidents];
      if (drafts.length === 0) {
        report({ appended: 0, allowed: true, ...(extra.notes.length ? { notes: extra.notes } : {}) }, [
          ...extra.notes.map((n) => `note: ${n}`),
          'record: no change manifest and nothing governed changed; nothing to record',
        ]);
        return 0;
      }
      return appendAll(drafts, {}, extra.notes);
    }

    // Idempotent (DESIGN §4): the same merge recorded twice is reported, not re-judged. The same change id
    // merged again by another merge commit is not a repeat: approvals count for one application only.
    const found = findApplied(ledger.lines, manifest.id, change.digest, mergeCommit);
    if (found?.sameMerge) {
      // A record interrupted after its append but before its checkpoint is finished by running it again.
      const repaired = await finishCheckpoint(ctx.repo, change.layout, ledger, signerKey);
      report(
        {
          appended: 0,
          skipped: 1,
          change: manifest.id,
          digest: change.digest,
          already: found.seq,
          ...(repaired ? { checkpoint: repaired } : {}),
        },
        [
          `record: ${manifest.id} (${change.digest}) is already in the ledger at seq ${found.seq}; nothing appended`,
          ...(repaired
            ? [`checkpoint written: ${repaired.file} at size ${repaired.size} (it lagged the ledger)`]
            : []),
        ],
      );
      return 0;
    }
    if (!decision.allowed) {
      if (ctx.json)
        ctx.stdout(
          JSON.stringify({
            appended: 0,
            allowed: false,
            refused: true,
            change: manifest.id,
            size: ledger.size,
            head: ledger.head,
          }),
        );
      else
        ctx.stdout(
          `${renderText(decision).trimEnd()}\nrecord: refused, the gate denies ${manifest.id}; nothing recorded`,
        );
      return 1;
    }
    if (found) {
      const msg = `record: refused, ${manifest.id} was already applied at seq ${found.seq} by merge ${found.commit ?? '(unknown)'}; this merge applies it again. Open a new change with a new id and new approvals`;
      if (ctx.json)
        ctx.stdout(JSON.stringify({ appended: 0, refused: true, change: manifest.id, already: found.seq }));
      else ctx.stdout(msg);
      return 1;
    }
    const policiesDir = `${change.layout.paths.policies.replace(/\/+$/, '')}/`;
    const drafts = buildRecordDrafts({
      manifest,
      ...(assembled.inputs.manifest?.signature
        ? { manifestSignature: assembled.inputs.manifest.signature }
        : {}),
      digest: change.digest,
      ops: change.ops,
      decision,
      baseState: assembled.inputs.baseState,
      policyFiles: change.files.filter((f) => f.path.startsWith(policiesDir)),
      authority: change.policy.authority,
      overrides: overridesUsed(decision.root),
      now: ctx.now,
      ...(pr !== undefined ? { pr } : {}),
      mergeCommit,
    });
    // DESIGN §3: a human's rollback of a level-3 change inside its observation window is an interrupt.
    const interrupts = interruptDrafts({
      manifest,
      digest: change.digest,
      reverted: decision.rollback ? revertedEntries(ledger.lines, manifest) : [],
      proposerKind: change.policy.actors.actors.find((a) => a.id === manifest.proposer)?.kind,
      // A window that does not parse interrupts nothing: the gate has already failed closed on it.
      windowMs:
        parseDuration(change.policy.authority.levels['3']?.observation_window ?? DEFAULT_OBSERVATION) ?? 0,
      at: judgedAt, // the merge time, as the gate judged it
      subject: {
        change: manifest.id,
        commit: mergeCommit,
        ...(pr !== undefined ? { pr } : {}),
      },
    });
    const extra = await governed();
    return appendAll(
      [...interrupts, ...drafts, ...extra.overrides, ...extra.incidents],
      {
        change: manifest.id,
        digest: change.digest,
      },
      extra.notes,
    );
  },
};
