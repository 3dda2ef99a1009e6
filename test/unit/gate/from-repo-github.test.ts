import { describe, expect, it } from 'vitest';
import { GatehouseError } from '../../../src/core/errors.js';
import { parseGithubApprovals } from '../../../src/assembly/from-repo-github.js';

const ok = { change: 'CHG-1', digest: 'sha256:x', actor: 'bob', ts: '2026-01-18T14:00:00Z', reviewId: 9 };

function problems(text: string): string[] {
  try {
    parseGithubApprovals(text, 'a.json');
  } catch (e) {
    if (e instanceof GatehouseError)
      return e.problems.map((p) => `${p.file}:${p.line}: ${p.pointer ?? ''} ${p.message}`);
    throw e;
  }
  return [];
}

describe('parseGithubApprovals', () => {
  it('reads the approvals the Action writes, extra fields and all', () => {
    const list = parseGithubApprovals(
      JSON.stringify([{ ...ok, source: 'github', login: 'b', commit: 'c', decision: 'approve' }]),
      'a.json',
    );
    expect(list).toEqual([{ ...ok, decision: 'approve' }]);
  });

  it('names the line of each bad element', () => {
    const text = `[\n  ${JSON.stringify(ok)},\n  {"change": "CHG-1", "digest": "d", "actor": "a", "ts": "nope", "reviewId": 1.5},\n  "x"\n]`;
    expect(problems(text)).toEqual([
      'a.json:3: /1 reviewId must be an integer; ts must be an ISO-8601 time',
      'a.json:4: /2 expected an object {change, digest, actor, ts, reviewId}',
    ]);
  });

  it('refuses text that is not a JSON array, with a position', () => {
    expect(problems('{"a": 1}')).toEqual(['a.json:1:  expected a JSON array of GitHub approvals']);
    expect(problems('[\n  {"a": }\n]')).toEqual(["a.json:2:  not JSON: Unexpected token '}'"]);
    expect(problems('[1,\n2,\n  ]')[0]).toMatch(/^a\.json:3: {2}not JSON: /);
  });

  it('reads one pull request author, and names a bad or second one by line', () => {
    const author = { kind: 'pr-author', login: 'alice-ng', id: 1234567, pr: 17 };
    expect(parseGithubApprovals(JSON.stringify([ok, author]), 'a.json')).toEqual([ok, author]);
    const text = `[\n  ${JSON.stringify(author)},\n  {"kind": "pr-author", "login": "", "id": "1"},\n  ${JSON.stringify(author)}\n]`;
    expect(problems(text)).toEqual([
      'a.json:3: /1 login must be a non-empty string; id must be the numeric GitHub user id; a pull request has one author: give one pr-author',
      'a.json:4: /2 a pull request has one author: give one pr-author',
    ]);
  });
});
