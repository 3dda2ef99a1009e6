/**
 * What a state file may hold, through the CLI on real governed repositories (real git, real keys): YAML that a
 * YAML 1.1 reader takes differently, merge keys and runaway nesting are bad input (exit 2, file:line:col, nothing
 * written) for `validate`, `check` and `simulate`.
 */
import { describe, expect, it } from 'vitest';
import { governedRepos, stateFiles, type GovernedRepo } from '../fixtures/governed-repo.js';

const repo = governedRepos();
const FILE = 'state/park-ticketing/us-east-1.yaml';

/** A PR on branch `pr` that rewrites FILE with `edit`, with a signed manifest. */
function prEditing(r: GovernedRepo, edit: (text: string) => string): void {
  r.branch();
  const text = stateFiles(r.perCell)[FILE]!;
  const next = edit(text);
  expect(next).not.toBe(text);
  r.commit('edit state', { [FILE]: next, ...r.manifest({ id: 'CHG-1', proposer: 'alice', level: 3 }) });
}

/** validate, check and simulate all refuse with exit 2 and `message`, and write nothing. */
async function refusedEverywhere(r: GovernedRepo, message: string): Promise<void> {
  const before = r.snapshot();
  for (const argv of [
    ['validate'],
    ['check', '--base', 'main', '--head', 'HEAD'],
    ['simulate', '--base', 'main', '--head', 'HEAD'],
  ]) {
    const res = await r.cli(...argv);
    expect(res.code, `${argv[0]}: ${res.out}${res.err}`).toBe(2);
    expect(`${res.out}${res.err}`, argv[0]).toContain(message);
    expect(r.snapshot(), argv[0]).toBe(before);
  }
}

describe('YAML 1.1 / 1.2 hazards in state files', () => {
  it('refuses capacity: 0500 (500 here, octal 320 to a YAML 1.1 reader) with file:line:col and the fix', async () => {
    const r = repo();
    prEditing(r, (t) => t.replace('capacity: 500', 'capacity: 0500'));
    await refusedEverywhere(
      r,
      `${FILE}:6:17: 0500 is the integer 500 in YAML 1.2 but the octal number 320 in YAML 1.1 (a leading zero means octal there): write 500 for the number, or quote it ("0500") to keep the string`,
    );
  });

  it('refuses a plain yes, and a sexagesimal time, naming each position', async () => {
    const r = repo();
    prEditing(r, (t) => t.replace('capacity: 500', 'capacity: 500\n      open: yes\n      opens: 9:30'));
    await refusedEverywhere(r, `${FILE}:7:13: yes is a string in YAML 1.2 but the boolean true in YAML 1.1`);
    const res = await r.cli('check', '--base', 'main', '--head', 'HEAD');
    expect(res.err).toContain(
      `${FILE}:8:14: 9:30 is a string in YAML 1.2 but the base-60 number 570 in YAML 1.1`,
    );
  });

  it('accepts the same values quoted, as strings', async () => {
    const r = repo();
    prEditing(r, (t) => t.replace('capacity: 500', 'capacity: 500\n      open: "yes"\n      opens: "9:30"'));
    const v = await r.cli('validate');
    expect(v.code, v.err).toBe(0);
    const c = await r.check();
    expect(c.err).toBe('');
    expect(c.doc.digest).toMatch(/^sha256:/);
  });

  it('refuses a merge key, which YAML 1.2 would keep as a literal "<<" key', async () => {
    const r = repo();
    prEditing(r, (t) =>
      t
        .replace('  - id: us-east-1-r01\n    spec:', '  - id: us-east-1-r01\n    spec: &base')
        .replace(
          '  - id: us-east-1-r02\n    spec:\n      capacity: 500',
          '  - id: us-east-1-r02\n    spec:\n      <<: *base',
        ),
    );
    await refusedEverywhere(r, `${FILE}:9:7: merge key "<<" is not allowed`);
  });

  it('refuses 10,000-deep nesting with the limit instead of a stack overflow', async () => {
    const r = repo();
    prEditing(r, (t) =>
      t.replace('capacity: 500', `capacity: 500\n      deep: ${'['.repeat(10_000)}${']'.repeat(10_000)}`),
    );
    await refusedEverywhere(r, `${FILE}:7:73: nesting deeper than 64 levels`);
  });
});
