/**
 * The ledger's git history (DESIGN §4: the ledger is append-only; seed 001 playbook 2: an entry count that
 * decreases is a critical violation). Walks the first-parent history of the default branch, oldest first, and
 * compares every commit's ledger with its first parent's. The ledger is found at each commit where that commit's
 * gatehouse.yaml puts it, so moving the ledger folder is judged like any other edit: the ledger at the new place
 * must extend the ledger at the old one (history-view.ts reads one commit's view).
 *
 * Besides the segments, the walk proves that archived checkpoints are never removed and never change what they
 * sign (a re-signature with a new key may replace the signature lines), that `ledger/checkpoint` never goes back
 * to a smaller size, and that the checkpoint key changes only through a gated policy change: a `policy.changed`
 * entry must record the key file's before/after hashes (DESIGN §2.2 file hashes).
 */
import { fileHash } from '../change/digest.js';
import { parseCheckpoint } from '../ledger/checkpoint.js';
import { policyFilesOf, tryDecodeEntry } from '../ledger/entry.js';
import { defaultLayout } from '../repo/layout.js';
import { firstParentHistory } from '../git/log.js';
import { openRepo, readBlobOid } from '../git/repo.js';
import type { CommitInfo } from '../git/repo.js';
import { fixedLayout, followLayout, viewAt, type LayoutSource, type LedgerView } from './history-view.js';

export interface HistoryFinding {
  commit: string;
  message: string;
  /** The ledger or policy file the finding is about, at that commit. */
  file?: string;
}

export interface HistoryResult {
  ok: boolean;
  /** Commits walked. */
  commits: number;
  /** Ledger lines at the tip. */
  entries: number;
  findings: HistoryFinding[];
}

export interface LineOrigin {
  commit: string;
  subject: string;
}

const NL = 0x0a;

/** Lines of a segment: '\n'-terminated, plus a final unterminated one if any. */
function splitLines(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === NL) {
      out.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < bytes.length) out.push(bytes.subarray(start));
  return out;
}

function countLines(bytes: Uint8Array): number {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let n = 0;
  for (let i = b.indexOf(NL); i >= 0; i = b.indexOf(NL, i + 1)) n++;
  if (b.length > 0 && b[b.length - 1] !== NL) n++;
  return n;
}

/** True when `after` keeps every line of `before` byte for byte and only appends lines. */
function extendsLines(before: Uint8Array, after: Uint8Array): boolean {
  if (after.length < before.length) return false;
  if (Buffer.compare(Buffer.from(after.buffer, after.byteOffset, before.length), Buffer.from(before)) !== 0)
    return false;
  // An unterminated last line must not have been extended in place.
  if (before.length === 0 || before[before.length - 1] === NL || after.length === before.length) return true;
  return after[before.length] === NL;
}

function seqOf(line: Uint8Array): number | undefined {
  try {
    const v = JSON.parse(Buffer.from(line).toString('utf8')) as { seq?: unknown };
    return typeof v.seq === 'number' && Number.isInteger(v.seq) ? v.seq : undefined;
  } catch {
    return undefined;
  }
}

function short(c: CommitInfo): string {
  return `${c.oid.slice(0, 12)} "${c.subject}"`;
}

interface SegmentChange {
  name: string;
  before?: Uint8Array;
  after?: Uint8Array;
}

interface Step {
  commit: CommitInfo;
  view: LedgerView;
  prev: LedgerView;
  changes: SegmentChange[];
  /** Ledger lines at this commit, in segment order. */
  count: number;
  /** Lines in the segments that sort before each changed segment (for seq fallbacks). */
  offsets: Map<string, number>;
  read: (oid: string) => Promise<Uint8Array>;
}

const EMPTY_VIEW: LedgerView = {
  layout: defaultLayout(),
  ledgerDir: 'ledger',
  keyPath: 'policies/keys/checkpoint.pub',
  id: '',
  segs: new Map(),
  checkpoints: new Map(),
};

