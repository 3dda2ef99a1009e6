import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatFileBatch, parseCommit, parseTree } from '../../../src/git/cat-file.js';
import { makeRepo } from './fixture.js';
import type { Fixture } from './fixture.js';

describe('parseCommit', () => {
  it('reads tree, parents, people and message, skipping gpgsig continuation lines', () => {
    const raw = [
      'tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904',
      'parent 1111111111111111111111111111111111111111',
      'parent 2222222222222222222222222222222222222222',
      'author Alice Ng <alice@example.invalid> 1768744800 +0100',
      'committer GitHub <noreply@github.com> 1768744900 +0000',
      'gpgsig -----BEGIN SSH SIGNATURE-----',
      ' U1NIU0lHAAAAAQ==',
      ' parent 3333333333333333333333333333333333333333',
      ' -----END SSH SIGNATURE-----',
      '',
      'Merge pull request #17',
      '',
      'body',
    ].join('\n');
    const c = parseCommit(Buffer.from(raw));
    expect(c.tree).toBe('4b825dc642cb6eb9a060e54bf8d69288fbee4904');
    expect(c.parents).toEqual(['1'.repeat(40), '2'.repeat(40)]);
    expect(c.author).toEqual({ name: 'Alice Ng', email: 'alice@example.invalid', timestamp: 1768744800 });
    expect(c.committer.name).toBe('GitHub');
    expect(c.message).toBe('Merge pull request #17\n\nbody');
  });

  it('refuses an object without a tree line', () => {
    expect(() => parseCommit(Buffer.from('author x <y> 1 +0000\n\nmsg'))).toThrow('malformed commit object');
  });
});

describe('parseTree', () => {
  it('reads modes, names, oids and types, padding tree modes like git ls-tree', () => {
    const oid = (c: string): Buffer => Buffer.from(c.repeat(40), 'hex');
    const raw = Buffer.concat([
      Buffer.from('100644 a.txt\0'),
      oid('a'),
      Buffer.from('40000 dir\0'),
      oid('b'),
      Buffer.from('160000 sub\0'),
      oid('c'),
      Buffer.from('100755 run.sh\0'),
      oid('d'),
    ]);
    expect(parseTree(raw)).toEqual([
      { mode: '100644', path: 'a.txt', oid: 'a'.repeat(40), type: 'blob' },
      { mode: '040000', path: 'dir', oid: 'b'.repeat(40), type: 'tree' },
      { mode: '160000', path: 'sub', oid: 'c'.repeat(40), type: 'commit' },
      { mode: '100755', path: 'run.sh', oid: 'd'.repeat(40), type: 'blob' },
    ]);
  });

  it('refuses a truncated tree', () => {
    expect(() => parseTree(Buffer.from('100644 a.txt\0abc'))).toThrow('malformed tree object');
  });
});

describe('CatFileBatch', () => {
  let r: Fixture;
  beforeAll(() => {
    r = makeRepo();
    r.commit('one', { 'a.txt': 'hello\n', 'big.bin': Buffer.alloc(300_000, 7) });
  });
  afterAll(() => r.cleanup());

  it('answers many concurrent reads in order, including large blobs and missing objects', async () => {
    const batch = new CatFileBatch(`${r.dir}/.git`);
    const a = r.git('rev-parse', 'HEAD:a.txt');
    const big = r.git('rev-parse', 'HEAD:big.bin');
    const results = await Promise.all([
      batch.read(a),
      batch.read(big),
      batch.read('0'.repeat(40)),
      batch.read(r.head()),
      batch.read('not-an-oid'),
    ]);
    expect(results[0]).toEqual({ type: 'blob', bytes: Buffer.from('hello\n') });
    expect(results[1]!.bytes.equals(Buffer.alloc(300_000, 7))).toBe(true);
    expect(results[2]).toBeUndefined();
    expect(results[3]!.type).toBe('commit');
    expect(results[4]).toBeUndefined();
    batch.close();
  });
});
