/**
 * Durations in policy files: "30s", "30m", "1h", "2h30m", "7d", "500ms" — units in descending order, each at
 * most once, at least one present.
 */
import { badInput } from './errors.js';

/** JSON Schema pattern for a duration string. */
export const DURATION_PATTERN = '^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$';

const RE = new RegExp(DURATION_PATTERN);
const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;

export function isDuration(s: string): boolean {
  return RE.test(s);
}

/** Milliseconds in a duration string; throws bad input for anything else. */
export function parseDuration(s: string): number {
  const m = RE.exec(s);
  if (!m) {
    throw badInput([
      { file: '<duration>', message: `expected a duration like 30s, 30m, 1h or 2h30m, found "${s}"` },
    ]);
  }
  let ms = 0;
  for (const part of m.slice(1)) {
    if (part === undefined) continue;
    const unit = /[a-z]+$/.exec(part)?.[0] as keyof typeof UNIT_MS;
    ms += Number(part.slice(0, -unit.length)) * UNIT_MS[unit];
  }
  if (!Number.isSafeInteger(ms)) {
    throw badInput([{ file: '<duration>', message: `duration "${s}" is too long` }]);
  }
  return ms;
}

/** "2h30m" from 9_000_000: the shortest canonical spelling (for messages). */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = Math.floor(ms / 1000);
  let out = '';
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out || '0s';
}