/** Visit every first-parent commit whose ledger view differs from its parent's, oldest first. */
async function walkLedger(
  dir: string,
  ref: string,
  layouts: LayoutSource,
  visit: (step: Step, prevCount: number) => void | Promise<void>,
): Promise<{ commits: number; entries: number }> {
  const repo = await openRepo(dir);
  const history = await firstParentHistory(dir, ref);
  // Each segment version is read once: its bytes serve as "after" now and as "before" at the next change.
  const bytes = new Map<string, Uint8Array>(); // blob oid → bytes, for the segments of the previous step
  const counts = new Map<string, number>(); // blob oid → line count
  const read = async (oid: string): Promise<Uint8Array> => bytes.get(oid) ?? readBlobOid(repo, oid);
  let prev: LedgerView = EMPTY_VIEW;
  let prevCount = 0;
  // Tree reads for a window of commits are issued together so the object reader's pipe stays full.
  const WINDOW = 128;
  let window: Promise<LedgerView>[] = [];
  for (let k = 0; k < history.length; k++) {
    const commit = history[k]!;
    if (k % WINDOW === 0)
      window = history.slice(k, k + WINDOW).map((c) => {
        const p = viewAt(repo, c, layouts);
        p.catch(() => undefined); // the first failure is rethrown by its await; the rest must not go unhandled
        return p;
      });
    let view = await window[k % WINDOW]!;
    // A gatehouse.yaml that does not load: keep following the ledger where the commit before had it.
    if (view.layoutProblem !== undefined) view = await viewAt(repo, commit, layouts, prev.layout);
    if (view.id === prev.id) continue;
    const names = [...new Set([...prev.segs.keys(), ...view.segs.keys()])].sort();
    const changes: SegmentChange[] = [];
    const offsets = new Map<string, number>();
    const next = new Map<string, Uint8Array>();
    let count = 0;
    for (const name of names) {
      const a = prev.segs.get(name);
      const b = view.segs.get(name);
      offsets.set(name, count);
      if (a === b) {
        count += counts.get(b!) ?? 0;
        continue;
      }
      const change: SegmentChange = { name };
      if (a !== undefined) change.before = await read(a);
      if (b !== undefined) {
        change.after = await read(b);
        counts.set(b, countLines(change.after));
        count += counts.get(b)!;
        next.set(b, change.after);
      }
      changes.push(change);
    }
    await visit({ commit, view, prev, changes, count, offsets, read }, prevCount);
    // Keep only the bytes of segments that may change next (the newest version of each).
    for (const [name, oid] of view.segs) {
      const b = next.get(oid) ?? (prev.segs.get(name) === oid ? bytes.get(oid) : undefined);
      if (b !== undefined) next.set(oid, b);
    }
    bytes.clear();
    for (const [oid, b] of next) bytes.set(oid, b);
    prev = view;
    prevCount = count;
  }
  return { commits: history.length, entries: prevCount };
}

/** A change of the checkpoint key file's content on the first-parent history, once a ledger existed. */
interface KeyChange {
  commit: CommitInfo;
  path: string;
  before: string | null;
  after: string | null;
}

/** `files` of every `policy.changed` entry in the added lines (DESIGN §4: the entry records the policy files). */
function collectPolicyChanges(lines: readonly Uint8Array[], into: Set<string>): void {
  for (const line of lines) {
    const text = Buffer.from(line).toString('utf8');
    if (!text.includes('"policy.changed"')) continue;
    // An unreadable line is the segment checks' business.
    const e = tryDecodeEntry(text);
    if (e !== undefined) for (const f of policyFilesOf(e)) into.add(fileChangeKey(f.path, f.before, f.after));
  }
}

function fileChangeKey(path: string, before: unknown, after: unknown): string {
  return JSON.stringify([path, before ?? null, after ?? null]);
}

/**
 * Prove that no commit on `ref`'s first-parent history modified or removed an existing ledger line: each segment
 * must be a line-wise prefix-extension of itself at the commit's first parent, no segment ever disappears, and the
 * entry count never decreases. `ledgerDir` fixes the ledger folder; without it the folder is read from
 * gatehouse.yaml at every commit, and checkpoints and the checkpoint key are proven too (see the file comment).
 */
export async function verifyLedgerHistory(
  dir: string,
  ref: string,
  ledgerDir?: string,
): Promise<HistoryResult> {
  const findings: HistoryFinding[] = [];
  const keyChanges: KeyChange[] = [];
  const recorded = new Set<string>();
  const layouts = ledgerDir !== undefined ? fixedLayout(ledgerDir) : followLayout();
  const { commits, entries } = await walkLedger(dir, ref, layouts, async (step, prevCount) => {
    const { commit, view, prev } = step;
    const add = (message: string, file?: string): void =>
      void findings.push({ commit: commit.oid, message, ...(file !== undefined ? { file } : {}) });
    const moved = view.ledgerDir !== prev.ledgerDir && prevCount > 0;
    const how = moved ? ` (the ledger moved from ${prev.ledgerDir}/ to ${view.ledgerDir}/)` : '';
    if (view.layoutProblem !== undefined && prevCount > 0)
      add(
        `commit ${short(commit)}: gatehouse.yaml does not load (${view.layoutProblem}), so the ledger cannot be followed; kept ${view.ledgerDir}/`,
        'gatehouse.yaml',
      );
    for (const ch of step.changes) {
      const file = `${view.ledgerDir}/events/${ch.name}`;
      if (ch.after !== undefined && (ch.before === undefined || extendsLines(ch.before, ch.after)))
        collectPolicyChanges(splitLines(ch.after.subarray(ch.before?.length ?? 0)), recorded);
      if (ch.before === undefined) continue; // a new segment
      if (ch.after === undefined) {
        const old = `${prev.ledgerDir}/events/${ch.name}`;
        add(`commit ${short(commit)} removed ${old} (${countLines(ch.before)} ledger entries)${how}`, old);
        continue;
      }
      if (extendsLines(ch.before, ch.after)) continue;
      const old = splitLines(ch.before);
      const now = splitLines(ch.after);
      let i = 0;
      while (i < old.length && i < now.length && Buffer.compare(old[i]!, now[i]!) === 0) i++;
      const seq = old[i] ? seqOf(old[i]!) : undefined;
      const what = seq !== undefined ? ` (seq ${seq})` : '';
      add(
        i < now.length
          ? `commit ${short(commit)} rewrote ${file}:${i + 1}${what}: ledger lines are append-only${how}`
          : `commit ${short(commit)} removed ${file}:${i + 1}${what} and ${old.length - i - 1} later line(s)${how}`,
        file,
      );
    }
    // seed 001 playbook 2: ledger entry count decrease.
    if (step.count < prevCount)
      add(
        `commit ${short(commit)} decreased the ledger entry count from ${prevCount} to ${step.count}${how}`,
        `${view.ledgerDir}/events`,
      );
    if (ledgerDir !== undefined) return;
    await checkCheckpointFiles(step, add, how);
    // The checkpoint key: a change of its content once a ledger exists needs a policy.changed entry.
    const hadLedger = prevCount > 0 || prev.checkpoints.size > 0;
    if (hadLedger && prev.key !== view.key) {
      const before = prev.key === undefined ? null : fileHash(await step.read(prev.key));
      const after = view.key === undefined ? null : fileHash(await step.read(view.key));
      if (before !== after) keyChanges.push({ commit, path: view.keyPath, before, after });
    }
  });
  for (const k of keyChanges) {
    if (recorded.has(fileChangeKey(k.path, k.before, k.after))) continue;
    const what =
      k.after === null ? 'removed' : k.before === null ? 'added' : `changed (${k.before} → ${k.after})`;
    findings.push({
      commit: k.commit.oid,
      file: k.path,
      message:
        `commit ${short(k.commit)} ${what} the checkpoint key ${k.path} outside a gated policy change: ` +
        'no policy.changed entry in the ledger records it (change it through a reviewed change, which record logs)',
    });
  }
  return { ok: findings.length === 0, commits, entries, findings };
}

