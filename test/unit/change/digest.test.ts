import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { changeDigest, digestPreimage, fileHash, inDigestScope } from '../../../src/change/digest.js';
import type { DigestFile } from '../../../src/change/digest.js';
import type { Op } from '../../../src/core/state-types.js';

const manifest = {
  id: 'CHG-0042',
  kind: 'change',
  title: 'Raise holiday capacity',
  proposer: 'ops-agent',
  level: 2,
  proposed_at: '2026-01-18T14:00:00Z',
  justification: 'Holiday crowd forecast',
} as const;
const ops: Op[] = [
  { op: 'update', key: 'park-ticketing/gate-a', path: '/spec/capacity', before: 500, after: 800 },
];
const files: DigestFile[] = [
  { path: 'runbooks/z.md', before: null, after: fileHash(Buffer.from('z')) },
  { path: 'docs/a.md', before: fileHash(Buffer.from('a0')), after: fileHash(Buffer.from('a1')) },
];

describe('changeDigest', () => {
  it('hashes exactly the JCS of {v, change, ops, files} as DESIGN §2.2 spells it', () => {
    const h = (s: string): string => 'sha256:' + createHash('sha256').update(s).digest('hex');
    // Written out by hand: keys sorted, no whitespace, files sorted by path.
    const expected =
      '{"change":{"id":"CHG-0042","justification":"Holiday crowd forecast","kind":"change","level":2,' +
      '"proposed_at":"2026-01-18T14:00:00Z","proposer":"ops-agent","title":"Raise holiday capacity"},' +
      `"files":[{"after":"${h('a1')}","before":"${h('a0')}","path":"docs/a.md"},` +
      `{"after":"${h('z')}","before":null,"path":"runbooks/z.md"}],` +
      '"ops":[{"after":800,"before":500,"key":"park-ticketing/gate-a","op":"update","path":"/spec/capacity"}],' +
      '"v":1}';
    expect(digestPreimage({ manifest, ops, files })).toBe(expected);
    expect(changeDigest({ manifest, ops, files })).toBe(h(expected));
  });

  it('records the git mode of a side only when it is not a plain file, so plain changes keep the DESIGN §2.2 digest', () => {
    const plain = changeDigest({ manifest, ops, files });
    const explicitPlain = files.map((f) => ({ ...f, after_mode: '100644' }));
    expect(changeDigest({ manifest, ops, files: explicitPlain })).toBe(plain);
    const exec = [files[0]!, { ...files[1]!, before_mode: '100644', after_mode: '100755' }];
    expect(changeDigest({ manifest, ops, files: exec })).not.toBe(plain);
    expect(JSON.parse(digestPreimage({ manifest, ops, files: exec })).files[0]).toEqual({
      path: 'docs/a.md',
      before: files[1]!.before,
      after: files[1]!.after,
      after_mode: '100755',
    });
    const link = [files[0]!, { ...files[1]!, after_mode: '120000' }];
    expect(
      new Set([
        plain,
        changeDigest({ manifest, ops, files: exec }),
        changeDigest({ manifest, ops, files: link }),
      ]).size,
    ).toBe(3);
  });

  it('counts a state path in files only when a side is not a plain file', () => {
    const scope = { state: 'state', changes: 'changes', ledger: 'ledger' };
    expect(inDigestScope('state/a.yaml', scope, 'CHG-1')).toBe(false);
    expect(inDigestScope('state/a.yaml', scope, 'CHG-1', { before: '100644', after: '100644' })).toBe(false);
    expect(inDigestScope('state/a.yaml', scope, 'CHG-1', { before: '100644', after: '100755' })).toBe(true);
    expect(inDigestScope('state/link', scope, 'CHG-1', { after: '120000' })).toBe(true);
  });

  it('ignores the manifest signature, so signing the manifest keeps the digest', () => {
    const signed = { ...manifest, signature: { type: 'ssh', value: 'sig' } };
    expect(changeDigest({ manifest: signed, ops, files })).toBe(changeDigest({ manifest, ops, files }));
  });

  it('hashes a file side as sha256 of its raw bytes', () => {
    expect(fileHash(Buffer.from('abc'))).toBe(
      'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('does not depend on the order files are given in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(files, { minLength: 2, maxLength: 2 }), (shuffled) => {
        expect(changeDigest({ manifest, ops, files: shuffled })).toBe(changeDigest({ manifest, ops, files }));
      }),
      { numRuns: 200 },
    );
  });

  it('changes when any manifest field, op value or file hash changes', () => {
    const base = changeDigest({ manifest, ops, files });
    fc.assert(
      fc.property(
        fc.oneof(
          fc
            .string({ minLength: 1 })
            .map((t) => ({ manifest: { ...manifest, title: manifest.title + t }, ops, files })),
          fc
            .integer()
            .filter((n) => n !== 800)
            .map((n) => ({ manifest, ops: [{ ...ops[0]!, after: n }], files })),
          fc.uint8Array({ minLength: 1 }).map((b) => ({
            manifest,
            ops,
            files: [files[0]!, { ...files[1]!, after: fileHash(Buffer.concat([Buffer.from('a1'), b])) }],
          })),
          fc.constant({ manifest, ops, files: [files[0]!] }),
          fc.constant({ manifest, ops: [], files }),
        ),
        (input) => {
          expect(changeDigest(input)).not.toBe(base);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('inDigestScope', () => {
  const scope = { state: 'state', changes: 'changes', ledger: 'ledger' };
  it('leaves out state, the change manifest, its approvals and the ledger', () => {
    expect(inDigestScope('state/park/gates.yaml', scope, 'CHG-1')).toBe(false);
    expect(inDigestScope('changes/CHG-1/change.yaml', scope, 'CHG-1')).toBe(false);
    expect(inDigestScope('changes/CHG-1/approvals/alice.yaml', scope, 'CHG-1')).toBe(false);
    expect(inDigestScope('ledger/events/000000000000.jsonl', scope, 'CHG-1')).toBe(false);
    expect(inDigestScope('ledger/checkpoint', scope, 'CHG-1')).toBe(false);
  });

  it('keeps policies, other changes, extra files in the change folder, and look-alike prefixes', () => {
    expect(inDigestScope('policies/quorum.yaml', scope, 'CHG-1')).toBe(true);
    expect(inDigestScope('changes/CHG-2/change.yaml', scope, 'CHG-1')).toBe(true);
    expect(inDigestScope('changes/CHG-1/notes.md', scope, 'CHG-1')).toBe(true);
    expect(inDigestScope('changes/CHG-10/change.yaml', scope, 'CHG-1')).toBe(true);
    expect(inDigestScope('statement.txt', scope, 'CHG-1')).toBe(true);
    expect(inDigestScope('ledgers/x', scope, 'CHG-1')).toBe(true);
  });

  it('follows remapped folders from gatehouse.yaml', () => {
    const remapped = { state: 'gov/state/', changes: './gov/changes', ledger: 'audit/ledger' };
    expect(inDigestScope('gov/state/a.yaml', remapped, 'X')).toBe(false);
    expect(inDigestScope('gov/changes/X/change.yaml', remapped, 'X')).toBe(false);
    expect(inDigestScope('audit/ledger/checkpoint', remapped, 'X')).toBe(false);
    expect(inDigestScope('state/a.yaml', remapped, 'X')).toBe(true);
  });
});
