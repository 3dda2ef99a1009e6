/** `gatehouse validate` output (DESIGN §5), as text or JSON, from the validate-repo use case's result. */
import type { ValidateRepoResult } from '../app/validate-repo.js';
import { formatProblem } from '../core/errors.js';

export function renderValidate(r: ValidateRepoResult, json: boolean): string {
  const { files, problems } = r;
  if (json)
    return JSON.stringify({
      ok: problems.length === 0,
      files,
      problems: problems.map((p) => ({
        file: p.file,
        line: p.line ?? null,
        col: p.col ?? null,
        pointer: p.pointer ?? null,
        message: p.message,
      })),
    });
  const lines = problems.map(formatProblem);
  const n = problems.length;
  lines.push(
    `validated ${files.length} file${files.length === 1 ? '' : 's'}: ${n} problem${n === 1 ? '' : 's'}`,
  );
  return lines.join('\n');
}
