import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCheckpointKey } from '../../../src/ledger/checkpoint.js';
import { readLedgerFiles } from '../../../src/store/ledger-files.js';
import { openLedger } from '../../../src/store/ledger-store.js';
import { verifyLedger, type VerifyInput } from '../../../src/ledger/verify.js';
import { capacityDraft, genesisDraft, genesisState, layout, tempRepo } from './helpers.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function built(changes: number, over: Parameters<typeof layout>[0] = {}) {
  const r = tempRepo();
  cleanup = r.cleanup;
  const lay = layout(over);
  const key = generateCheckpointKey(lay.ledger.origin);
  const l = await openLedger(r.dir, lay);
  await l.append([genesisDraft(), ...Array.from({ length: changes }, (_, i) => capacityDraft(i + 1))]);
  await l.writeCheckpoint(key.signerKey);
  const input = async (): Promise<VerifyInput> => ({
    ...(await readLedgerFiles(r.dir, lay)),
    verifierKey: key.verifierKey,
    verifierKeyFile: 'policies/keys/checkpoint.pub',
    layout: lay,
  });
  return { dir: r.dir, lay, key, ledger: l, input };
}

describe('verifyLedger', () => {
  it('accepts a clean ledger and reports size, head, root, checkpoints and snapshots', async () => {
    const b = await built(9);
    const progress: number[] = [];
    const report = verifyLedger({ ...(await b.input()), onProgress: (done) => progress.push(done) });
    expect(report.findings).toEqual([]);
    expect(report).toMatchObject({ ok: true, size: 12, head: b.ledger.head, checkpoints: 2, snapshots: 2 });
    expect(progress.at(-1)).toBe(12);
  });

  it('finds drift per resource key against the working state, and none when in sync', async () => {
    const b = await built(3, { snapshot_every: 0 });
    const working = genesisState();
    working.resources['park-ticketing/gate-a']!.spec = { open: false, capacity: 503 };
    expect(verifyLedger({ ...(await b.input()), workingState: working }).drift).toEqual([]);
    working.resources['park-ticketing/gate-b']!.spec = { open: true, capacity: 500 };
    delete working.resources['park-ticketing/gate-a'];
    const report = verifyLedger({ ...(await b.input()), workingState: working });
    expect(report.drift).toEqual(['park-ticketing/gate-a', 'park-ticketing/gate-b']);
    expect(report.findings.map((f) => f.check)).toEqual(['drift', 'drift']);
    expect(report.findings[0]!.message).toContain('delete park-ticketing/gate-a');
  });

  it('reports a sealed segment of the wrong length and a segment named for the wrong seq', async () => {
    const b = await built(12, { snapshot_every: 0 });
    const seg0 = join(b.dir, 'ledger/events/000000000000.jsonl');
    const lines = readFileSync(seg0, 'utf8').split('\n').slice(0, -1);
    writeFileSync(seg0, `${lines.slice(0, 9).join('\n')}\n`);
    const report = verifyLedger(await b.input());
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        check: 'segment',
        file: 'ledger/events/000000000000.jsonl',
        message: expect.stringMatching(/exactly segment_size 10/),
      }),
    );
    expect(report.findings).toContainEqual(
      expect.objectContaining({ check: 'segment', file: 'ledger/events/000000000010.jsonl', seq: 9 }),
    );
  });

  it('reports a segment cut off mid-line', async () => {
    const b = await built(3, { snapshot_every: 0 });
    const seg0 = join(b.dir, 'ledger/events/000000000000.jsonl');
    const text = readFileSync(seg0, 'utf8');
    writeFileSync(seg0, text.slice(0, -20));
    const report = verifyLedger(await b.input());
    expect(report.findings).toContainEqual(expect.objectContaining({ check: 'segment', seq: 3, line: 4 }));
    expect(report.findings).toContainEqual(expect.objectContaining({ check: 'json', seq: 3 }));
  });

  it('reports a checkpoint for another origin, one signed by an unknown key, and a missing key', async () => {
    const b = await built(2);
    const other = generateCheckpointKey('elsewhere.example/log');
    const report = verifyLedger({
      ...(await b.input()),
      layout: layout({ origin: 'elsewhere.example/log' }),
    });
    expect(report.findings.every((f) => f.check === 'checkpoint' && /origin/.test(f.message))).toBe(true);
    const unknown = verifyLedger({ ...(await b.input()), verifierKey: other.verifierKey });
    expect(unknown.findings[0]!.message).toMatch(/not signed by the checkpoint key elsewhere.example\/log/);
    const { verifierKey: _k, ...noKey } = await b.input();
    const missing = verifyLedger(noKey);
    expect(missing.findings).toEqual([
      expect.objectContaining({
        check: 'checkpoint',
        file: 'policies/keys/checkpoint.pub',
        message: expect.stringMatching(/no checkpoint verifier key/),
      }),
    ]);
  });

  it('reports a missing snapshot file and stops replay on an entry whose ops do not apply', async () => {
    const b = await built(5);
    const input = await b.input();
    const snapshots = new Map(input.snapshots);
    snapshots.delete(4);
    const r1 = verifyLedger({ ...input, snapshots });
    expect(r1.findings).toEqual([
      expect.objectContaining({ check: 'snapshot', seq: 4, file: 'ledger/snapshots/4.json' }),
    ]);
    const seg0 = join(b.dir, 'ledger/events/000000000000.jsonl');
    writeFileSync(seg0, readFileSync(seg0, 'utf8').replace('"before":500', '"before":400'));
    const r2 = verifyLedger(await b.input());
    expect(r2.findings).toContainEqual(
      expect.objectContaining({
        check: 'replay',
        seq: 1,
        message: expect.stringMatching(/replay stopped at seq 1/),
      }),
    );
  });

  it('reports entries of the wrong shape, a genesis out of place and time going backwards', async () => {
    const b = await built(3, { snapshot_every: 0 });
    const seg0 = join(b.dir, 'ledger/events/000000000000.jsonl');
    const lines = readFileSync(seg0, 'utf8').split('\n');
    lines[1] = lines[1]!.replace('"type":"change.applied"', '"type":"change.merged"');
    lines[2] = lines[2]!.replace('"ts":"2026-01-18T14:02:00Z"', '"ts":"2026-01-17T14:02:00Z"');
    lines[3] = lines[3]!.replace('"type":"change.applied"', '"type":"genesis"');
    writeFileSync(seg0, lines.join('\n'));
    const report = verifyLedger(await b.input());
    expect(report.findings).toContainEqual(
      expect.objectContaining({ check: 'shape', seq: 1, message: 'unknown type "change.merged"' }),
    );
    expect(report.findings).toContainEqual(expect.objectContaining({ check: 'ts-order', seq: 2 }));
    expect(report.findings).toContainEqual(expect.objectContaining({ check: 'genesis', seq: 3 }));
  });
});
