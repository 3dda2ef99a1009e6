/**
 * The monitor verifies the ledger from the newest signed archived checkpoint (src/app/monitor-verify.ts) and
 * falls back to the full verification whenever that checkpoint is unsigned, forged or inconsistent, or the
 * incremental run finds anything: its findings are then the full verification's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyForMonitor } from '../../src/app/monitor-verify.js';
import { runMonitor } from '../../src/app/run-monitor.js';
import { runMonitorPorts } from '../../src/assembly/run-monitor-ports.js';
import { examplePolicyFiles } from '../../src/example/park.js';
import { FsTree } from '../../src/repo/fs-tree.js';
import { generateCheckpointKey, signCheckpoint } from '../../src/ledger/checkpoint.js';
import { verifyLedger, type VerifyInput } from '../../src/ledger/verify.js';
import { loadLayout } from '../../src/repo/layout.js';
import { loadStateDocuments } from '../../src/repo/load-state.js';
import { buildState } from '../../src/state/build.js';
import { readLedgerFiles } from '../../src/store/ledger-files.js';
import { openLedger } from '../../src/store/ledger-store.js';
import { capacityDraft, layout as ledgerLayout, ORIGIN } from '../unit/ledger/helpers.js';
import { ledgerRepo, stateYaml, type LedgerRepo } from './ledger-helpers.js';

// genesis + 14 changes: entries 0..18, snapshots at seq 4, 8, 12 and 16, archived checkpoints at sizes 7, 14
// and 16 (signed), and entries 16..18 after the newest one.
let repo: LedgerRepo;
beforeEach(async () => {
  repo = await ledgerRepo(12);
  const ledger = await openLedger(repo.dir, ledgerLayout());
  for (const i of [13, 14]) await ledger.append([capacityDraft(i)]);
  writeFileSync(join(repo.dir, 'state/park.yaml'), stateYaml(514));
});
afterEach(() => repo.cleanup());

const SIZE = 19;

async function input(): Promise<VerifyInput> {
  const tree = new FsTree(repo.dir);
  const layout = await loadLayout(tree);
  const built = buildState(await loadStateDocuments(tree, layout));
  const keyFile = 'policies/keys/checkpoint.pub';
  return {
    ...(await readLedgerFiles(repo.dir, layout)),
    verifierKey: readFileSync(join(repo.dir, keyFile), 'utf8'),
    verifierKeyFile: keyFile,
    layout,
    workingState: built.state,
    workingOrigins: built.origins,
  };
}

function segmentOf(seq: number): string {
  return join(repo.dir, `ledger/events/${String(Math.floor(seq / 10) * 10).padStart(12, '0')}.jsonl`);
}

/** Rewrites entry `seq` (a change) in place: still canonical and well-shaped, but no longer the entry signed. */
function tamper(seq: number): void {
  const file = segmentOf(seq);
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = seq % 10;
  const line = lines[i]!;
  expect(line).toContain('"actor":"ops-agent"');
  lines[i] = line.replace('"actor":"ops-agent"', '"actor":"mallory"');
  writeFileSync(file, lines.join('\n'));
}

const changeSeqs = (): number[] =>
  Array.from({ length: SIZE }, (_, s) => s).filter((s) => s > 0 && s % 4 !== 0);

