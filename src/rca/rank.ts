/**
 * Root cause ranking (seed 000 Part 4, RCA): the ledger entries that changed state before an anomaly,
 * ranked by time proximity (closer = more likely) and by overlap of the services/regions they touched
 * with the anomaly's labels. Every score is explained. The ledger is scanned backwards from its end and
 * the scan stops at a horizon before the anomaly, so the cost depends on the entries in that window,
 * never on the ledger's length (seed SLO: < 10 s on 1,000,000 entries).
 */
import type { LedgerEntry } from '../core/ledger-entry.js';
import { lineTs, manifestOf, opsOf, tryDecodeEntry } from '../ledger/entry.js';
import { formatDuration } from '../core/duration.js';
import type { Op } from '../core/state-types.js';

export interface RcaTarget {
  /** The anomaly's start (ISO-8601). */
  at: string;
  services: string[];
  regions: string[];
}

export interface RcaOptions {
  /** How far before the anomaly to look (default 24h). */
  horizonMs?: number;
  /** Time for the proximity factor to halve (default 15m). */
  halfLifeMs?: number;
  /** Candidates to return (default 10). */
  limit?: number;
  /** The region of a resource key, for updates (whose ops do not carry the region). */
  regionOf?: (key: string) => string | undefined;
}

export interface Candidate {
  seq: number;
  ts: string;
  type: string;
  actor: string;
  level?: number;
  change?: string;
  title?: string;
  services: string[];
  regions: string[];
  /** 0..1: 0.5^(Δt / half-life). */
  proximity: number;
  /** 0..1: the share of the anomaly's label dimensions (service, region) the entry touched. */
  overlap: number;
  /** proximity × (0.1 + 0.9 × overlap), rounded to 4 places. */
  score: number;
  /** Seconds between the entry and the anomaly start. */
  before_s: number;
  explain: string[];
}

export interface RcaResult {
  target: RcaTarget;
  candidates: Candidate[];
  /** Entries looked at (from the end of the ledger back to the horizon). */
  scanned: number;
  /** The oldest seq looked at. */
  oldestSeq: number | null;
  horizon: string;
}

const DAY = 86_400_000;
const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Ledger lines, newest first, with their seq. */
export type NewestFirst = Iterable<{ seq: number; line: string }>;

/** Services and regions an entry's ops touched (keys are `<service>/<id>`). */
export function touched(
  ops: readonly Op[],
  regionOf?: (key: string) => string | undefined,
): { services: string[]; regions: string[] } {
  const services = new Set<string>();
  const regions = new Set<string>();
  for (const op of ops) {
    const slash = op.key.indexOf('/');
    services.add(slash > 0 ? op.key.slice(0, slash) : op.key);
    for (const v of [op.before, op.after]) {
      if (op.path === '' && v && typeof v === 'object' && !Array.isArray(v) && typeof v.region === 'string')
        regions.add(v.region);
      if (op.path === '/region' && typeof v === 'string') regions.add(v);
    }
    const r = regionOf?.(op.key);
    if (r !== undefined) regions.add(r);
  }
  return { services: [...services].sort(), regions: [...regions].sort() };
}

/** The candidate for one entry, or undefined when it changed no state. */
export function scoreEntry(
  entry: LedgerEntry,
  target: RcaTarget,
  opts: RcaOptions = {},
): Candidate | undefined {
  if (entry.type !== 'change.applied' && entry.type !== 'rollback.applied') return undefined;
  const ops = opsOf(entry);
  if (ops.length === 0) return undefined;
  const halfLife = opts.halfLifeMs ?? 15 * 60_000;
  const deltaMs = Math.max(0, Date.parse(target.at) - Date.parse(entry.ts));
  const proximity = Math.pow(0.5, deltaMs / halfLife);
  const { services, regions } = touched(ops, opts.regionOf);
  const explain: string[] = [
    `${formatDuration(deltaMs)} before the anomaly: proximity ${round4(proximity)} (halves every ${formatDuration(halfLife)})`,
  ];
  const dims: number[] = [];
  const dim = (name: string, wanted: string[], have: string[]): void => {
    if (wanted.length === 0) return;
    const hit = have.filter((x) => wanted.includes(x));
    dims.push(hit.length > 0 ? 1 : 0);
    explain.push(
      hit.length > 0
        ? `touches ${name} ${hit.join(', ')} (anomaly ${name})`
        : `touches no anomaly ${name} (touched: ${have.join(', ') || 'unknown'}; anomaly: ${wanted.join(', ')})`,
    );
  };
  dim('service', target.services, services);
  dim('region', target.regions, regions);
  const overlap = dims.length === 0 ? 1 : dims.reduce((a, b) => a + b, 0) / dims.length;
  if (dims.length === 0) explain.push('the anomaly has no service/region labels: ranked by time alone');
  const score = round4(proximity * (0.1 + 0.9 * overlap));
  explain.push(`score ${score} = proximity ${round4(proximity)} × (0.1 + 0.9 × overlap ${round4(overlap)})`);
  const { title } = manifestOf(entry);
  return {
    seq: entry.seq,
    ts: entry.ts,
    type: entry.type,
    actor: entry.actor,
    ...(entry.level !== undefined ? { level: entry.level } : {}),
    ...(entry.subject?.change ? { change: entry.subject.change } : {}),
    ...(title !== undefined ? { title } : {}),
    services,
    regions,
    proximity: round4(proximity),
    overlap: round4(overlap),
    score,
    before_s: Math.round(deltaMs / 1000),
    explain,
  };
}

