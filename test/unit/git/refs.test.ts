import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeBase, resolveRef } from '../../../src/git/refs.js';
import { GatehouseError, exitCodeFor } from '../../../src/core/errors.js';
import { makeRepo } from './fixture.js';
import { setGitBackend } from '../../../src/git/repo.js';
import type { Fixture } from './fixture.js';

const BACKENDS = ['cli', 'isomorphic'] as const;

let r: Fixture;
let c1: string, c2: string, c3: string, side: string, merge: string;

beforeAll(() => {
  r = makeRepo();
  c1 = r.commit('one', { 'a.txt': '1' });
  c2 = r.commit('two', { 'a.txt': '2' });
  r.git('branch', 'feature');
  c3 = r.commit('three', { 'a.txt': '3' });
  r.git('tag', 'light', c1);
  r.git('tag', '-a', 'annotated', '-m', 'release', c2);
  r.git('checkout', '-q', 'feature');
  side = r.commit('side', { 'b.txt': 'b' });
  r.git('checkout', '-q', 'main');
  r.git('merge', '-q', '--no-ff', '-m', 'merge feature', 'feature');
  merge = r.head();
  r.git('update-ref', 'refs/remotes/origin/main', c3);
});
afterAll(() => r.cleanup());

describe.each(BACKENDS)('with the %s object reader', (backend) => {
  beforeAll(() => setGitBackend(backend));

  describe('resolveRef', () => {
    it('resolves HEAD, branches, remote refs and full refs', async () => {
      expect(await resolveRef(r.dir, 'HEAD')).toBe(merge);
      expect(await resolveRef(r.dir, 'main')).toBe(merge);
      expect(await resolveRef(r.dir, 'feature')).toBe(side);
      expect(await resolveRef(r.dir, 'origin/main')).toBe(c3);
      expect(await resolveRef(r.dir, 'refs/remotes/origin/main')).toBe(c3);
      expect(await resolveRef(r.dir, 'refs/heads/feature')).toBe(side);
    });

    it('resolves lightweight tags and peels annotated tags to their commit', async () => {
      expect(await resolveRef(r.dir, 'light')).toBe(c1);
      expect(await resolveRef(r.dir, 'annotated')).toBe(c2);
      expect(await resolveRef(r.dir, 'refs/tags/annotated')).toBe(c2);
    });

    it('resolves full and abbreviated SHAs', async () => {
      expect(await resolveRef(r.dir, c2)).toBe(c2);
      expect(await resolveRef(r.dir, c2.slice(0, 8))).toBe(c2);
    });

    it('follows ~N and ^N suffixes like git rev-parse', async () => {
      expect(await resolveRef(r.dir, 'HEAD~1')).toBe(c3);
      expect(await resolveRef(r.dir, 'HEAD^2')).toBe(side);
      expect(await resolveRef(r.dir, 'HEAD~2^')).toBe(c1);
      expect(await resolveRef(r.dir, 'main^^{commit}')).toBe(r.git('rev-parse', 'main^'));
    });

    it('fails with a bad-input error (exit 2) naming an unknown ref', async () => {
      const err = await resolveRef(r.dir, 'no-such-branch').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GatehouseError);
      expect(exitCodeFor(err)).toBe(2);
      expect((err as Error).message).toContain('unknown git ref "no-such-branch"');
    });

    it('refuses a ref that names a tree, not a commit', async () => {
      const tree = r.git('rev-parse', 'HEAD^{tree}');
      const err = await resolveRef(r.dir, tree).catch((e: unknown) => e);
      expect(exitCodeFor(err)).toBe(2);
      expect((err as Error).message).toContain('names a tree, not a commit');
    });

    it('fails with exit 2 when the directory is not a git repository', async () => {
      const err = await resolveRef('/nonexistent-dir-for-gatehouse', 'HEAD').catch((e: unknown) => e);
      expect(exitCodeFor(err)).toBe(2);
      expect((err as Error).message).toContain('is not a git repository');
    });
  });

  describe('mergeBase', () => {
    it('agrees with git merge-base', async () => {
      expect(await mergeBase(r.dir, c3, side)).toBe(r.git('merge-base', c3, side));
      expect(await mergeBase(r.dir, c3, side)).toBe(c2);
      expect(await mergeBase(r.dir, merge, side)).toBe(side);
      expect(await mergeBase(r.dir, c1, c1)).toBe(c1);
    });

    it('is a conflict (exit 2) for unrelated histories', async () => {
      r.git('checkout', '-q', '--orphan', `lonely-${backend}`);
      const lonely = r.commit('lonely root', { 'z.txt': 'z' });
      r.git('checkout', '-q', 'main');
      const err = await mergeBase(r.dir, c3, lonely).catch((e: unknown) => e);
      expect(exitCodeFor(err)).toBe(2);
      expect((err as Error).message).toContain('share no history');
    });
  });
});
