import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { openLedger } from '../../../src/store/ledger-store.js';
import { generateCheckpointKey, verifyCheckpoint } from '../../../src/ledger/checkpoint.js';
import { prevOf } from '../../../src/ledger/chain.js';
import { ZERO_HASH } from '../../../src/core/ledger-entry.js';
import { stateHash } from '../../../src/state/replay.js';
import { GatehouseError } from '../../../src/core/errors.js';
import { capacityDraft, genesisDraft, genesisState, layout, tempRepo } from './helpers.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());
function repo(): string {
  const r = tempRepo();
  cleanup = r.cleanup;
  return r.dir;
}

describe('ledger store', () => {
  it('starts with genesis, chains every entry and rolls segments at segment_size', async () => {
    const dir = repo();
    const l = await openLedger(dir, layout({ snapshot_every: 0, segment_size: 3 }));
    expect(l.head).toBe(ZERO_HASH);
    await l.append([genesisDraft()]);
    await l.append([1, 2, 3, 4, 5].map((i) => capacityDraft(i)));
    expect(l.size).toBe(6);
    expect(readdirSync(join(dir, 'ledger/events')).sort()).toEqual([
      '000000000000.jsonl',
      '000000000003.jsonl',
    ]);
    const lines = readFileSync(join(dir, 'ledger/events/000000000000.jsonl'), 'utf8').split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[1]!).prev).toBe(prevOf(lines[0]!));
    expect(l.head).toBe(prevOf(l.lines[5]!));
    const reopened = await openLedger(dir, layout({ snapshot_every: 0, segment_size: 3 }));
    expect(reopened.lines).toEqual(l.lines);
  });

  it('refuses to start a ledger without genesis, and a second genesis', async () => {
    const dir = repo();
    const l = await openLedger(dir, layout());
    await expect(l.append([capacityDraft(1)])).rejects.toThrow(/genesis/);
    await l.append([genesisDraft()]);
    await expect(l.append([genesisDraft()])).rejects.toThrow(GatehouseError);
    expect(l.size).toBe(1);
  });

  it('skips a draft whose idempotency key is already recorded, and duplicates within one call', async () => {
    const dir = repo();
    const l = await openLedger(dir, layout({ snapshot_every: 0 }));
    await l.append([genesisDraft(), capacityDraft(1)]);
    const before = readFileSync(join(dir, 'ledger/events/000000000000.jsonl'));
    const again = await l.append([capacityDraft(1)]);
    expect(again.appended).toHaveLength(0);
    expect(again.skipped).toHaveLength(1);
    expect(readFileSync(join(dir, 'ledger/events/000000000000.jsonl')).equals(before)).toBe(true);
    const twice = await l.append([capacityDraft(2), capacityDraft(2)]);
    expect(twice.appended.map((e) => e.seq)).toEqual([2]);
    expect(twice.skipped).toHaveLength(1);
    expect(twice.appended[0]!.body.key).toBe('change.applied:CHG-0002');
  });

  it('inserts a snapshot entry and file every snapshot_every entries, hashing the replayed state', async () => {
    const dir = repo();
    const l = await openLedger(dir, layout({ snapshot_every: 3 }));
    await l.append([genesisDraft(), capacityDraft(1), capacityDraft(2), capacityDraft(3)]);
    const snap = JSON.parse(l.lines[3]!);
    expect(snap.type).toBe('snapshot');
    expect(snap.body.file).toBe('ledger/snapshots/3.json');
    const expected = genesisState();
    expected.resources['park-ticketing/gate-a']!.spec = { open: false, capacity: 502 };
    expect(snap.body.state).toBe(stateHash(expected));
    expect(JSON.parse(readFileSync(join(dir, 'ledger/snapshots/3.json'), 'utf8'))).toEqual(expected);
    expect(JSON.parse(l.lines[4]!).type).toBe('change.applied');
  });

  it('writes a signed checkpoint and its archived copy', async () => {
    const dir = repo();
    const key = generateCheckpointKey('park.example/ledger');
    const l = await openLedger(dir, layout());
    await l.append([genesisDraft(), capacityDraft(1)]);
    const c = await l.writeCheckpoint(key.signerKey);
    expect(c.size).toBe(2);
    const note = readFileSync(join(dir, 'ledger/checkpoint'), 'utf8');
    expect(readFileSync(join(dir, 'ledger/checkpoints/2.note'), 'utf8')).toBe(note);
    expect(verifyCheckpoint(note, key.verifierKey)).toMatchObject({ ok: true, checkpoint: { size: 2 } });
  });

  it('reports a lock held by a live process and a stale lock from a dead one, and never takes it', async () => {
    const dir = repo();
    const l = await openLedger(dir, layout());
    await l.append([genesisDraft()]);
    writeFileSync(join(dir, 'ledger/.lock'), `pid ${process.pid}\nhost ${hostname()}\n`);
    await expect(l.append([capacityDraft(1)])).rejects.toThrow(/being written by process/);
    writeFileSync(join(dir, 'ledger/.lock'), `pid 2147483646\nhost ${hostname()}\n`);
    await expect(l.append([capacityDraft(1)])).rejects.toThrow(
      /stale ledger lock ledger\/.lock: process 2147483646 is no longer running.*rm ledger\/.lock/s,
    );
    expect(existsSync(join(dir, 'ledger/.lock'))).toBe(true);
    expect(l.size).toBe(1);
  });

  it('rolls a committed pending segment forward and drops one that never committed', async () => {
    const dir = repo();
    const lay = layout({ snapshot_every: 0, segment_size: 2 });
    const l = await openLedger(dir, lay);
    await l.append([genesisDraft(), capacityDraft(1), capacityDraft(2), capacityDraft(3)]);
    // As if a crash hit after the commit point of an append whose second segment was still pending.
    const events = join(dir, 'ledger/events');
    const last = readFileSync(join(events, '000000000002.jsonl'), 'utf8');
    writeFileSync(join(events, '000000000002.jsonl.pending'), last);
    rmSync(join(events, '000000000002.jsonl'));
    const seen = await openLedger(dir, lay);
    expect(seen.size).toBe(4);
    // A pending file that does not continue the ledger is not part of it.
    writeFileSync(join(events, '000000000008.jsonl.pending'), last);
    await seen.append([capacityDraft(4)]);
    expect(readdirSync(events).sort()).toEqual([
      '000000000000.jsonl',
      '000000000002.jsonl',
      '000000000004.jsonl',
    ]);
    expect(seen.size).toBe(5);
  });
});
