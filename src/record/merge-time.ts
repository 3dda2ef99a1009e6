/**
 * The two clocks of `record` (DESIGN §4, §5): entries are stamped `now`, and the merged change is judged at
 * its merge time — `--merged-at`, else the committer time of the head commit (the merge commit) — never
 * later than `now`. Pure: the caller reads the commit.
 */
import { usageError } from '../core/errors.js';
import { isoSeconds } from './build.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** `--merged-at` as a time; usage error when it is not ISO-8601 with a zone, or is after `now`. */
export function parseMergedAt(flag: string, now: Date): Date {
  const d = new Date(flag);
  if (!ISO.test(flag) || Number.isNaN(d.getTime()))
    throw usageError(
      `--merged-at expects an ISO-8601 time with a zone, e.g. 2026-01-18T14:30:00Z; found "${flag}"`,
    );
  if (d.getTime() > now.getTime())
    throw usageError(
      `--merged-at ${flag} is after --now ${isoSeconds(now)}: a change is recorded after it merged`,
    );
  return d;
}

/** The head commit's committer time (Unix seconds), capped at `now`. */
export function mergeTimeOfCommit(committerSeconds: number, now: Date): Date {
  return new Date(Math.min(committerSeconds * 1000, now.getTime()));
}
