/**
 * `verify --since CHECKPOINT` (DESIGN §4, §5): incremental verification from a checkpoint verified earlier —
 * the chain from its size on, RFC 9162 consistency of its root with the current root, and replay from the
 * nearest snapshot before it.
 */
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jcs } from '../../src/core/jcs.js';
import { consistencyProof, leafHash, leafHashHex } from '../../src/ledger/merkle.js';
import type { Finding } from '../../src/ledger/verify.js';
import { consistencyProofFromHex, type SinceReport } from '../../src/ledger/verify-since.js';
import { ledgerRepo, runCli, type LedgerRepo } from './ledger-helpers.js';

// 12 changes: entries 0..15, snapshots at seq 4, 8 and 12, checkpoints at sizes 7, 14 and 16;
// segments 0-9 and 10-15.
let repo: LedgerRepo;
let outside: string;
beforeEach(async () => {
  repo = await ledgerRepo(12);
  outside = mkdtempSync(join(tmpdir(), 'gh-since-'));
});
afterEach(() => {
  repo.cleanup();
  rmSync(outside, { recursive: true, force: true });
});

const SEG0 = 'ledger/events/000000000000.jsonl';
const SEG1 = 'ledger/events/000000000010.jsonl';

interface SinceDoc {
  ok: boolean;
  entries: number;
  snapshots: number;
  findings: Finding[];
  notes: string[];
  since: SinceReport;
}

async function since(arg: string): Promise<{ code: number; doc: SinceDoc; text: string }> {
  const json = await runCli(['verify', '--repo', repo.dir, '--since', arg, '--json']);
  const text = await runCli(['verify', '--repo', repo.dir, '--since', arg]);
  expect(text.code).toBe(json.code);
  return { code: json.code, doc: JSON.parse(json.stdout) as SinceDoc, text: text.stdout };
}

function lines(file: string): string[] {
  return readFileSync(join(repo.dir, file), 'utf8').split('\n').slice(0, -1);
}
function writeLines(file: string, all: string[]): void {
  writeFileSync(join(repo.dir, file), `${all.join('\n')}\n`);
}

/** Rewrite entry `seq` with `edit`, then re-chain every later `prev` so the chain itself looks honest. */
function rewriteAndRechain(seq: number, edit: (e: Record<string, unknown>) => void): void {
  const all = [...lines(SEG0), ...lines(SEG1)];
  const first = JSON.parse(all[seq]!) as Record<string, unknown>;
  edit(first);
  all[seq] = jcs(first);
  for (let i = seq + 1; i < all.length; i++) {
    const e = JSON.parse(all[i]!) as Record<string, unknown>;
    e.prev = `sha256:${leafHashHex(all[i - 1]!)}`;
    all[i] = jcs(e);
  }
  writeLines(SEG0, all.slice(0, 10));
  writeLines(SEG1, all.slice(10));
}

describe('verify --since on an honest ledger', () => {
  it('verifies from an archived checkpoint by size: signed, consistent, replay from the snapshot before it', async () => {
    const { code, doc, text } = await since('7');
    expect(code).toBe(0);
    expect(doc).toMatchObject({ ok: true, entries: 16, findings: [] });
    expect(doc.since).toEqual({
      file: 'ledger/checkpoints/7.note',
      size: 7,
      root: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
      signed: true,
      consistent: true,
      from: 4,
      checked: 9,
    });
    expect(doc.snapshots).toBe(2); // 8 and 12, after the checkpoint; 4 is where replay starts
    expect(text).toContain(
      'since: ledger/checkpoints/7.note (size 7): signed, consistent with the current root (RFC 9162); 9 entries verified in full, replay from snapshot 4',
    );
    expect(text).toContain('verify: ok');
  });

  it('verifies from a checkpoint note kept outside the repository, and from the latest size', async () => {
    const kept = join(outside, 'audited-14.note');
    writeFileSync(kept, readFileSync(join(repo.dir, 'ledger/checkpoints/14.note')));
    const a = await since(kept);
    expect(a.code).toBe(0);
    expect(a.doc.since).toMatchObject({ file: kept, size: 14, consistent: true, from: 12, checked: 2 });
    const b = await since('16');
    expect(b.code).toBe(0);
    expect(b.doc.since).toMatchObject({ size: 16, consistent: true, from: 12, checked: 0 });
  });

  it('replays from genesis, and says so, when no snapshot file precedes the checkpoint', async () => {
    unlinkSync(join(repo.dir, 'ledger/snapshots/4.json'));
    const { code, doc } = await since('7');
    expect(code).toBe(0);
    expect(doc.since.from).toBeNull();
    expect(doc.notes).toContain('no snapshot before seq 7: replayed from genesis');
  });
});

