import { describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../../src/formats/note-text.js';
import { generateCheckpointKey, signCheckpoint } from '../../../src/ledger/checkpoint.js';
import { checkWitnessed, type WitnessItem } from '../../../src/witness/check.js';
import { cosign, generateCosignerKey } from '../../../src/witness/cosignature.js';
import { witnessPolicyOf } from '../../../src/witness/policy-rules.js';

const ORIGIN = 'park.example/ledger';
const log = generateCheckpointKey(ORIGIN);
const w = ['w1.example/w', 'w2.example/w', 'w3.example/w'].map((n) => ({
  name: n,
  ...generateCosignerKey(n),
}));
const policy = witnessPolicyOf(
  { witnesses: w.map((x) => ({ name: x.name, key: x.verifierKey })), quorum: 2 },
  'policies/witnesses.yaml',
);
const note = (size: number, fill: number) =>
  signCheckpoint({ origin: ORIGIN, size, root: Buffer.alloc(32, fill) }, log.signerKey);
const body = (n: string) => readCheckpoint(n).text;
const item = (
  file: string,
  text: string,
  role: WitnessItem['role'] = 'archived',
  consistent = true,
): WitnessItem => ({
  file,
  text,
  checkpoint: readCheckpoint(text).checkpoint!,
  consistent,
  role,
});
const run = (items: WitnessItem[], witnessedOnly = false) =>
  checkWitnessed({
    policy,
    items,
    witnessedOnly,
    logKey: { name: ORIGIN, keyId: Number.parseInt(log.verifierKey.split('+')[1] ?? '', 16) },
    size: 5,
    latestFile: 'ledger/checkpoint',
  });

describe('witness quorum over checkpoints', () => {
  it('counts two distinct witnesses once each, however many lines each wrote', () => {
    const n = note(5, 1);
    const text =
      n +
      cosign(body(n), w[0]!.signerKey, 100) +
      cosign(body(n), w[0]!.signerKey, 200) +
      cosign(body(n), w[1]!.signerKey, 100);
    const { report, problems } = run([item('ledger/checkpoint', text, 'latest')]);
    expect(problems).toEqual([]);
    expect(report.checkpoints[0]?.cosigners.map((c) => [c.name, c.timestamp])).toEqual([
      ['w1.example/w', 200],
      ['w2.example/w', 100],
    ]);
  });

  it('fails the latest checkpoint with one cosigner of the two required, naming who is missing', () => {
    const n = note(5, 1);
    const { problems } = run([
      item('ledger/checkpoint', n + cosign(body(n), w[0]!.signerKey, 100), 'latest'),
    ]);
    expect(problems).toEqual([
      {
        file: 'ledger/checkpoint',
        message:
          'witness quorum not met: 1 of the 2 cosignatures policies/witnesses.yaml requires; cosigned by w1.example/w; missing w2.example/w, w3.example/w (run "gatehouse witness add-checkpoint" to collect them)',
      },
    ]);
  });

  it('reports a forged cosignature at its line and never counts it', () => {
    const n = note(5, 1);
    const good = cosign(body(n), w[1]!.signerKey, 100);
    const forged = cosign(body(n), w[0]!.signerKey, 100).replace(/[A-Za-z0-9+/]{6}==\n$/, 'AAAAAA==\n');
    const { report, problems } = run([item('ledger/checkpoint', n + forged + good, 'latest')]);
    const c = report.checkpoints[0]!;
    expect(c.cosigners.map((x) => x.name)).toEqual(['w2.example/w']);
    expect(c.rejected).toEqual([expect.objectContaining({ name: 'w1.example/w', line: 6 })]);
    expect(problems[0]).toMatchObject({
      file: 'ledger/checkpoint',
      line: 6,
      message: expect.stringMatching(
        /does not verify over this checkpoint \(size 5\): forged or altered, not counted/,
      ),
    });
    expect(c.quorum_met).toBe(false);
  });

  it('names the checkpoint a copied cosignature belongs to (another size or another root)', () => {
    const old = note(3, 2);
    const latest = note(5, 1);
    const copied = cosign(body(old), w[0]!.signerKey, 100); // made for size 3, pasted onto size 5
    const otherRoot = cosign(body(note(5, 9)), w[1]!.signerKey, 100); // same size, another root
    const { report, problems } = run([
      item('ledger/checkpoints/3.note', old),
      item('ledger/checkpoint', latest + copied + otherRoot, 'latest'),
    ]);
    const c = report.checkpoints[1]!;
    expect(c.cosigners).toEqual([]);
    expect(c.rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(
        /^cosignature by w1.example\/w is over size 3 \(root .*ledger\/checkpoints\/3.note\), not this checkpoint/,
      ),
      expect.stringMatching(/^cosignature by w2.example\/w does not verify over this checkpoint/),
    ]);
    expect(problems).toHaveLength(3);
  });

  it('lists a cosignature by a key the policy does not hold, even under a witness name, and does not count it', () => {
    const n = note(5, 1);
    const impostor = generateCosignerKey('w1.example/w');
    const stranger = generateCosignerKey('other.example/w');
    const text = n + cosign(body(n), impostor.signerKey, 1) + cosign(body(n), stranger.signerKey, 1);
    const { report } = run([item('ledger/checkpoint', text, 'latest')]);
    const c = report.checkpoints[0]!;
    expect(c.cosigners).toEqual([]);
    expect(c.rejected).toEqual([]);
    expect(c.ignored.map((i) => i.reason)).toEqual([
      expect.stringMatching(
        /^key ID [0-9a-f]{8} is not the key policies\/witnesses.yaml lists for w1.example\/w/,
      ),
      'other.example/w is not a witness in policies/witnesses.yaml: ignored (signed-note: unknown keys are ignored)',
    ]);
  });

  it('does not count cosignatures on a checkpoint whose root is not the ledger root', () => {
    const n = note(5, 1);
    const text = n + cosign(body(n), w[0]!.signerKey, 1) + cosign(body(n), w[1]!.signerKey, 1);
    const { report, problems } = run([item('ledger/checkpoint', text, 'latest', false)]);
    expect(report.checkpoints[0]?.quorum_met).toBe(false);
    expect(problems[0]?.message).toMatch(/^witness quorum not met: 0 of the 2 .*no cosignature counts/);
  });

  it('with --witnessed-only, also fails an archived checkpoint without the quorum', () => {
    const archived = note(3, 2);
    const n = note(5, 1);
    const latest = n + cosign(body(n), w[0]!.signerKey, 1) + cosign(body(n), w[1]!.signerKey, 1);
    const items = [item('ledger/checkpoints/3.note', archived), item('ledger/checkpoint', latest, 'latest')];
    expect(run(items).problems).toEqual([]);
    expect(run(items, true).problems.map((p) => p.file)).toEqual(['ledger/checkpoints/3.note']);
  });
});
