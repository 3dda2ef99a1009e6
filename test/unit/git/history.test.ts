import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jcs } from '../../../src/core/jcs.js';
import { ledgerLineOrigins, verifyLedgerHistory } from '../../../src/assembly/ledger-history.js';
import { makeRepo } from './fixture.js';
import { setGitBackend } from '../../../src/git/repo.js';
import type { Fixture } from './fixture.js';

const BACKENDS = ['cli', 'isomorphic'] as const;

const SEG0 = 'ledger/events/000000000000.jsonl';
const SEG1 = 'ledger/events/000000000003.jsonl';

function line(seq: number, note = 'ok'): string {
  return jcs({ v: 1, seq, type: seq === 0 ? 'genesis' : 'change.applied', body: { note } }) + '\n';
}
function lines(from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += line(i);
  return s;
}

describe.each(BACKENDS)('with the %s object reader', (backend) => {
  beforeAll(() => setGitBackend(backend));

  describe('verifyLedgerHistory on an honest history', () => {
    let r: Fixture;
    beforeAll(() => {
      r = makeRepo();
      r.commit('before the ledger', { 'README.md': 'hi' });
      r.commit('genesis', { [SEG0]: lines(0, 1) });
      r.commit('unrelated', { 'src/a.ts': 'x' });
      r.commit('append 1-2', { [SEG0]: lines(0, 3) });
      r.git('checkout', '-q', '-b', 'pr');
      r.commit('pr work', { 'state/a.yaml': 'resources: []' });
      r.git('checkout', '-q', 'main');
      r.git('merge', '-q', '--no-ff', '-m', 'Merge pr', 'pr');
      r.commit('append 3-4 in a new segment', { [SEG1]: lines(3, 5) });
    });
    afterAll(() => r.cleanup());

    it('is ok and counts commits and entries', async () => {
      const res = await verifyLedgerHistory(r.dir, 'main', 'ledger');
      expect(res).toEqual({ ok: true, commits: 6, entries: 5, findings: [] });
    });

    it('names the commit that added each entry', async () => {
      const origins = await ledgerLineOrigins(r.dir, 'main', 'ledger');
      expect([...origins.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
      expect(origins.get(0)!.subject).toBe('genesis');
      expect(origins.get(2)!.subject).toBe('append 1-2');
      expect(origins.get(4)!.subject).toBe('append 3-4 in a new segment');
      expect(origins.get(4)!.commit).toBe(r.head());
    });

    it('is ok for a repository with no ledger at all', async () => {
      const res = await verifyLedgerHistory(r.dir, 'main', 'elsewhere');
      expect(res).toEqual({ ok: true, commits: 6, entries: 0, findings: [] });
    });
  });

  describe('verifyLedgerHistory on a tampered history', () => {
    let r: Fixture;
    let rewrite: string;
    beforeAll(() => {
      r = makeRepo();
      r.commit('genesis', { [SEG0]: lines(0, 1) });
      r.commit('append', { [SEG0]: lines(0, 4) });
      // Rewrites seq 1 and drops seq 3: the count decreases too.
      rewrite = r.commit('tidy ledger', { [SEG0]: line(0) + line(1, 'forged') + line(2) });
      r.commit('restore the count', { [SEG0]: line(0) + line(1, 'forged') + line(2) + line(3, 'new') });
      r.commit('more honest appends', {
        [SEG0]: line(0) + line(1, 'forged') + line(2) + line(3, 'new') + line(4),
      });
    });
    afterAll(() => r.cleanup());

    it('names the commit that rewrote an old line, even after the count was restored', async () => {
      const res = await verifyLedgerHistory(r.dir, 'main', 'ledger');
      expect(res.ok).toBe(false);
      expect(res.commits).toBe(5);
      expect(new Set(res.findings.map((f) => f.commit))).toEqual(new Set([rewrite]));
      expect(res.findings.map((f) => f.message)).toEqual([
        `commit ${rewrite.slice(0, 12)} "tidy ledger" rewrote ${SEG0}:2 (seq 1): ledger lines are append-only`,
        `commit ${rewrite.slice(0, 12)} "tidy ledger" decreased the ledger entry count from 4 to 3`,
      ]);
    });

    it('keeps the original commit as the origin of a rewritten entry', async () => {
      const origins = await ledgerLineOrigins(r.dir, 'main', 'ledger');
      expect(origins.get(1)!.subject).toBe('append');
      expect(origins.get(4)!.subject).toBe('more honest appends');
    });
  });

  describe('verifyLedgerHistory catches every kind of rewrite', () => {
    it('names a commit that deleted a segment file', async () => {
      const r = makeRepo();
      try {
        r.commit('two segments', { [SEG0]: lines(0, 3), [SEG1]: lines(3, 4) });
        const bad = r.commit('drop old segment', { [SEG0]: null });
        const res = await verifyLedgerHistory(r.dir, 'HEAD', 'ledger');
        expect(res.ok).toBe(false);
        expect(res.findings).toEqual([
          {
            commit: bad,
            file: SEG0,
            message: `commit ${bad.slice(0, 12)} "drop old segment" removed ${SEG0} (3 ledger entries)`,
          },
          {
            commit: bad,
            file: 'ledger/events',
            message: `commit ${bad.slice(0, 12)} "drop old segment" decreased the ledger entry count from 4 to 1`,
          },
        ]);
      } finally {
        r.cleanup();
      }
    });

    it('names a commit that truncated the last lines', async () => {
      const r = makeRepo();
      try {
        r.commit('three', { [SEG0]: lines(0, 3) });
        const bad = r.commit('truncate', { [SEG0]: lines(0, 1) });
        const res = await verifyLedgerHistory(r.dir, 'HEAD', 'ledger');
        expect(res.findings.map((f) => f.commit)).toEqual([bad, bad]);
        expect(res.findings[0]!.message).toContain(`removed ${SEG0}:2 (seq 1) and 1 later line(s)`);
      } finally {
        r.cleanup();
      }
    });

    it('names a commit that extended an unterminated last line in place', async () => {
      const r = makeRepo();
      try {
        r.commit('unterminated', { [SEG0]: line(0) + '{"seq":1' });
        const bad = r.commit('extend in place', { [SEG0]: line(0) + '{"seq":1,"x":2}\n' });
        const res = await verifyLedgerHistory(r.dir, 'HEAD', 'ledger');
        expect(res.findings).toHaveLength(1);
        expect(res.findings[0]!.commit).toBe(bad);
        expect(res.findings[0]!.message).toContain(`rewrote ${SEG0}:2`);
      } finally {
        r.cleanup();
      }
    });

    it('names a commit that removed the whole ledger folder', async () => {
      const r = makeRepo();
      try {
        r.commit('ledger', { [SEG0]: lines(0, 2) });
        const bad = r.commit('rm ledger', { [SEG0]: null, 'other.txt': 'x' });
        const res = await verifyLedgerHistory(r.dir, 'HEAD', 'ledger/');
        expect(res.ok).toBe(false);
        expect(res.findings.every((f) => f.commit === bad)).toBe(true);
        expect(res.entries).toBe(0);
      } finally {
        r.cleanup();
      }
    });

    it('judges a merged branch by the merge commit against its first parent', async () => {
      const r = makeRepo();
      try {
        r.commit('ledger', { [SEG0]: lines(0, 2) });
        r.git('checkout', '-q', '-b', 'evil');
        r.commit('rewrite on a branch', { [SEG0]: line(0, 'changed') + line(1) });
        r.git('checkout', '-q', 'main');
        r.commit('honest append', { [SEG0]: lines(0, 3) });
        r.git('merge', '-q', '--no-ff', '-X', 'theirs', '-m', 'Merge evil', 'evil');
        const merge = r.head();
        const res = await verifyLedgerHistory(r.dir, 'main', 'ledger');
        expect(res.ok).toBe(false);
        expect(res.findings.map((f) => f.commit)).toEqual([merge]);
        expect(res.findings[0]!.message).toContain('"Merge evil" rewrote');
      } finally {
        r.cleanup();
      }
    });
  });
});
