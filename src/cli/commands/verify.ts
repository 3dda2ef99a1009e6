/**
 * `gatehouse verify [--history | --no-history] [--since CHECKPOINT]` (DESIGN §5): chain, Merkle root, checkpoints
 * and their signatures, snapshots by replay, and drift between the replayed state and state/; in a git clone also
 * the git history of the ledger (verify-history.ts) unless `--no-history`. Exit 0 clean, 1 on any finding, and
 * every failure names its findings (git history violations are findings too). `--since` verifies incrementally
 * from a checkpoint verified earlier (src/ledger/verify-since.ts): `ledger/checkpoints/<size>.note` by its size,
 * or a note file kept outside the repository.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { decodeUtf8Strict, describeBadByte, utf8Position } from '../../core/utf8.js';
import { badInput, notFound, usageError } from '../../core/errors.js';
import { archivedCheckpointPath, type LedgerLayout } from '../../ledger/layout.js';
import { sinceCheckpoint } from '../../ledger/verify-since.js';
import type { TextFile } from '../../ledger/verify-checkpoints.js';
import { readLedgerFiles } from '../../store/ledger-files.js';
import { NoteError, parseVerifierKey } from '../../ledger/note.js';
import { verifyLedger, type Finding, type VerifyReport } from '../../ledger/verify.js';
import type { SinceReport } from '../../ledger/verify-since.js';
import { FsTree } from '../../repo/fs-tree.js';
import { joinPath, loadLayout } from '../../repo/layout.js';
import { loadStateDocuments } from '../../repo/load-state.js';
import { buildState } from '../../state/build.js';
import { optionalString } from '../args.js';
import { formatFinding } from '../render-findings.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';
import { historyUnavailable, runVerifyHistory, type VerifyHistoryOutcome } from './verify-history.js';
import { witnessOptions } from '../../witness/verify-options.js';
import { witnessLines } from '../../witness/render.js';

const USAGE =
  'gatehouse verify [--history | --no-history] [--since CHECKPOINT] [--witnessed-only] [--repo DIR] [--json]';

/**
 * Whether to prove the git history: `--history` demands it (exit 2 where it cannot be done), `--no-history` skips
 * it, and by default it runs in a git clone; outside one the run says so in a note and does not fail (an exported
 * copy of the ledger can still be verified on its own). A shallow clone is bad input either way.
 */
async function historyPlan(ctx: CliContext, args: ParsedArgs): Promise<{ run: boolean; note?: string }> {
  const demanded = args.values.history === true;
  if (args.values['no-history'] === true) {
    if (demanded) throw usageError(`--history and --no-history contradict each other\nusage: ${USAGE}`);
    return { run: false, note: 'git history not proven (--no-history)' };
  }
  if (demanded) return { run: true };
  const why = await historyUnavailable(ctx.repo);
  if (why === undefined) return { run: true };
  return {
    run: false,
    note: `git history not proven: ${why} (verify a clone of the repository to prove no commit rewrote the ledger)`,
  };
}

/** History violations as findings, so that a failure always names what failed. */
function historyFindings(h: VerifyHistoryOutcome): Finding[] {
  const events = `${h.ledgerDir.replace(/\/+$/, '')}/events`;
  return h.result.findings.map((f) => ({ check: 'history', file: f.file ?? events, message: f.message }));
}

function sinceLine(s: SinceReport): string {
  const from = s.from === null ? 'genesis' : `snapshot ${s.from}`;
  return (
    `since: ${s.file} (size ${s.size}): ${s.signed ? 'signed' : 'NOT verified'}, ` +
    `${s.consistent ? 'consistent with the current root (RFC 9162)' : 'NOT consistent with the current root'}; ` +
    `${s.checked} entries verified in full, replay from ${from}`
  );
}

