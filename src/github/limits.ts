/**
 * GitHub's size limits for what the Action posts, and truncation that respects them.
 * Checks API: output.title, output.summary and output.text are each at most 65535 characters; at most 50
 * annotations per create/update request. Job summaries: at most 1 MiB per step (larger uploads are dropped).
 */
export const CHECK_TEXT_MAX = 65_535;
export const CHECK_TITLE_MAX = 255;
export const ANNOTATIONS_PER_REQUEST = 50;
/** An annotation message is limited to 64 KB. */
export const ANNOTATION_MESSAGE_MAX = 64 * 1024 - 1;
export const STEP_SUMMARY_MAX_BYTES = 1024 * 1024;
/** Workflow-command annotations (::error / ::warning / ::notice): GitHub shows at most 10 of each kind per step. */
export const WORKFLOW_ANNOTATIONS_PER_LEVEL = 10;

const NOTE = '\n\n… (truncated: see the job summary or run `gatehouse check` locally for the full report)';

/** Cuts `text` to at most `max` UTF-16 code units, never splitting a surrogate pair, with a note. */
export function truncateChars(text: string, max: number, note = NOTE): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - note.length);
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, cut) + note.slice(0, max - cut);
}

/** Cuts `text` so its UTF-8 encoding is at most `maxBytes`, on a code point boundary, with a note. */
export function truncateUtf8(text: string, maxBytes: number, note = NOTE): string {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength(note, 'utf8');
  const buf = Buffer.from(text, 'utf8');
  let end = Math.max(0, budget);
  // Step back over UTF-8 continuation bytes (10xxxxxx) so no code point is split.
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return buf.subarray(0, end).toString('utf8') + note;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The annotations GitHub will show when they are written as workflow commands (at most 10 per level per
 * step), and how many were left out, so the caller can say so instead of losing them silently.
 */
export function capWorkflowAnnotations<T extends { level: string }>(
  annotations: readonly T[],
  perLevel = WORKFLOW_ANNOTATIONS_PER_LEVEL,
): { shown: T[]; omitted: number } {
  const seen = new Map<string, number>();
  const shown: T[] = [];
  for (const a of annotations) {
    const n = seen.get(a.level) ?? 0;
    seen.set(a.level, n + 1);
    if (n < perLevel) shown.push(a);
  }
  return { shown, omitted: annotations.length - shown.length };
}
