/**
 * Pure ledger verification (DESIGN §4, §5 `verify`): the whole ledger is read once, line by line, and
 * every rule is checked as it streams past — canonical form, entry shape, seq, the prev chain, segment
 * layout, the RFC 9162 root at every checkpoint, checkpoint signatures, snapshot hashes by replay, and
 * drift between the replayed state and the working tree. Every violation is a finding; none stops the
 * run, so one report lists them all.
 */
import { describeOp, diffResources } from '../state/ops.js';
import { applyEntry, emptyState } from '../state/replay.js';
import type { GovernedState } from '../core/state-types.js';
import { isCanonicalLine } from './canonical-line.js';
import { jcs } from '../core/jcs.js';
import { readLineFast } from './verify-line.js';
import { ZERO_HASH, type LedgerEntry } from '../core/ledger-entry.js';
import { entryShapeProblems } from './entry-shape.js';
import { SEGMENT_NAME } from './layout.js';
import { CompactRange } from './merkle.js';
import { checkCheckpoints, checkWitnesses, planCheckpoints } from './verify-checkpoints.js';
import { CanonicalState, checkSnapshot } from './verify-snapshot.js';
import { lineTs } from './replay-at.js';
import { SinceRun } from './verify-since.js';
import { segmentLines } from './verify-segment.js';
import type { Finding, VerifyInput, VerifyReport } from './verify-types.js';

export type {
  Finding,
  FindingCheck,
  SegmentInput,
  TextFile,
  VerifyInput,
  VerifyReport,
} from './verify-types.js';

export { entryShapeProblems } from './entry-shape.js';

function tsBefore(a: string, b: string): boolean {
  if (a.length === b.length) return a < b;
  return Date.parse(a) < Date.parse(b);
}

/**
 * How the scan reads a line and the replayed state at a snapshot. Production has one reading (ONE_PASS); the
 * differential tests pass the plain one (test support) and compare reports, finding for finding.
 */
export interface LedgerReading {
  /**
   * The entry of a canonical, well-shaped line read in one pass from its UTF-8 bytes (see verify-line.ts
   * readLineFast), or null: the line is then read the exact way.
   */
  readLine(
    bytes: Buffer,
    start: number,
    end: number,
    ascii: boolean,
    expectedPrev: string,
    expectedLeaf: string,
  ): LedgerEntry | null;
  /** A tracker of the replayed state's canonical text (JCS), told of every entry applied. */
  canonicalState(): Pick<CanonicalState, 'applied' | 'reset' | 'text'>;
}

/** DESIGN §7: the one-pass line reader (verify-line.ts) and the kept canonical state (verify-snapshot.ts). */
const ONE_PASS: LedgerReading = { readLine: readLineFast, canonicalState: () => new CanonicalState() };

export function verifyLedger(input: VerifyInput): VerifyReport {
  return scanLedger(input, ONE_PASS);
}