describe('monitor: incremental verification from the newest signed checkpoint', () => {
  it('on a clean ledger starts at checkpoint 16 from the snapshot at seq 12, with the full verification’s result', async () => {
    const inp = await input();
    const full = verifyLedger(inp);
    const v = verifyForMonitor(inp);
    expect(full.findings).toEqual([]);
    expect(v.note).toBe(
      'ledger verified from checkpoint 16 (signed, consistent); state replayed from the snapshot at seq 12',
    );
    expect(v.from).toEqual({ file: 'ledger/checkpoints/16.note', size: 16, snapshot: 12 });
    expect(v.report.since).toMatchObject({ size: 16, signed: true, consistent: true, from: 12, checked: 3 });
    expect(v.report.findings).toEqual(full.findings);
    expect(v.report.drift).toEqual(full.drift);
    expect([v.report.size, v.report.root, v.report.head]).toEqual([full.size, full.root, full.head]);

    const actors = examplePolicyFiles().get('policies/actors.yaml')!;
    writeFileSync(join(repo.dir, 'policies/actors.yaml'), actors);
    const r = await runMonitor(
      { now: new Date('2026-01-18T15:00:00Z'), branch: 'HEAD', history: 1000 },
      runMonitorPorts(repo.dir),
    );
    expect(r.verified).toBe(v.note);
    expect(r.alerts.filter((a) => a.rule === 'ledger-verify' || a.rule === 'state-drift')).toEqual([]);
  });

  it('reports drift as the full verification does, from the snapshot replay', async () => {
    writeFileSync(join(repo.dir, 'state/park.yaml'), stateYaml(999));
    const inp = await input();
    const v = verifyForMonitor(inp);
    expect(v.from?.size).toBe(16);
    expect(v.report.drift).toEqual(['park-ticketing/gate-a']);
    expect(v.report.findings).toEqual(verifyLedger(inp).findings);
  });

  it('finds an entry rewritten after the checkpoint, worded as the full verification words it', async () => {
    tamper(17);
    const inp = await input();
    const full = verifyLedger(inp);
    const v = verifyForMonitor(inp);
    expect(full.findings.some((f) => f.check === 'prev' && f.seq === 18)).toBe(true);
    expect(v.note).toBe('ledger verified in full (the run from checkpoint 16 found 1 problem)');
    expect(v.from).toBeUndefined();
    expect(v.report.findings).toEqual(full.findings);
  });

  it('finds an entry rewritten before the checkpoint: not consistent, so verified in full', async () => {
    tamper(5);
    const inp = await input();
    const full = verifyLedger(inp);
    const v = verifyForMonitor(inp);
    expect(full.findings.some((f) => f.check === 'prev' && f.seq === 6)).toBe(true);
    expect(v.note).toBe('ledger verified in full (the ledger is not consistent with checkpoint 16)');
    expect(v.report.findings).toEqual(full.findings);
    expect(v.report.since).toBeUndefined();
  });

  it('does not start from a forged checkpoint over a rewritten ledger, nor from one of another origin', async () => {
    tamper(5);
    const forged = verifyLedger(await input());
    const mallory = generateCheckpointKey(ORIGIN);
    const root = Buffer.from(forged.root.base64, 'base64');
    writeFileSync(
      join(repo.dir, `ledger/checkpoints/${SIZE}.note`),
      signCheckpoint({ origin: ORIGIN, size: SIZE, root }, mallory.signerKey),
    );
    // The real key's name over a signature that is not its own.
    const genuine = readFileSync(join(repo.dir, 'ledger/checkpoints/16.note'), 'utf8');
    const body = `${ORIGIN}\n18\n${root.toString('base64')}\n`;
    const signatures = genuine.slice(genuine.indexOf('\n\n') + 1);
    writeFileSync(join(repo.dir, 'ledger/checkpoints/18.note'), `${body}${signatures}`);
    const inp = await input();
    const full = verifyLedger(inp);
    const v = verifyForMonitor(inp);
    expect(v.note).toBe('ledger verified in full (the ledger is not consistent with checkpoint 16)');
    expect(v.report.findings).toEqual(full.findings);
    const bad = v.report.findings.filter((f) => f.check === 'checkpoint').map((f) => f.file);
    expect(bad).toContain(`ledger/checkpoints/${SIZE}.note`);
    expect(bad).toContain('ledger/checkpoints/18.note');
  });

  it('a forged checkpoint alone skips nothing: the genuine one is the start and the forgery is a finding', async () => {
    const mallory = generateCheckpointKey(ORIGIN);
    const clean = verifyLedger(await input());
    writeFileSync(
      join(repo.dir, `ledger/checkpoints/${SIZE}.note`),
      signCheckpoint(
        { origin: ORIGIN, size: SIZE, root: Buffer.from(clean.root.base64, 'base64') },
        mallory.signerKey,
      ),
    );
    const inp = await input();
    const v = verifyForMonitor(inp);
    expect(v.note).toBe('ledger verified in full (the run from checkpoint 16 found 1 problem)');
    expect(v.report.findings).toEqual(verifyLedger(inp).findings);
    expect(v.report.findings.map((f) => [f.check, f.file])).toEqual([
      ['checkpoint', `ledger/checkpoints/${SIZE}.note`],
    ]);
  });

  it('without a signed archived checkpoint, or without the key, verifies in full', async () => {
    const inp = await input();
    const noKey = { ...inp };
    delete noKey.verifierKey;
    expect(verifyForMonitor(noKey).note).toBe('ledger verified in full (no checkpoint verifier key)');
    const none = verifyForMonitor({ ...inp, checkpoints: [] });
    expect(none.note).toBe('ledger verified in full (no signed archived checkpoint)');
    expect(none.report.findings).toEqual(verifyLedger({ ...inp, checkpoints: [] }).findings);
    const other = generateCheckpointKey(ORIGIN).verifierKey;
    const wrongKey = verifyForMonitor({ ...inp, verifierKey: other });
    expect(wrongKey.note).toBe('ledger verified in full (no signed archived checkpoint)');
    expect(wrongKey.report.findings).toEqual(verifyLedger({ ...inp, verifierKey: other }).findings);
  });

  it('property: whichever entry is rewritten, the monitor reports exactly the full verification’s findings', async () => {
    const pristine = new Map<string, string>();
    for (const s of [0, 10]) pristine.set(segmentOf(s), readFileSync(segmentOf(s), 'utf8'));
    await fc.assert(
      fc.asyncProperty(fc.subarray(changeSeqs(), { minLength: 1, maxLength: 3 }), async (seqs) => {
        for (const [f, t] of pristine) writeFileSync(f, t);
        for (const s of seqs) tamper(s);
        const inp = await input();
        const full = verifyLedger(inp);
        const v = verifyForMonitor(inp);
        // The last entry is committed to by no checkpoint: rewriting it alone is found by neither.
        if (seqs.some((x) => x < SIZE - 1)) {
          expect(full.findings.length).toBeGreaterThan(0);
          expect(v.from).toBeUndefined();
        }
        expect(v.report.findings).toEqual(full.findings);
        expect(v.report.drift).toEqual(full.drift);
      }),
      { numRuns: 25 },
    );
  });
});
