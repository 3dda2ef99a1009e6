import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitTree } from '../../../src/git/tree.js';
import { makeRepo } from './fixture.js';
import { setGitBackend } from '../../../src/git/repo.js';
import type { Fixture } from './fixture.js';

const BACKENDS = ['cli', 'isomorphic'] as const;

let r: Fixture;
let first: string, second: string;

beforeAll(() => {
  r = makeRepo();
  first = r.commit('first', {
    'policies/actors.yaml': 'actors: []\n',
    'policies/keys/alice.asc': 'KEY',
    'state/park/gates.yaml': 'resources: []\n',
    'state/park/east/more.yaml': 'resources: [] # east\n',
    'README.md': '# hi\n',
  });
  second = r.commit('second', {
    'policies/actors.yaml': 'actors: [x]\n',
    'state/park/east/more.yaml': null,
    'state/zz.yaml': 'resources: []\n',
  });
  // The work tree moves on; GitTree must not see it.
  r.write({ 'policies/actors.yaml': 'dirty\n' });
});
afterAll(() => r.cleanup());

describe.each(BACKENDS)('with the %s object reader', (backend) => {
  beforeAll(() => setGitBackend(backend));

  describe('GitTree', () => {
    it('reads a file as committed, not as in the work tree', async () => {
      const t = new GitTree(r.dir, first);
      expect(Buffer.from((await t.read('policies/actors.yaml'))!).toString()).toBe('actors: []\n');
      const t2 = new GitTree(r.dir, second);
      expect(Buffer.from((await t2.read('policies/actors.yaml'))!).toString()).toBe('actors: [x]\n');
    });

    it('returns undefined for missing files and for folders', async () => {
      const t = new GitTree(r.dir, first);
      expect(await t.read('nope.yaml')).toBeUndefined();
      expect(await t.read('policies')).toBeUndefined();
      expect(await t.read('README.md/child')).toBeUndefined();
    });

    it('lists a folder recursively, sorted, with paths from the tree root', async () => {
      const t = new GitTree(r.dir, first);
      expect(await t.list('state')).toEqual(['state/park/east/more.yaml', 'state/park/gates.yaml']);
      expect(await t.list('policies/')).toEqual(['policies/actors.yaml', 'policies/keys/alice.asc']);
      expect(await new GitTree(r.dir, second).list('state')).toEqual([
        'state/park/gates.yaml',
        'state/zz.yaml',
      ]);
    });

    it('lists nothing for a missing folder or a file', async () => {
      const t = new GitTree(r.dir, first);
      expect(await t.list('ledger')).toEqual([]);
      expect(await t.list('README.md')).toEqual([]);
    });

    it('lists the whole tree from the root', async () => {
      const all = await new GitTree(r.dir, first).list('');
      expect(all).toEqual(r.git('ls-tree', '-r', '--name-only', first).split('\n').sort());
    });

    it('labels itself with the short commit id unless told otherwise', () => {
      expect(new GitTree(r.dir, first).label).toBe(`${first.slice(0, 12)}:`);
      expect(new GitTree(r.dir, first, 'origin/main:').label).toBe('origin/main:');
    });

    it('reads a blob identical to git cat-file', async () => {
      const bin = new Uint8Array([0, 1, 2, 255, 10, 13]);
      const c = r.commit('binary', { 'bin.dat': bin });
      const t = new GitTree(r.dir, c);
      expect(Buffer.from((await t.read('bin.dat'))!)).toEqual(Buffer.from(bin));
      expect(await t.blobOid('bin.dat')).toBe(r.git('rev-parse', `${c}:bin.dat`));
    });
  });

  describe('GitTree over a packed repository', () => {
    it('reads and lists the same content after git gc packs every object', async () => {
      const p = makeRepo();
      try {
        const c = p.commit('packed', { 'state/a.yaml': 'a: 1\n', 'state/b/c.yaml': 'c: 2\n' });
        p.git('gc', '-q', '--aggressive', '--prune=now');
        const t = new GitTree(p.dir, c);
        expect(await t.list('state')).toEqual(['state/a.yaml', 'state/b/c.yaml']);
        expect(Buffer.from((await t.read('state/b/c.yaml'))!).toString()).toBe('c: 2\n');
      } finally {
        p.cleanup();
      }
    });
  });
});
