/**
 * File:line annotations for the check run. The Checks API accepts at most 50 per request, so they are sent
 * in batches: the first with the completing update, the rest in further updates (they accumulate).
 */
import type { Annotation } from './types.js';
import { ANNOTATIONS_PER_REQUEST, ANNOTATION_MESSAGE_MAX, chunks, truncateChars } from './limits.js';

/** The REST shape of one annotation (checks/update `output.annotations[]`). */
export interface RestAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  message: string;
  title?: string;
}

export function toRestAnnotation(a: Annotation): RestAnnotation {
  const line = Number.isInteger(a.line) && a.line > 0 ? a.line : 1;
  return {
    // Paths are relative to the repository root, with forward slashes and no leading "./".
    path: a.path.replace(/\\/g, '/').replace(/^\.\//, ''),
    start_line: line,
    end_line: line,
    annotation_level: a.level,
    message: truncateChars(a.message, ANNOTATION_MESSAGE_MAX, ' …'),
    ...(a.title ? { title: a.title.slice(0, 255) } : {}),
  };
}

/** Orders annotations (failures first, then by path and line) and splits them into request-sized batches. */
export function annotationBatches(annotations: readonly Annotation[]): RestAnnotation[][] {
  const rank = { failure: 0, warning: 1, notice: 2 } as const;
  const sorted = [...annotations].sort(
    (a, b) => rank[a.level] - rank[b.level] || a.path.localeCompare(b.path) || a.line - b.line,
  );
  return chunks(sorted.map(toRestAnnotation), ANNOTATIONS_PER_REQUEST);
}
