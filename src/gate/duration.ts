/**
 * Policy durations ("30s", "30m", "1h", "2h30m", "1d") and timestamps, for TTLs and windows.
 * Pure: the clock is always passed in.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(?:\d+(?:ms|s|m|h|d))+$/;
const PART = /(\d+)(ms|s|m|h|d)/g;

/** Milliseconds in `text`, or undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(PART)) total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  return total;
}

const tsCache = new Map<string, number | undefined>();

/** Epoch milliseconds of an ISO-8601 timestamp, or undefined when it does not parse. */
export function parseTs(text: string): number | undefined {
  if (tsCache.has(text)) return tsCache.get(text);
  const parsed = Date.parse(text);
  const ms = Number.isNaN(parsed) ? undefined : parsed;
  if (tsCache.size >= 4096) tsCache.clear(); // a bounded memo: the same timestamps recur across rules
  tsCache.set(text, ms);
  return ms;
}

/** "1h", "2h30m", "45s": a compact rendering for messages. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  const parts: string[] = [];
  let rest = Math.floor(ms / 1000);
  const d = Math.floor(rest / 86_400);
  rest -= d * 86_400;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  if (d) parts.push(`${d}d`);
  if (h) parts.push(`${h}h`);
  if (m) parts.push(`${m}m`);
  if (s || parts.length === 0) parts.push(`${s}s`);
  return parts.join('');
}
