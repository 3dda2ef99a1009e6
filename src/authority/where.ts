/** Where an authority finding points: a policy file and line (DESIGN §5 messages name file:line). */
import type { SourceRef } from '../core/result.js';

export interface AuthorityWhere {
  file?: string;
  locate?: (pointer: string) => { line: number; col: number } | undefined;
  actorsFile?: string;
  actorsLocate?: (pointer: string) => { line: number; col: number } | undefined;
}

export function at(
  file: string | undefined,
  locate: AuthorityWhere['locate'],
  pointer: string,
): SourceRef | undefined {
  if (!file) return undefined;
  const pos = locate?.(pointer);
  return { file, ...(pos ? { line: pos.line, col: pos.col } : {}) };
}

export function src(s: SourceRef | undefined): { source?: SourceRef } {
  return s ? { source: s } : {};
}
