/**
 * A small path glob matcher for policy `paths` (DESIGN §2.7). Paths are '/'-separated and relative to
 * the repository root.
 *   `*`   any run of characters within one segment (no '/')
 *   `**`  any run of characters across segments; `a/**` matches `a` and everything under it,
 *         `**\/b` matches `b` at any depth, `a/**\/b` matches `a/b`, `a/x/b`, `a/x/y/b`
 *   `?`   one character other than '/'
 * Every other character matches itself. Patterns are compiled once and cached.
 */
const cache = new Map<string, RegExp>();

function escape(ch: string): string {
  return /[\\^$.|+()[\]{}]/.test(ch) ? `\\${ch}` : ch;
}

export function globToRegExp(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let re = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i] as string;
    if (ch === '*' && pattern[i + 1] === '*') {
      const atStart = i === 0 || pattern[i - 1] === '/';
      const next = pattern[i + 2];
      if (atStart && next === '/') {
        // `**/` : zero or more whole segments
        re += '(?:[^/]*/)*';
        i += 3;
        continue;
      }
      if (atStart && next === undefined && i > 0) {
        // trailing `/**` : the directory itself or anything below it
        re = re.slice(0, -1) + '(?:/.*)?';
        i += 2;
        continue;
      }
      re += '.*';
      i += 2;
      continue;
    }
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += escape(ch);
    i += 1;
  }
  const compiled = new RegExp(`^${re}$`);
  cache.set(pattern, compiled);
  return compiled;
}

export function matchGlob(pattern: string, path: string): boolean {
  return globToRegExp(pattern).test(path);
}

/** True when any of `paths` matches any of `patterns`. */
export function anyPathMatches(patterns: readonly string[], paths: readonly string[]): boolean {
  for (const p of patterns) {
    const re = globToRegExp(p);
    for (const path of paths) if (re.test(path)) return true;
  }
  return false;
}
