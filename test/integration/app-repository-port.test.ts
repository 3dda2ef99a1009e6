/**
 * The repository port the use cases share (src/assembly/git-repository.ts): one snapshot per base..head in a
 * run, each reader answering once; the digest use case says why there is no digest, and requireDigest makes
 * that bad input (exit 2) naming the folder.
 */
import { describe, expect, it } from 'vitest';
import { changeDigest, requireDigest } from '../../src/app/change-digest.js';
import { checkChange } from '../../src/app/check-change.js';
import { gitRepository } from '../../src/assembly/git-repository.js';
import { GatehouseError } from '../../src/core/errors.js';
import { commit, git, makePrRepo, NOW } from '../fixtures/github/repo.js';

describe('the git repository port', () => {
  it('opens base..head once: the same snapshot, the same change set, and the set answers for the core', async () => {
    const r = makePrRepo();
    const repo = gitRepository(r.work);
    const s = repo.change(r.base, r.head2);
    expect(repo.change(r.base, r.head2)).toBe(s);
    expect(repo.change(r.base, r.head1)).not.toBe(s);
    const set = await s.changeSet();
    expect(await s.changeSet()).toBe(set);
    expect(await s.core()).toBe(set);
    const result = await checkChange({ base: r.base, head: r.head2, now: new Date(NOW) }, { repo });
    expect(result.assembled.change).toBe(set);
    expect(result.decision.change).toBe('CHG-0042');
    expect(result.rootFile).toBe('policies/actors.yaml');
  });

  it('reads the core alone when the change set fails on a broken base policy', async () => {
    const r = makePrRepo();
    git(r.work, 'checkout', '-q', r.base);
    const broken = commit(r.work, { 'policies/quorum.yaml': 'rules: [\n' }, 'break quorum');
    git(r.work, 'checkout', '-q', r.head2);
    const repo = gitRepository(r.work);
    const s = repo.change(broken, r.head2);
    const err = await s.changeSet().catch((e: unknown) => e);
    expect((err as GatehouseError).code).toBe('bad-input');
    expect((await s.core()).changeId).toBe('CHG-0042');
  });

  it('gives no digest without a manifest, and requireDigest turns that into bad input naming the folder', async () => {
    const r = makePrRepo();
    git(r.work, 'checkout', '-q', r.base);
    const plain = commit(r.work, { 'docs/readme.md': 'nothing governed\n' }, 'docs only');
    const result = await changeDigest({ base: r.base, head: plain }, { repo: gitRepository(r.work) });
    expect(result.digest).toBeUndefined();
    expect(result.problems).toEqual([
      { file: 'changes/', message: 'no change manifest: add changes/<ID>/change.yaml' },
    ]);
    const err = (() => {
      try {
        requireDigest(result);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(GatehouseError);
    expect((err as GatehouseError).code).toBe('bad-input');
    expect((err as GatehouseError).message).toBe(
      'changes/: no change manifest: add changes/<ID>/change.yaml',
    );
  });
});
