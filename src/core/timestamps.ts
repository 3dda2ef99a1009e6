/**
 * Policy durations (parsed by src/formats/duration.ts) and timestamps, for TTLs and windows.
 * Pure: the clock is always passed in.
 */
import { formatDuration, isDuration, parseDuration as parseStrictDuration } from './duration.js';

export { formatDuration };

/** Milliseconds in `text`, or undefined when it is not a duration (the gate fails closed on undefined). */
export function parseDuration(text: string): number | undefined {
  return isDuration(text) ? parseStrictDuration(text) : undefined;
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