describe('verify --since finds tampering', () => {
  it('names the seq of an entry after the checkpoint that was altered', async () => {
    const seg = lines(SEG0);
    seg[9] = seg[9]!.replace('"actor":"ops-agent"', '"actor":"ops-agenu"');
    writeLines(SEG0, seg);
    const { code, doc, text } = await since('7');
    expect(code).toBe(1);
    expect(doc.findings).toContainEqual(
      expect.objectContaining({ check: 'prev', seq: 10, file: SEG1, line: 1 }),
    );
    expect(doc.findings.find((f) => f.check === 'prev')!.message).toContain('entry 9 was altered');
    expect(doc.since.consistent).toBe(true); // the checkpointed part is intact
    expect(text).toMatch(/000000000010\.jsonl:1: seq 10: prev does not match the hash of entry 9/);
  });

  it('names a non-canonical line after the checkpoint by its seq', async () => {
    const seg = lines(SEG1);
    seg[2] = seg[2]!.replace('"actor":', '"actor": ');
    writeLines(SEG1, seg);
    const { code, doc } = await since('7');
    expect(code).toBe(1);
    expect(doc.findings).toContainEqual(expect.objectContaining({ check: 'canonical', seq: 12, file: SEG1 }));
  });

  it('fails on a rewrite before the checkpoint, even with every later prev re-chained (root mismatch)', async () => {
    rewriteAndRechain(2, (e) => {
      e.actor = 'mallory';
    });
    const { code, doc, text } = await since('7');
    expect(code).toBe(1);
    expect(doc.since.consistent).toBe(false);
    expect(doc.findings).toContainEqual(
      expect.objectContaining({ check: 'consistency', seq: 6, file: 'ledger/checkpoints/7.note' }),
    );
    // The chain after the checkpoint is internally consistent: only the roots give the rewrite away.
    expect(doc.findings.filter((f) => f.check === 'prev' || f.check === 'canonical')).toEqual([]);
    expect(text).toContain(
      'ledger/checkpoints/7.note: seq 6: the ledger is not consistent with the checkpoint (size 7',
    );
    expect(text).toContain('NOT consistent with the current root');
  });

  it('fails when entries the checkpoint covers were cut off', async () => {
    writeLines(SEG1, lines(SEG1).slice(0, 4)); // 14 entries left, the checkpoint says 16
    const { code, doc } = await since('16');
    expect(code).toBe(1);
    expect(doc.findings).toContainEqual(
      expect.objectContaining({
        check: 'consistency',
        seq: 14,
        message:
          'checkpoint covers 16 entries but the ledger holds 14: entries 14..15 are missing (truncated)',
      }),
    );
  });

  it('fails when the snapshot replay would start from does not match its entry', async () => {
    const file = join(repo.dir, 'ledger/snapshots/4.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"capacity":503', '"capacity":999'));
    const { code, doc } = await since('7');
    expect(code).toBe(1);
    expect(doc.findings).toContainEqual(
      expect.objectContaining({
        check: 'replay',
        seq: 4,
        message: expect.stringContaining('the snapshot file for seq 4 does not match its entry'),
      }),
    );
  });

  it('fails on a checkpoint not signed by the ledger key', async () => {
    const kept = join(outside, 'forged.note');
    const note = readFileSync(join(repo.dir, 'ledger/checkpoints/7.note'), 'utf8');
    writeFileSync(
      kept,
      note.replace(
        / (\S+)\n$/,
        (_, sig: string) => ` ${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}\n`,
      ),
    );
    const { code, doc } = await since(kept);
    expect(code).toBe(1);
    expect(doc.since.signed).toBe(false);
    expect(doc.findings.some((f) => f.check === 'checkpoint' && f.file === kept)).toBe(true);
  });
});

describe('verify --since: bad input', () => {
  it('exits 2 naming a checkpoint that does not exist, and writes nothing', async () => {
    const before = readFileSync(join(repo.dir, SEG0), 'utf8');
    const r = await runCli(['verify', '--repo', repo.dir, '--since', '9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--since 9: no checkpoint file ledger/checkpoints/9.note');
    expect(readFileSync(join(repo.dir, SEG0), 'utf8')).toBe(before);
  });

  it('exits 2 with file:line on a file that is not a signed checkpoint', async () => {
    const bad = join(outside, 'bad.note');
    writeFileSync(bad, 'not a checkpoint\n');
    const r = await runCli(['verify', '--repo', repo.dir, '--since', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:1: not a signed checkpoint`);
    expect(r.stdout).toBe('');
  });
});

describe('consistency proofs over the stored leaves', () => {
  it('equal RFC 9162 PROOF(m, D[n]) of the reference implementation', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 70 })
          .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }))),
        ([n, m]) => {
          const data = Array.from({ length: n }, (_, i) => `entry ${i}`);
          const hex = data.map((d) => leafHashHex(d));
          const ref = consistencyProof(
            data.map((d) => leafHash(d)),
            m,
            n,
          );
          expect(consistencyProofFromHex(hex, m, n).map((b) => b.toString('hex'))).toEqual(
            ref.map((b) => b.toString('hex')),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
