import { describe, expect, it } from 'vitest';
import { findApplied } from '../../../src/record/applied.js';

const line = (seq: number, type: string, change: string, digest: string, commit?: string): string =>
  JSON.stringify({
    body: { digest, key: `${type}:${change}:${digest}` },
    seq,
    subject: { change, ...(commit ? { commit } : {}) },
    type,
  });

describe('findApplied', () => {
  const lines = ['{"seq":0,"type":"genesis"}', line(1, 'change.applied', 'CHG-1', 'sha256:aa', 'c1')];
  it('tells the same merge recorded twice from the same id merged again', () => {
    expect(findApplied(lines, 'CHG-1', 'sha256:aa', 'c1')).toEqual({ seq: 1, commit: 'c1', sameMerge: true });
    expect(findApplied(lines, 'CHG-1', 'sha256:aa', 'c2')).toEqual({
      seq: 1,
      commit: 'c1',
      sameMerge: false,
    });
    expect(findApplied(lines, 'CHG-1', 'sha256:bb', 'c2')).toMatchObject({ sameMerge: false });
    expect(findApplied(lines, 'CHG-10', 'sha256:aa', 'c1')).toBeUndefined();
  });
  it('falls back to the digest for an entry without a merge commit, and finds rollbacks too', () => {
    const old = [line(0, 'rollback.applied', 'RB-1', 'sha256:aa')];
    expect(findApplied(old, 'RB-1', 'sha256:aa', 'c9')).toEqual({ seq: 0, sameMerge: true });
    expect(findApplied(old, 'RB-1', 'sha256:bb', 'c9')).toEqual({ seq: 0, sameMerge: false });
  });
});