/**
 * Ranks the entries in (at − horizon, at]. `lines` come newest first; the scan stops at the first entry
 * stamped before the horizon (ledger timestamps never decrease).
 */
export function rankCauses(lines: NewestFirst, target: RcaTarget, opts: RcaOptions = {}): RcaResult {
  const at = Date.parse(target.at);
  const horizon = at - (opts.horizonMs ?? DAY);
  const limit = opts.limit ?? 10;
  const halfLife = opts.halfLifeMs ?? 15 * 60_000;
  // Cheap numeric scores for every entry in the window; explanations only for the ones returned.
  const scored: { score: number; seq: number; entry: LedgerEntry }[] = [];
  let scanned = 0;
  let oldestSeq: number | null = null;
  for (const { seq, line } of lines) {
    const tsText = lineTs(line);
    const ts = tsText === undefined ? NaN : Date.parse(tsText);
    if (Number.isNaN(ts)) continue;
    if (ts > at) continue;
    if (ts < horizon) break;
    scanned++;
    oldestSeq = seq;
    // Only entries that carry ops can be causes: test the text before parsing it.
    if (!line.includes('"ops":[{')) continue;
    const entry = tryDecodeEntry(line);
    if (entry === undefined) continue; // an unreadable line is verify's business
    if (entry.type !== 'change.applied' && entry.type !== 'rollback.applied') continue;
    const ops = opsOf(entry);
    const proximity = Math.pow(0.5, Math.max(0, at - ts) / halfLife);
    const { services, regions } = touched(ops, opts.regionOf);
    let dims = 0;
    let hits = 0;
    if (target.services.length > 0) {
      dims++;
      if (services.some((x) => target.services.includes(x))) hits++;
    }
    if (target.regions.length > 0) {
      dims++;
      if (regions.some((x) => target.regions.includes(x))) hits++;
    }
    const overlap = dims === 0 ? 1 : hits / dims;
    scored.push({ score: round4(proximity * (0.1 + 0.9 * overlap)), seq, entry });
  }
  scored.sort((a, b) => b.score - a.score || b.seq - a.seq);
  const candidates: Candidate[] = [];
  for (const s of scored.slice(0, limit)) {
    const c = scoreEntry(s.entry, target, opts);
    if (c) candidates.push(c);
  }
  return {
    target,
    candidates,
    scanned,
    oldestSeq,
    horizon: new Date(horizon).toISOString().replace('.000Z', 'Z'),
  };
}

/** Lines of segment files read newest first: the last segment first, each read only when reached. */
export function* newestFirst(
  segments: readonly { firstSeq: number; read: () => string }[],
): Generator<{ seq: number; line: string }> {
  for (let s = segments.length - 1; s >= 0; s--) {
    const seg = segments[s]!;
    const text = seg.read();
    let end = text.endsWith('\n') ? text.length - 1 : text.length;
    let count = 0;
    // Count lines once to number them; then walk backwards without splitting the whole text.
    for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) count++;
    let seq = seg.firstSeq + count;
    while (end > 0) {
      const start = text.lastIndexOf('\n', end - 1) + 1;
      yield { seq, line: text.slice(start, end) };
      seq--;
      end = start - 1;
    }
  }
}

export function formatCandidate(c: Candidate, rank: number): string {
  const head = `${rank}. seq ${c.seq} ${c.type}${c.change ? ` ${c.change}` : ''}${c.title ? ` "${c.title}"` : ''} by ${c.actor}${c.level !== undefined ? ` (level ${c.level})` : ''} at ${c.ts}: score ${c.score}`;
  return [head, ...c.explain.map((e) => `   - ${e}`)].join('\n');
}
