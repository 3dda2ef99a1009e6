/**
 * `validate` and the gate apply one rule to the policy's keys (DESIGN §3: approvals count once per actor): a key
 * listed for two actors fails both, with the same reason — validate with file:line (exit 2), the gate's `keys`
 * check with an error. Real SSH keys made at test time, real git, the CLI in-process.
 */
import { describe, expect, it } from 'vitest';
import { governedRepos, node, withCapacity } from '../fixtures/governed-repo.js';

const repo = governedRepos();

describe('a key listed for two actors', () => {
  it('fails validate (exit 2, file:line, nothing written) exactly where the gate errors on it', async () => {
    const r = repo();
    const actors = r.read('policies/actors.yaml');
    const shared = actors.replace('file: keys/bob.pub', 'file: keys/alice.pub');
    expect(shared).not.toBe(actors);
    r.commit('bob lists alice key', { 'policies/actors.yaml': shared });
    const bobLine = shared.split('\n').findIndex((l) => l.includes('id: bob')) + 1;

    const before = r.snapshot();
    const v = await r.cli('validate');
    expect(v.code, v.out + v.err).toBe(2);
    const lines = v.out.split('\n').filter((l) => l.includes('listed for several actors'));
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      expect(l).toMatch(
        /^policies\/actors\.yaml:\d+:\d+: \/actors\/\d+\/keys: (alice|bob): key SHA256:\S+ is listed for several actors: alice, bob: give each actor its own key/,
      );
    }
    const [, lineNo] = /^policies\/actors\.yaml:(\d+)/.exec(lines.find((l) => l.includes(': bob: '))!)!;
    expect(Number(lineNo)).toBeGreaterThan(bobLine);
    expect(r.snapshot()).toBe(before);

    // The gate, on a change bob approves: the keys check errors for the same reason.
    r.branch();
    r.commit('raise', {
      ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }),
      'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 1, 900),
    });
    await r.approve('CHG-1', ['bob']);
    const gate = await r.check();
    expect(gate.code).toBe(1);
    const keys = node(gate.doc.root, 'keys');
    expect(keys.status).toBe('error');
    expect(keys.reason).toMatch(/bob: key SHA256:\S+ is listed for several actors: alice, bob/);
  });

  it('passes validate when every actor has its own key', async () => {
    const r = repo();
    const v = await r.cli('validate');
    expect(v.out).toContain(': 0 problems');
    expect(v.code).toBe(0);
  });
});
