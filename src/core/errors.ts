/**
 * Typed errors for bad input and bugs. Decisions are data (see src/result); exceptions are reserved for
 * input we refuse to read and for internal faults. Exit codes are mapped in one place: exitCodeFor().
 */

/** One precise complaint about an input file: `file:line:col: pointer: message`. */
export interface Problem {
  file: string;
  line?: number;
  col?: number;
  /** JSON Pointer of the offending value inside the document, when it has one. */
  pointer?: string;
  message: string;
}

export type ErrorCode =
  | 'bad-input' // schema, YAML, malformed data: exit 2
  | 'usage' // wrong flags or arguments: exit 2
  | 'not-found' // a required file or ref is missing: exit 2
  | 'conflict' // the repository is not in the state the command needs (lock held, ops do not apply): exit 2
  | 'internal'; // a bug or an environment failure: exit 3

export class GatehouseError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly problems: readonly Problem[];

  constructor(code: C, message: string, options: { problems?: readonly Problem[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatehouseError';
    this.code = code;
    this.problems = options.problems ?? [];
  }
}

/** Bad input: carries every problem found, not just the first (sigstore-js assertBundle style). */
export function badInput(problems: readonly Problem[], summary?: string): GatehouseError<'bad-input'> {
  const first = problems[0];
  const message =
    summary ??
    (problems.length === 1 && first
      ? formatProblem(first)
      : `${problems.length} problems in input:\n${problems.map(formatProblem).join('\n')}`);
  return new GatehouseError('bad-input', message, { problems });
}

export function usageError(message: string): GatehouseError<'usage'> {
  return new GatehouseError('usage', message);
}

export function notFound(message: string, file?: string): GatehouseError<'not-found'> {
  return new GatehouseError('not-found', message, { problems: file ? [{ file, message }] : [] });
}

export function conflict(message: string, cause?: unknown): GatehouseError<'conflict'> {
  return new GatehouseError('conflict', message, { cause });
}

export function internalError(message: string, cause?: unknown): GatehouseError<'internal'> {
  return new GatehouseError('internal', message, { cause });
}

export function formatProblem(p: Problem): string {
  let where = p.file;
  if (p.line !== undefined) where += `:${p.line}`;
  if (p.line !== undefined && p.col !== undefined) where += `:${p.col}`;
  const pointer = p.pointer !== undefined ? `${p.pointer === '' ? '/' : p.pointer}: ` : '';
  return `${where}: ${pointer}${p.message}`;
}

/** DESIGN §5 exit codes: 0 ok, 1 denied/violation (decided by callers), 2 bad input, 3 internal. */
export function exitCodeFor(err: unknown): 2 | 3 {
  if (err instanceof GatehouseError && err.code !== 'internal') return 2;
  return 3;
}

export function isGatehouseError(err: unknown): err is GatehouseError {
  return err instanceof GatehouseError;
}
