/** JSON Pointer (RFC 6901) for op paths inside a resource. */

/** RFC 6901 §3: `~` is written `~0` and `/` is written `~1` (in that order). */
export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** RFC 6901 §4: `~1` → `/` first, then `~0` → `~`, so `~01` decodes to `~1`. */
export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function formatPointer(tokens: readonly string[]): string {
  let out = '';
  for (const t of tokens) out += `/${escapeToken(t)}`;
  return out;
}

/** The reference tokens of a pointer; throws on a pointer that is not "" and does not start with "/", or on a bad escape. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`JSON Pointer "${pointer}" must be empty or start with "/"`);
  const raw = pointer.slice(1).split('/');
  if (!pointer.includes('~')) return raw; // the common case: nothing to unescape
  for (const t of raw)
    if (/~[^01]|~$/.test(t))
      throw new Error(`JSON Pointer "${pointer}" has an invalid "~" escape (RFC 6901 §3)`);
  return raw.map(unescapeToken);
}