/** verifyLedger with a given reading: the streaming scan itself. */
export function scanLedger(input: VerifyInput, reading: LedgerReading): VerifyReport {
  const { layout } = input;
  const findings: Finding[] = [];
  const notes: string[] = [];
  const segmentSize = layout.ledger.segment_size;
  const plan = planCheckpoints(input, findings);
  const range = new CompactRange();
  const rootsAt = new Map<number, Buffer>();
  if (plan.wantedSizes.has(0)) rootsAt.set(0, range.root());

  let state: GovernedState = emptyState();
  let replayOk = true;
  let snapshots = 0;
  let size = 0;
  let prevHash = ZERO_HASH;
  // prevHash is `sha256:` and this hex (the previous leaf hash).
  let prevLeaf = ZERO_HASH.slice('sha256:'.length);
  let prevSeq = -1;
  let prevTs = '';
  const total = input.segments.length * segmentSize;
  const since = input.since ? new SinceRun(input.since, input.snapshots) : undefined;
  const canon = reading.canonicalState();

  const stopReplay = (seq: number, file: string, line: number, why: string): void => {
    if (!replayOk) return;
    replayOk = false;
    findings.push({
      check: 'replay',
      seq,
      file,
      line,
      message: `replay stopped at seq ${seq}: ${why}; later snapshots and drift are not checked`,
    });
  };

  input.segments.forEach((segment, si) => {
    const { file } = segment;
    const name = file.slice(file.lastIndexOf('/') + 1);
    const m = SEGMENT_NAME.exec(name);
    if (!m)
      findings.push({
        check: 'segment',
        file,
        message: 'segment files are named <first seq, 12 digits>.jsonl',
      });
    else if (Number(m[1]) !== size)
      findings.push({
        check: 'segment',
        seq: size,
        file,
        message: `segment is named for seq ${Number(m[1])} but the ledger continues at seq ${size}`,
      });
    const lines = segmentLines(segment);
    if (lines === null) {
      findings.push({ check: 'segment', seq: size, file, message: 'empty segment file' });
      return;
    }
    const count = lines.count;
    if (lines.cutShort)
      findings.push({
        check: 'segment',
        seq: size + count - 1,
        file,
        line: count,
        message: 'last line has no newline: the segment is cut short',
      });
    const last = si === input.segments.length - 1;
    if (!last && count !== segmentSize)
      findings.push({
        check: 'segment',
        seq: size,
        file,
        message: `sealed segment holds ${count} lines, expected exactly segment_size ${segmentSize}`,
      });
    else if (last && count > segmentSize)
      findings.push({
        check: 'segment',
        seq: size + segmentSize,
        file,
        message: `segment holds ${count} lines, more than segment_size ${segmentSize}`,
      });

    const bytes = lines.bytes;
    for (let li = 0; li < count; li++) {
      const seq = size;
      const lineNo = li + 1;
      const leaf = lines.leaf(li);
      range.append(leaf);
      const expectedPrev = prevHash;
      const expectedLeaf = prevLeaf;
      prevHash = `sha256:${leaf}`;
      prevLeaf = leaf;
      size++;
      if (plan.wantedSizes.has(size)) rootsAt.set(size, range.root());
      if (input.onProgress && size % 16384 === 0) input.onProgress(size, Math.max(total, size));
      if (since) {
        since.leaf(leaf);
        if (seq < since.size) {
          // Covered by the checkpoint (its consistency is checked at the end): hash and replay only.
          prevSeq = seq;
          const line = lines.line(li);
          if (seq === since.size - 1) prevTs = lineTs(line) ?? prevTs; // ts order resumes at seq m
          if (replayOk) {
            const next = since.prefix(seq, line, state);
            if (typeof next === 'string') stopReplay(seq, file, lineNo, next);
            else state = next;
            canon.reset();
          }
          continue;
        }
      }

      // DESIGN §7: a canonical, well-shaped line is read in one pass from its bytes (verify-line.ts);
      // any other line the exact way below, which words its json, canonical and shape findings.
      let entry =
        bytes === null
          ? null
          : reading.readLine(bytes, lines.start(li), lines.end(li), lines.ascii, expectedPrev, expectedLeaf);
      if (entry === null) {
        const line = lines.line(li);
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch (err) {
          findings.push({
            check: 'json',
            seq,
            file,
            line: lineNo,
            message: `not JSON: ${(err as Error).message}`,
          });
          stopReplay(seq, file, lineNo, 'the entry is unreadable');
          prevSeq = seq;
          continue;
        }
        if (!isCanonicalLine(line, parsed)) {
          findings.push({
            check: 'canonical',
            seq,
            file,
            line: lineNo,
            message:
              'line is not JCS canonical (RFC 8785): duplicate key, key order, whitespace or number form',
          });
          // RFC 8785 §3.2.2.2: a lone surrogate has no canonical form; nothing built from it can be hashed.
          if (!hasCanonicalForm(parsed)) stopReplay(seq, file, lineNo, 'the entry holds a lone surrogate');
        }
        const problems = entryShapeProblems(parsed, expectedPrev);
        if (problems.length > 0) {
          findings.push({ check: 'shape', seq, file, line: lineNo, message: problems.join('; ') });
          stopReplay(seq, file, lineNo, 'the entry is malformed');
          prevSeq = seq;
          continue;
        }
        entry = parsed as LedgerEntry;
      }
      // seq contiguous from 0: report where the numbering breaks, not every entry after it.
      if (entry.seq !== seq && entry.seq !== prevSeq + 1)
        findings.push({
          check: 'seq',
          seq,
          file,
          line: lineNo,
          message: `expected seq ${seq}, found ${entry.seq}`,
        });
      prevSeq = entry.seq;
      if (entry.prev !== expectedPrev)
        findings.push({
          check: 'prev',
          seq,
          file,
          line: lineNo,
          message:
            seq === 0
              ? 'the genesis entry has prev of 64 zeros'
              : `prev does not match the hash of entry ${seq - 1}: entry ${seq - 1} was altered, removed or reordered (or this prev was)`,
        });
      if ((seq === 0) !== (entry.type === 'genesis'))
        findings.push({
          check: 'genesis',
          seq,
          file,
          line: lineNo,
          message:
            seq === 0 ? 'the ledger starts with a genesis entry' : 'a genesis entry appears only at seq 0',
        });
      if (prevTs !== '' && tsBefore(entry.ts, prevTs))
        findings.push({
          check: 'ts-order',
          seq,
          file,
          line: lineNo,
          message: `ts ${entry.ts} is before the previous ${prevTs}`,
        });
      prevTs = entry.ts;

      if (!replayOk) continue;
      if (entry.type === 'snapshot') {
        const canonical = canon.text(state);
        if (checkSnapshot(input, entry, canonical, seq, file, lineNo, findings)) snapshots++;
        continue;
      }
      try {
        applyEntry(state, entry);
        canon.applied(entry);
      } catch (err) {
        stopReplay(seq, file, lineNo, (err as Error).message);
      }
    }
  });
  input.onProgress?.(size, size);

  const root = range.root();
  const checked = checkCheckpoints(input, plan, rootsAt, size, findings, notes);
  const witnesses = checkWitnesses(input, plan, rootsAt, size, findings);
  const sinceReport = since?.finish(size, root, layout.ledger.origin, input.verifierKey, findings);
  if (since && since.from === null && since.size > 0)
    notes.push(`no snapshot before seq ${since.size}: replayed from genesis`);

  const drift: string[] = [];
  if (input.workingState) {
    if (replayOk) drift.push(...checkDrift(input, state, findings));
    else notes.push('drift not checked: replay stopped');
  }
  return {
    ok: findings.length === 0,
    size,
    head: size === 0 ? ZERO_HASH : prevHash,
    root: { base64: root.toString('base64'), hex: root.toString('hex') },
    checkpoints: checked,
    snapshots,
    drift,
    findings,
    notes,
    ...(sinceReport ? { since: sinceReport } : {}),
    ...(witnesses ? { witnesses } : {}),
  };
}

function checkDrift(input: VerifyInput, state: GovernedState, findings: Finding[]): string[] {
  const working = input.workingState as GovernedState;
  const ops = diffResources(state.resources, working.resources);
  const byKey = new Map<string, string[]>();
  for (const op of ops) {
    const list = byKey.get(op.key) ?? [];
    list.push(describeOp(op));
    byKey.set(op.key, list);
  }
  const stateDir = input.layout.paths.state ?? 'state';
  for (const [key, what] of byKey) {
    const origin = input.workingOrigins?.get(key);
    findings.push({
      check: 'drift',
      file: origin?.file ?? `${stateDir}/`,
      ...(origin?.line !== undefined ? { line: origin.line } : {}),
      message: `${key} differs from the ledger's replayed state with no ledger entry (${what.join('; ')})`,
    });
  }
  return [...byKey.keys()];
}

function hasCanonicalForm(value: unknown): boolean {
  try {
    jcs(value);
    return true;
  } catch {
    return false;
  }
}
