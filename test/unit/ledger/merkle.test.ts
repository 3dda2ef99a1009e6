import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CompactRange,
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  leafHashHex,
  merkleRoot,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
} from '../../../src/ledger/merkle.js';

// Published RFC 6962 test vectors (transparency-dev/merkle, proof/verify_test.go and
// rfc6962/rfc6962_test.go): the standard eight leaves, the roots of their prefixes, and known proofs.
const h = (s: string): Buffer => Buffer.from(s, 'hex');
const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(h);
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
].map(h);
const INCLUSION: { leaf: number; size: number; proof: string[] }[] = [
  { leaf: 1, size: 1, proof: [] },
  {
    leaf: 1,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    leaf: 6,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { leaf: 3, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    leaf: 2,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];
const CONSISTENCY: { size1: number; size2: number; proof: string[] }[] = [
  { size1: 1, size2: 1, proof: [] },
  {
    size1: 1,
    size2: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    size1: 6,
    size2: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    size1: 2,
    size2: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    size1: 6,
    size2: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

const leafHashes = LEAVES.map((l) => leafHash(l));

describe('RFC 9162 hashing', () => {
  it('hashes the empty tree, an empty leaf, a leaf and a node like the published vectors', () => {
    expect(emptyRoot().toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(leafHash(new Uint8Array(0)).toString('hex')).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    expect(leafHash('L123456').toString('hex')).toBe(
      '395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56',
    );
    expect(nodeHash(Buffer.from('N123'), Buffer.from('N456')).toString('hex')).toBe(
      'aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb',
    );
  });

  it('hashes a string leaf as its UTF-8 bytes, including long and non-ASCII lines, in both encodings', () => {
    for (const s of ['é', '€ and 😀', 'x'.repeat(100_000), '\ud800 lone'])
      expect(leafHash(s).equals(leafHash(Buffer.from(s, 'utf8')))).toBe(true);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(leafHashHex(s)).toBe(leafHash(Buffer.from(s, 'utf8')).toString('hex'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('tree heads', () => {
  it('computes the published root of every prefix of the eight standard leaves', () => {
    for (let n = 1; n <= 8; n++)
      expect(merkleRoot(leafHashes.slice(0, n)).toString('hex')).toBe(ROOTS[n - 1]!.toString('hex'));
  });

  it('gives the same roots from a compact range appended leaf by leaf', () => {
    const range = new CompactRange();
    expect(range.root().equals(emptyRoot())).toBe(true);
    leafHashes.forEach((l, i) => {
      range.append(l);
      expect(range.size).toBe(i + 1);
      expect(range.root().equals(ROOTS[i]!)).toBe(true);
    });
  });
});

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  for (const v of INCLUSION) {
    it(`generates and verifies the published proof for leaf ${v.leaf} of ${v.size}`, () => {
      const proof = inclusionProof(leafHashes, v.leaf - 1, v.size);
      expect(proof.map((p) => p.toString('hex'))).toEqual(v.proof);
      expect(verifyInclusion(leafHashes[v.leaf - 1]!, v.leaf - 1, v.size, proof, ROOTS[v.size - 1]!)).toBe(
        true,
      );
    });
  }

  it('rejects corrupted inclusion proofs: wrong index, size, leaf, root, or a changed, added or missing node', () => {
    const v = INCLUSION[2]!;
    const proof = v.proof.map(h);
    const leaf = leafHashes[v.leaf - 1]!;
    const root = ROOTS[v.size - 1]!;
    const idx = v.leaf - 1;
    expect(verifyInclusion(leaf, idx - 1, v.size, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, idx + 1, v.size, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, idx ^ 2, v.size, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, idx, v.size * 2, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, idx, v.size / 2, proof, root)).toBe(false);
    expect(verifyInclusion(leafHash('WrongLeaf'), idx, v.size, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, idx, v.size, proof, emptyRoot())).toBe(false);
    expect(verifyInclusion(leaf, idx, v.size, [...proof, root], root)).toBe(false);
    expect(verifyInclusion(leaf, idx, v.size, [root, ...proof], root)).toBe(false);
    expect(verifyInclusion(leaf, idx, v.size, proof.slice(0, -1), root)).toBe(false);
    for (let i = 0; i < proof.length; i++) {
      const bad = proof.map((p) => Buffer.from(p));
      bad[i]![0]! ^= 8;
      expect(verifyInclusion(leaf, idx, v.size, bad, root)).toBe(false);
    }
  });
});

describe('consistency proofs (RFC 9162 §2.1.4)', () => {
  for (const v of CONSISTENCY) {
    it(`generates and verifies the published proof from size ${v.size1} to ${v.size2}`, () => {
      const proof = consistencyProof(leafHashes, v.size1, v.size2);
      expect(proof.map((p) => p.toString('hex'))).toEqual(v.proof);
      expect(verifyConsistency(v.size1, v.size2, proof, ROOTS[v.size1 - 1]!, ROOTS[v.size2 - 1]!)).toBe(true);
    });
  }

  it('rejects corrupted consistency proofs: wrong sizes, roots, empty, extended, truncated or changed', () => {
    const v = CONSISTENCY[2]!;
    const proof = v.proof.map(h);
    const r1 = ROOTS[v.size1 - 1]!;
    const r2 = ROOTS[v.size2 - 1]!;
    const bad: [number, number, Buffer[], Buffer, Buffer][] = [
      [v.size1 - 1, v.size2, proof, r1, r2],
      [v.size1 + 1, v.size2, proof, r1, r2],
      [v.size1 ^ 2, v.size2, proof, r1, r2],
      [v.size1, v.size2 * 2, proof, r1, r2],
      [v.size1, v.size2 / 2, proof, r1, r2],
      [v.size1, v.size2, proof, r2, r1],
      [v.size1, v.size2, [], r1, r2],
      [v.size1, v.size2, [...proof, r1], r1, r2],
      [v.size1, v.size2, [r2, ...proof], r1, r2],
      [v.size1, v.size2, [proof[0]!, ...proof], r1, r2],
      [v.size1, v.size2, proof.slice(0, -1), r1, r2],
    ];
    for (const [a, b, p, x, y] of bad) expect(verifyConsistency(a, b, p, x, y)).toBe(false);
    for (let i = 0; i < proof.length; i++) {
      const changed = proof.map((p) => Buffer.from(p));
      changed[i]![0]! ^= 16;
      expect(verifyConsistency(v.size1, v.size2, changed, r1, r2)).toBe(false);
    }
  });

  it('refuses any proof from the empty tree, and treats a tree as consistent with itself only for equal roots', () => {
    const r = ROOTS[0]!;
    // transparency-dev/merkle: a consistency check from size 0 is meaningless, so it is never a proof.
    expect(verifyConsistency(0, 1, [], emptyRoot(), r)).toBe(false);
    expect(verifyConsistency(0, 0, [], emptyRoot(), emptyRoot())).toBe(false);
    expect(verifyConsistency(1, 1, [], r, r)).toBe(true);
    expect(verifyConsistency(1, 1, [], r, ROOTS[1]!)).toBe(false);
    expect(verifyConsistency(1, 0, [], r, r)).toBe(false);
    expect(verifyConsistency(1, 1, [emptyRoot()], r, r)).toBe(false);
  });

  it('proves inclusion and consistency for every index and size of random trees', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.nat(),
        (data, a, b) => {
          const leaves = data.map((d) => leafHash(d));
          const n = leaves.length;
          const size = (a % n) + 1;
          const idx = b % size;
          const m = (b % size) + 1; // from size 0 there is no proof (see above)
          const root = merkleRoot(leaves.slice(0, size));
          expect(verifyInclusion(leaves[idx]!, idx, size, inclusionProof(leaves, idx, size), root)).toBe(
            true,
          );
          const p = consistencyProof(leaves, m, size);
          expect(verifyConsistency(m, size, p, merkleRoot(leaves.slice(0, m)), root)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