/** Archived checkpoints keep what they sign forever; the latest checkpoint never goes back. */
async function checkCheckpointFiles(
  step: Step,
  add: (message: string, file?: string) => void,
  how: string,
): Promise<void> {
  const { commit, view, prev } = step;
  const body = async (oid: string): Promise<string | undefined> => {
    try {
      const c = parseCheckpoint(Buffer.from(await step.read(oid)).toString('utf8'));
      return `${c.origin}\n${c.size}\n${c.root.toString('base64')}`;
    } catch {
      return undefined; // a malformed note is plain verify's finding
    }
  };
  for (const [name, oid] of prev.checkpoints) {
    const now = view.checkpoints.get(name);
    const old = `${prev.ledgerDir}/checkpoints/${name}`;
    if (now === oid) continue;
    if (now === undefined) {
      add(
        `commit ${short(commit)} removed the archived checkpoint ${old}: archived checkpoints are kept${how}`,
        old,
      );
      continue;
    }
    const [a, b] = await Promise.all([body(oid), body(now)]);
    if (a !== undefined && a !== b)
      add(
        `commit ${short(commit)} changed what ${view.ledgerDir}/checkpoints/${name} signs: an archived checkpoint's origin, size and root never change${how}`,
        `${view.ledgerDir}/checkpoints/${name}`,
      );
  }
  if (prev.latest !== undefined && prev.latest !== view.latest) {
    const file = `${view.ledgerDir}/checkpoint`;
    if (view.latest === undefined) {
      add(`commit ${short(commit)} removed ${prev.ledgerDir}/checkpoint${how}`, file);
      return;
    }
    const size = async (oid: string): Promise<number | undefined> => {
      const b = await body(oid);
      return b === undefined ? undefined : Number(b.split('\n')[1]);
    };
    const [a, b] = await Promise.all([size(prev.latest), size(view.latest)]);
    if (a !== undefined && b !== undefined && b < a)
      add(
        `commit ${short(commit)} replaced ${file} of size ${a} with an older one of size ${b}: the latest checkpoint never goes back${how}`,
        file,
      );
  }
}

/**
 * Which first-parent commit added each ledger entry, keyed by the entry's `seq` (its position in the ledger when
 * the line carries no readable seq). The first commit to add a seq keeps it. The ledger is followed through
 * gatehouse.yaml unless `ledgerDir` fixes it.
 */
export async function ledgerLineOrigins(
  dir: string,
  ref: string,
  ledgerDir?: string,
): Promise<Map<number, LineOrigin>> {
  const out = new Map<number, LineOrigin>();
  const layouts = ledgerDir !== undefined ? fixedLayout(ledgerDir) : followLayout();
  await walkLedger(dir, ref, layouts, (step) => {
    for (const ch of step.changes) {
      if (ch.after === undefined) continue;
      const before = ch.before ? splitLines(ch.before) : [];
      const after = splitLines(ch.after);
      const offset = step.offsets.get(ch.name) ?? 0;
      for (let i = 0; i < after.length; i++) {
        const line = after[i]!;
        if (i < before.length && Buffer.compare(before[i]!, line) === 0) continue;
        const seq = seqOf(line) ?? offset + i;
        if (!out.has(seq)) out.set(seq, { commit: step.commit.oid, subject: step.commit.subject });
      }
    }
  });
  return out;
}
