/**
 * `--github-approvals FILE`: the GitHub review approvals the Action mapped to actors (docs/action.md), a JSON
 * array of {change, digest, actor, decision?, ts, reviewId, …}, and at most one
 * {kind: "pr-author", login, id, pr?}: the pull request's author as GitHub reports it. Read strictly: any
 * malformed element is bad input with file:line (exit 2), never silently dropped.
 */
import { badInput, type Problem } from '../core/errors.js';
import type { GithubAuthor } from '../core/gate-inputs.js';

/** A GitHub review approval as the Action hands it over (src/github/types.ts GithubApproval). */
export interface GithubReviewInput {
  kind?: 'review';
  change: string;
  digest: string;
  actor: string;
  decision?: 'approve' | 'reject';
  ts: string;
  reviewId: number;
}

/** The pull request's author as GitHub reports it: `{kind: 'pr-author', login, id, pr?}`. */
export interface GithubAuthorInput extends GithubAuthor {
  kind: 'pr-author';
}

/** What the Action passes in `--github-approvals FILE`: review approvals, and at most one PR author. */
export type GithubApprovalInput = GithubReviewInput | GithubAuthorInput;

/** 1-based line of the start of each top-level array element of a JSON text. */
function elementLines(text: string): number[] {
  const out: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expecting = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (/\s/.test(c)) continue;
    if (depth === 1 && expecting && c !== ']') {
      out.push(line);
      expecting = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1 && c === '[') expecting = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expecting = true;
  }
  return out;
}

function lineOfOffset(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

/** Offset of the first JSON syntax error (RFC 8259 grammar), for file:line when JSON.parse gives none. */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const lit = (w: string): void => {
    if (!text.startsWith(w, i)) fail();
    i += w.length;
  };
  const str = (): void => {
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined || c < ' ') fail();
      if (c === '"') return void i++;
      if (c === '\\') {
        const e = text[i + 1] ?? '';
        if ('"\\/bfnrt'.includes(e) && e !== '') i += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else fail();
      } else i++;
    }
  };
  const num = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return str();
    if (c === 't') return lit('true');
    if (c === 'f') return lit('false');
    if (c === 'n') return lit('null');
    num();
  };
  try {
    value();
    ws();
    return i < text.length ? i : Math.max(0, text.length - 1);
  } catch (at) {
    return typeof at === 'number' ? at : 0;
  }
}

/** A `pr-author` element, or what is wrong with it. */
function authorElement(
  o: Record<string, unknown>,
  seen: readonly GithubApprovalInput[],
): GithubApprovalInput | string {
  const bad: string[] = [];
  if (typeof o.login !== 'string' || o.login === '') bad.push('login must be a non-empty string');
  if (!Number.isSafeInteger(o.id) || (o.id as number) <= 0) bad.push('id must be the numeric GitHub user id');
  if (o.pr !== undefined && !Number.isSafeInteger(o.pr)) bad.push('pr must be an integer');
  if (seen.some((g) => g.kind === 'pr-author')) bad.push('a pull request has one author: give one pr-author');
  if (bad.length > 0) return bad.join('; ');
  return {
    kind: 'pr-author',
    login: o.login as string,
    id: o.id as number,
    ...(o.pr !== undefined ? { pr: o.pr as number } : {}),
  };
}

export function parseGithubApprovals(text: string, file: string): GithubApprovalInput[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const pos = lineOfOffset(text, jsonErrorOffset(text));
    const why = (e as Error).message.split('\n')[0]!.replace(/, "[\s\S]*$/, '');
    throw badInput([{ file, ...pos, message: `not JSON: ${why}` }]);
  }
  if (!Array.isArray(value))
    throw badInput([{ file, line: 1, col: 1, message: 'expected a JSON array of GitHub approvals' }]);
  const lines = elementLines(text);
  const problems: Problem[] = [];
  const out: GithubApprovalInput[] = [];
  value.forEach((v, i) => {
    const at = { file, line: lines[i] ?? 1, pointer: `/${i}` };
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      problems.push({ ...at, message: 'expected an object {change, digest, actor, ts, reviewId}' });
      return;
    }
    const o = v as Record<string, unknown>;
    if (o.kind === 'pr-author') {
      const author = authorElement(o, out);
      if (typeof author === 'string') problems.push({ ...at, message: author });
      else out.push(author);
      return;
    }
    const bad: string[] = [];
    for (const k of ['change', 'digest', 'actor', 'ts'] as const)
      if (typeof o[k] !== 'string' || o[k] === '') bad.push(`${k} must be a non-empty string`);
    if (!Number.isSafeInteger(o.reviewId)) bad.push('reviewId must be an integer');
    if (o.decision !== undefined && o.decision !== 'approve' && o.decision !== 'reject')
      bad.push('decision must be approve or reject');
    if (typeof o.ts === 'string' && Number.isNaN(Date.parse(o.ts))) bad.push('ts must be an ISO-8601 time');
    if (bad.length > 0) {
      problems.push({ ...at, message: bad.join('; ') });
      return;
    }
    out.push({
      change: o.change as string,
      digest: o.digest as string,
      actor: o.actor as string,
      ...(o.decision !== undefined ? { decision: o.decision as 'approve' | 'reject' } : {}),
      ts: o.ts as string,
      reviewId: o.reviewId as number,
    });
  });
  if (problems.length > 0) throw badInput(problems);
  return out;
}
