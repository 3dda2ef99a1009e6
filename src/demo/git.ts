/**
 * Git with a fixed identity and fixed dates, so the worked example and the demo produce the same commits on
 * every run (DESIGN §8: regeneration changes nothing). Shared by scripts/gen-example.ts and `demo`.
 */
import { execFileSync } from 'node:child_process';

/** ISO-8601 to the second, `Z` (the form ledger timestamps and `--now` use). */
export const isoAt = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Runs git in `dir` as the example's author and committer, dated `atMs`; returns trimmed stdout. */
export function gitAt(dir: string, args: readonly string[], atMs: number): string {
  const date = `${Math.floor(atMs / 1000)} +0000`;
  return execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Gatehouse Example',
      GIT_AUTHOR_EMAIL: 'example@gatehouse.invalid',
      GIT_COMMITTER_NAME: 'Gatehouse Example',
      GIT_COMMITTER_EMAIL: 'example@gatehouse.invalid',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    },
  }).trim();
}
