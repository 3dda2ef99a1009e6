/**
 * The ledger's git history (DESIGN §4: the ledger is append-only; seed 001 playbook 2: an entry count that
 * decreases is a critical violation). Walks the first-parent history of the default branch, oldest first, and
 * compares every commit's ledger segments with its first parent's.
 */
import { firstParentHistory } from './log.js';
import { openRepo, readBlobOid, readTreeEntries } from './repo.js';
import type { CommitInfo, GitRepo } from './repo.js';

export interface HistoryFinding {
  commit: string;
  message: string;
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

/** Segment file name → blob oid, for the ledger's events/ folder at one commit. */
type Segments = Map<string, string>;

async function segmentsAt(repo: GitRepo, c: CommitInfo, eventsPath: string[]): Promise<[string, Segments]> {
  let oid = c.tree;
  for (const part of eventsPath) {
    const e = (await readTreeEntries(repo, oid)).find((x) => x.path === part);
    if (!e || e.type !== 'tree') return ['', new Map()];
    oid = e.oid;
  }
  const segs: Segments = new Map();
  for (const e of await readTreeEntries(repo, oid))
    if (e.type === 'blob' && e.path.endsWith('.jsonl')) segs.set(e.path, e.oid);
  return [oid, segs];
}

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
  changes: SegmentChange[];
  /** Ledger lines at this commit, in segment order. */
  count: number;
  /** Lines in the segments that sort before each changed segment (for seq fallbacks). */
  offsets: Map<string, number>;
}

/** Visit every first-parent commit whose ledger differs from its parent's, oldest first. */
async function walkLedger(
  dir: string,
  ref: string,
  ledgerDir: string,
  visit: (step: Step, prevCount: number) => void,
): Promise<{ commits: number; entries: number }> {
  const repo = await openRepo(dir);
  const eventsPath = [...ledgerDir.split('/'), 'events'].filter((s) => s !== '' && s !== '.');
  const history = await firstParentHistory(dir, ref);
  // Each segment version is read once: its bytes serve as "after" now and as "before" at the next change.
  const bytes = new Map<string, Uint8Array>(); // blob oid → bytes, for the segments of the previous step
  const counts = new Map<string, number>(); // blob oid → line count
  const read = async (oid: string): Promise<Uint8Array> => bytes.get(oid) ?? readBlobOid(repo, oid);
  let prevTree = '';
  let prevSegs: Segments = new Map();
  let prevCount = 0;
  // Tree reads for a window of commits are issued together so the object reader's pipe stays full.
  const WINDOW = 128;
  let window: Promise<[string, Segments]>[] = [];
  for (let k = 0; k < history.length; k++) {
    const commit = history[k]!;
    if (k % WINDOW === 0)
      window = history.slice(k, k + WINDOW).map((c) => {
        const p = segmentsAt(repo, c, eventsPath);
        p.catch(() => undefined); // the first failure is rethrown by its await; the rest must not go unhandled
        return p;
      });
    const [tree, segs] = await window[k % WINDOW]!;
    if (tree === prevTree) continue;
    const names = [...new Set([...prevSegs.keys(), ...segs.keys()])].sort();
    const changes: SegmentChange[] = [];
    const offsets = new Map<string, number>();
    const next = new Map<string, Uint8Array>();
    let count = 0;
    for (const name of names) {
      const a = prevSegs.get(name);
      const b = segs.get(name);
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
    visit({ commit, changes, count, offsets }, prevCount);
    // Keep only the bytes of segments that may change next (the newest version of each).
    for (const [name, oid] of segs) {
      const b = next.get(oid) ?? (prevSegs.get(name) === oid ? bytes.get(oid) : undefined);
      if (b !== undefined) next.set(oid, b);
    }
    bytes.clear();
    for (const [oid, b] of next) bytes.set(oid, b);
    prevTree = tree;
    prevSegs = segs;
    prevCount = count;
  }
  return { commits: history.length, entries: prevCount };
}

/**
 * Prove that no commit on `ref`'s first-parent history modified or removed an existing ledger line: each segment
 * must be a line-wise prefix-extension of itself at the commit's first parent, no segment ever disappears, and the
 * entry count never decreases. `ledgerDir` is the ledger folder (default layout: `ledger`).
 */
export async function verifyLedgerHistory(
  dir: string,
  ref: string,
  ledgerDir: string,
): Promise<HistoryResult> {
  const findings: HistoryFinding[] = [];
  const base = ledgerDir.replace(/\/+$/, '');
  const { commits, entries } = await walkLedger(dir, ref, ledgerDir, (step, prevCount) => {
    const add = (message: string): void => void findings.push({ commit: step.commit.oid, message });
    for (const ch of step.changes) {
      const file = `${base}/events/${ch.name}`;
      if (ch.before === undefined) continue; // a new segment
      if (ch.after === undefined) {
        add(`commit ${short(step.commit)} removed ${file} (${countLines(ch.before)} ledger entries)`);
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
          ? `commit ${short(step.commit)} rewrote ${file}:${i + 1}${what}: ledger lines are append-only`
          : `commit ${short(step.commit)} removed ${file}:${i + 1}${what} and ${old.length - i - 1} later line(s)`,
      );
    }
    // seed 001 playbook 2: ledger entry count decrease.
    if (step.count < prevCount)
      add(`commit ${short(step.commit)} decreased the ledger entry count from ${prevCount} to ${step.count}`);
  });
  return { ok: findings.length === 0, commits, entries, findings };
}

/**
 * Which first-parent commit added each ledger entry, keyed by the entry's `seq` (its position in the ledger when
 * the line carries no readable seq). The first commit to add a seq keeps it.
 */
export async function ledgerLineOrigins(
  dir: string,
  ref: string,
  ledgerDir: string,
): Promise<Map<number, LineOrigin>> {
  const out = new Map<number, LineOrigin>();
  await walkLedger(dir, ref, ledgerDir, (step) => {
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