async function readOptionalBytes(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * `--since`: a size (`ledger/checkpoints/<size>.note`) or a note file (relative to the repository, else to
 * the working directory). Missing or malformed: bad input (exit 2), nothing verified.
 */
async function readSince(ctx: CliContext, layout: LedgerLayout, arg: string): Promise<TextFile> {
  const file = /^\d+$/.test(arg) ? archivedCheckpointPath(layout, Number(arg)) : arg;
  const paths = /^\d+$/.test(arg) ? [resolve(ctx.repo, file)] : [resolve(ctx.repo, file), resolve(file)];
  let bytes: Uint8Array | undefined;
  for (const path of paths) bytes ??= await readOptionalBytes(path);
  if (bytes === undefined) throw notFound(`--since ${arg}: no checkpoint file ${file}`, file);
  // signed-note: valid UTF-8, checked on the bytes with a fatal decoder (U+FFFD is a valid character).
  const decoded = decodeUtf8Strict(bytes, { keepBom: true });
  if (!decoded.ok)
    throw badInput([
      {
        file,
        ...utf8Position(bytes, decoded.offset),
        message: `invalid UTF-8 (${describeBadByte(decoded)}): not a signed checkpoint`,
      },
    ]);
  const text = decoded.text;
  try {
    sinceCheckpoint({ file, text });
  } catch (err) {
    if (err instanceof NoteError)
      throw badInput([{ file, line: 1, message: `not a signed checkpoint: ${err.message}` }]);
    throw err;
  }
  return { file, text };
}

export const verifyCommand: Command = {
  name: 'verify',
  summary:
    'verify the ledger: chain, Merkle root, checkpoints, snapshots, drift, and git history in a clone (--no-history skips it)',
  usage: USAGE,
  options: {
    history: { type: 'boolean', default: false },
    'no-history': { type: 'boolean', default: false },
    since: { type: 'string' },
    'witnessed-only': { type: 'boolean', default: false },
  },
  async run(ctx: CliContext, args: ParsedArgs): Promise<number> {
    const tree = new FsTree(ctx.repo);
    const layout = await loadLayout(tree);
    const keyFile = joinPath(layout.paths.policies, layout.ledger.checkpoint_key);
    const keyText = await readOptional(join(ctx.repo, keyFile));
    if (keyText !== undefined) {
      try {
        parseVerifierKey(keyText);
      } catch (err) {
        if (err instanceof NoteError)
          throw badInput([
            { file: keyFile, line: 1, message: `${err.message} (expected <name>+<key id>+<base64 key>)` },
          ]);
        throw err;
      }
    }
    const witnesses = await witnessOptions(tree, layout, args.values['witnessed-only'] === true);
    const plan = await historyPlan(ctx, args);
    const sinceArg = optionalString(args, 'since');
    const since = sinceArg !== undefined ? await readSince(ctx, layout, sinceArg) : undefined;
    const built = buildState(await loadStateDocuments(tree, layout));
    const files = await readLedgerFiles(ctx.repo, layout);

    let bar: cliProgress.SingleBar | undefined;
    if (ctx.isTTY && !ctx.json && files.segments.length > 1) {
      bar = new cliProgress.SingleBar(
        { format: 'verify [{bar}] {value}/{total} entries', stream: process.stderr, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(files.segments.length * layout.ledger.segment_size, 0);
    }
    let report: VerifyReport;
    try {
      report = verifyLedger({
        ...files,
        ...(keyText !== undefined ? { verifierKey: keyText } : {}),
        verifierKeyFile: keyFile,
        layout,
        workingState: built.state,
        workingOrigins: built.origins,
        ...(since ? { since } : {}),
        ...(witnesses ? { witnesses } : {}),
        ...(bar
          ? { onProgress: (done: number, total: number) => (bar.setTotal(total), bar.update(done)) }
          : {}),
      });
    } finally {
      bar?.stop();
    }

    const history: VerifyHistoryOutcome | undefined = plan.run ? await runVerifyHistory(ctx) : undefined;
    // Every failure names its findings: ok is derived from the one list that the summary counts.
    const findings = [...report.findings, ...(history ? historyFindings(history) : [])];
    const notes = [...report.notes, ...(plan.note !== undefined ? [plan.note] : [])];
    const ok = findings.length === 0;

    if (ctx.json) {
      ctx.stdout(
        JSON.stringify({
          ok,
          entries: report.size,
          segments: files.segments.length,
          head: report.head,
          root: report.root,
          checkpoints: report.checkpoints,
          snapshots: report.snapshots,
          drift: report.drift,
          findings,
          notes,
          ...(report.since ? { since: report.since } : {}),
          ...(report.witnesses ? { witnesses: report.witnesses } : {}),
          ...(history ? { history: history.result } : {}),
        }),
      );
      return ok ? 0 : 1;
    }
    const out = [
      `ledger: ${report.size} entries in ${files.segments.length} segment${files.segments.length === 1 ? '' : 's'}`,
      `head: ${report.head}`,
      `merkle root: ${report.root.base64} (${report.root.hex})`,
      `checkpoints verified: ${report.checkpoints}`,
      `snapshots verified: ${report.snapshots}`,
      `drift: ${report.drift.length === 0 ? 'none' : report.drift.join(', ')}`,
      ...(report.since ? [sinceLine(report.since)] : []),
      ...(report.witnesses ? witnessLines(report.witnesses) : []),
      ...notes.map((n) => `note: ${n}`),
      ...report.findings.map(formatFinding),
      ...(history ? history.lines : []),
      ok ? 'verify: ok' : `verify: FAILED — ${findings.length} finding${findings.length === 1 ? '' : 's'}`,
    ];
    ctx.stdout(out.join('\n'));
    return ok ? 0 : 1;
  },
};
