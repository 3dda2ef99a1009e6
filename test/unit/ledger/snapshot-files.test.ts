/**
 * The snapshot files the verifier reads (src/store/ledger-files.ts): by seq, each read when it is asked for and
 * not held (a ledger keeps one full state per `snapshot_every` entries, DESIGN §7), with the same content and
 * the same verdicts as reading every file up front.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateCheckpointKey } from '../../../src/ledger/checkpoint.js';
import { snapshotsDir } from '../../../src/ledger/layout.js';
import { verifyLedger } from '../../../src/ledger/verify.js';
import { readLedgerFiles } from '../../../src/store/ledger-files.js';
import { openLedger } from '../../../src/store/ledger-store.js';
import { capacityDraft, genesisDraft, layout, tempRepo } from './helpers.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function ledgerWithSnapshots() {
  const r = tempRepo();
  cleanup = r.cleanup;
  const lay = layout({ snapshot_every: 3 });
  const key = generateCheckpointKey(lay.ledger.origin);
  const l = await openLedger(r.dir, lay);
  await l.append([genesisDraft(), ...Array.from({ length: 11 }, (_, i) => capacityDraft(i + 1))]);
  await l.writeCheckpoint(key.signerKey);
  const dir = join(r.dir, snapshotsDir(lay));
  const onDisk = new Map(
    readdirSync(dir).map((n) => [Number(n.slice(0, -'.json'.length)), readFileSync(join(dir, n), 'utf8')]),
  );
  return { dir: r.dir, lay, key, onDisk };
}

describe('snapshot files of the ledger', () => {
  it('gives every snapshot file by seq, with its content, through get, has, keys and iteration', async () => {
    const { dir, lay, onDisk } = await ledgerWithSnapshots();
    expect(onDisk.size).toBeGreaterThan(2);
    const { snapshots } = await readLedgerFiles(dir, lay);
    expect(snapshots.size).toBe(onDisk.size);
    expect([...snapshots.keys()].sort((a, b) => a - b)).toEqual([...onDisk.keys()].sort((a, b) => a - b));
    for (const [seq, text] of onDisk) {
      expect(snapshots.has(seq)).toBe(true);
      expect(snapshots.get(seq)).toEqual({ file: `${snapshotsDir(lay)}/${seq}.json`, text });
    }
    expect(new Map([...snapshots].map(([seq, f]) => [seq, f.text]))).toEqual(onDisk);
    expect(snapshots.get(1_000_000)).toBeUndefined();
  });

  it('reads a file when it is asked for, not before: a file changed after the listing is what verify sees', async () => {
    const { dir, lay, key, onDisk } = await ledgerWithSnapshots();
    const files = await readLedgerFiles(dir, lay);
    const input = { ...files, verifierKey: key.verifierKey, verifierKeyFile: 'k.pub', layout: lay };
    expect(verifyLedger(input).findings).toEqual([]);
    const seq = [...onDisk.keys()][0]!;
    const path = join(dir, snapshotsDir(lay), `${seq}.json`);
    writeFileSync(path, onDisk.get(seq)!.replace('}', ',"x":1}'));
    expect(files.snapshots.get(seq)!.text).toBe(readFileSync(path, 'utf8'));
    expect(verifyLedger(input).findings).toEqual([
      expect.objectContaining({ check: 'snapshot', seq, file: `${snapshotsDir(lay)}/${seq}.json` }),
    ]);
  });
});
