/**
 * The verify use case (DESIGN §5 `verify`): chain, Merkle root, checkpoints and their signatures, snapshots by
 * replay, and drift between the replayed state and state/ (src/ledger/verify.ts); in a git clone also the git
 * history of the ledger (verify-ledger-history.ts) unless skipped. `since` verifies incrementally from a
 * checkpoint verified earlier (src/ledger/verify-since.ts). Every failure names its findings: git history
 * violations are findings too, and `ok` is derived from the one list the summary counts.
 */
import { badInput, usageError } from '../core/errors.js';
import { NoteError, parseVerifierKey } from '../ledger/note.js';
import { verifyLedger, type Finding, type TextFile, type VerifyReport } from '../ledger/verify.js';
import { joinPath, loadLayout, type RepoLayout } from '../repo/layout.js';
import { loadStateDocuments } from '../repo/load-state.js';
import { buildState } from '../state/build.js';
import type { LedgerFiles } from '../store/ledger-files.js';
import type { TreeReader } from '../core/tree.js';
import { witnessOptions } from '../witness/verify-options.js';
import type { GitCommits, WorkTree } from './ports.js';
import {
  historyUnavailable,
  verifyLedgerHistoryAt,
  type VerifyHistoryOutcome,
} from './verify-ledger-history.js';
import { readSince } from './verify-ledger-since.js';

export interface VerifyLedgerRequest {
  /** `--history`: prove the git history or fail (exit 2 where it cannot be done). */
  history: boolean;
  /** `--no-history`: skip the git history proof. */
  noHistory: boolean;
  /** `--since`: a size or a note file, and that file resolved against the caller's working directory. */
  since?: { arg: string; outside: string };
  witnessedOnly: boolean;
  /** The command's usage line, for usage errors. */
  usage: string;
}

/** A progress display, started only for a ledger of more than one segment. */
export interface VerifyProgress {
  start(total: number): void;
  update(done: number, total: number): void;
  stop(): void;
}

export interface VerifyLedgerPorts {
  workTree: TreeReader & Pick<WorkTree, 'root' | 'readText' | 'readBytes'>;
  /** The ledger's files as the verifier reads them (src/store/ledger-files.ts). */
  ledgerFiles(layout: RepoLayout): Promise<LedgerFiles>;
  git: Pick<GitCommits, 'isRepository' | 'isShallow' | 'resolve' | 'tree' | 'ledgerHistory'>;
  progress?: VerifyProgress;
}

export interface VerifyLedgerResult {
  ok: boolean;
  report: VerifyReport;
  /** Segment files read. */
  segments: number;
  /** The report's findings, then the git history's. */
  findings: Finding[];
  notes: string[];
  history?: VerifyHistoryOutcome;
}

/**
 * Whether to prove the git history: `--history` demands it (exit 2 where it cannot be done), `--no-history` skips
 * it, and by default it runs in a git clone; outside one the run says so in a note and does not fail (an exported
 * copy of the ledger can still be verified on its own). A shallow clone is bad input either way.
 */
async function historyPlan(
  request: VerifyLedgerRequest,
  ports: VerifyLedgerPorts,
): Promise<{ run: boolean; note?: string }> {
  if (request.noHistory) {
    if (request.history)
      throw usageError(`--history and --no-history contradict each other\nusage: ${request.usage}`);
    return { run: false, note: 'git history not proven (--no-history)' };
  }
  if (request.history) return { run: true };
  const why = await historyUnavailable(ports.git, ports.workTree.root);
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

/**
 * The checkpoint verifier key (DESIGN §4), when the policy has one; malformed: exit 2 with file:line. Shared by
 * verify and report (src/app/build-report.ts).
 */
export async function verifierKey(
  tree: Pick<VerifyLedgerPorts['workTree'], 'readText'>,
  keyFile: string,
): Promise<string | undefined> {
  const keyText = await tree.readText(keyFile);
  if (keyText === undefined) return undefined;
  try {
    parseVerifierKey(keyText);
  } catch (err) {
    if (err instanceof NoteError)
      throw badInput([
        { file: keyFile, line: 1, message: `${err.message} (expected <name>+<key id>+<base64 key>)` },
      ]);
    throw err;
  }
  return keyText;
}

export async function verifyLedgerUseCase(
  request: VerifyLedgerRequest,
  ports: VerifyLedgerPorts,
): Promise<VerifyLedgerResult> {
  const tree = ports.workTree;
  const layout = await loadLayout(tree);
  const keyFile = joinPath(layout.paths.policies, layout.ledger.checkpoint_key);
  const keyText = await verifierKey(tree, keyFile);
  const witnesses = await witnessOptions(tree, layout, request.witnessedOnly);
  const plan = await historyPlan(request, ports);
  const since: TextFile | undefined = request.since
    ? await readSince(tree, layout, request.since)
    : undefined;
  const built = buildState(await loadStateDocuments(tree, layout));
  const files = await ports.ledgerFiles(layout);

  const progress = files.segments.length > 1 ? ports.progress : undefined;
  progress?.start(files.segments.length * layout.ledger.segment_size);
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
      ...(progress ? { onProgress: (done: number, total: number) => progress.update(done, total) } : {}),
    });
  } finally {
    progress?.stop();
  }

  const history = plan.run ? await verifyLedgerHistoryAt(ports.git) : undefined;
  const findings = [...report.findings, ...(history ? historyFindings(history) : [])];
  const notes = [...report.notes, ...(plan.note !== undefined ? [plan.note] : [])];
  return {
    ok: findings.length === 0,
    report,
    segments: files.segments.length,
    findings,
    notes,
    ...(history ? { history } : {}),
  };
}
