import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedFiles } from '../../../src/git/diff.js';
import { firstParentHistory, readBlob } from '../../../src/git/log.js';
import { makeRepo } from './fixture.js';
import { setGitBackend } from '../../../src/git/repo.js';
import type { Fixture } from './fixture.js';

const BACKENDS = ['cli', 'isomorphic'] as const;

let r: Fixture;
let a: string, b: string;

beforeAll(() => {
  r = makeRepo();
  a = r.commit('a', {
    'keep.txt': 'same',
    'mod.txt': 'v1',
    'gone.txt': 'bye',
    'dir/deep/x.txt': 'x',
    swap: 'was a file',
  });
  b = r.commit('b', {
    'mod.txt': 'v2',
    'gone.txt': null,
    'new/added.txt': 'hello',
    'dir/deep/x.txt': null,
    'dir/deep/y.txt': 'y',
    swap: null,
    'swap/inner.txt': 'now a folder',
  });
});
afterAll(() => r.cleanup());

describe.each(BACKENDS)('with the %s object reader', (backend) => {
  beforeAll(() => setGitBackend(backend));

  describe('changedFiles', () => {
    it('lists added, modified and deleted files sorted by path, with blob oids', async () => {
      const out = await changedFiles(r.dir, a, b);
      expect(out.map((f) => [f.path, f.status])).toEqual([
        ['dir/deep/x.txt', 'deleted'],
        ['dir/deep/y.txt', 'added'],
        ['gone.txt', 'deleted'],
        ['mod.txt', 'modified'],
        ['new/added.txt', 'added'],
        ['swap', 'deleted'],
        ['swap/inner.txt', 'added'],
      ]);
      const mod = out.find((f) => f.path === 'mod.txt')!;
      expect(mod.beforeOid).toBe(r.git('rev-parse', `${a}:mod.txt`));
      expect(mod.afterOid).toBe(r.git('rev-parse', `${b}:mod.txt`));
      expect(out.find((f) => f.path === 'gone.txt')!.afterOid).toBeUndefined();
    });

    it('agrees with git diff --name-status', async () => {
      const git = r
        .git('diff', '--no-renames', '--name-status', a, b)
        .split('\n')
        .map((l) => l.split('\t')[1])
        .sort();
      expect((await changedFiles(r.dir, a, b)).map((f) => f.path)).toEqual(git);
    });

    it('is empty between a commit and itself, and reversed the other way', async () => {
      expect(await changedFiles(r.dir, a, a)).toEqual([]);
      const back = await changedFiles(r.dir, b, a);
      expect(back.find((f) => f.path === 'gone.txt')!.status).toBe('added');
    });

    it('reports an executable-bit change as a modification', async () => {
      const c = r.commit('plain', { 'run.sh': 'echo hi\n' });
      r.git('update-index', '--chmod=+x', 'run.sh');
      r.git('commit', '-q', '-m', 'exec');
      const out = await changedFiles(r.dir, c, r.head());
      expect(out).toEqual([
        expect.objectContaining({ path: 'run.sh', status: 'modified', beforeOid: expect.any(String) }),
      ]);
    });
  });

  describe('firstParentHistory and readBlob', () => {
    it('follows first parents only, oldest first', async () => {
      const h = makeRepo();
      try {
        const root = h.commit('root', { 'f.txt': '0' });
        h.git('checkout', '-q', '-b', 'topic');
        h.commit('topic work', { 't.txt': 't' });
        h.git('checkout', '-q', 'main');
        const m1 = h.commit('main work', { 'f.txt': '1' });
        h.git('merge', '-q', '--no-ff', '-m', 'Merge topic', 'topic');
        const list = await firstParentHistory(h.dir, 'main');
        expect(list.map((c) => c.subject)).toEqual(['root', 'main work', 'Merge topic']);
        expect(list[0]!.oid).toBe(root);
        expect(list[1]!.oid).toBe(m1);
        expect(list.map((c) => c.oid)).toEqual(
          h.git('rev-list', '--first-parent', '--reverse', 'main').split('\n'),
        );
        expect((await firstParentHistory(h.dir, 'main', { limit: 2 })).map((c) => c.subject)).toEqual([
          'main work',
          'Merge topic',
        ]);
      } finally {
        h.cleanup();
      }
    });

    it('reads a blob by oid', async () => {
      const oid = r.git('rev-parse', `${b}:mod.txt`);
      expect(Buffer.from(await readBlob(r.dir, oid)).toString()).toBe('v2');
    });
  });
});
