import { describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../../src/formats/note-text.js';
import { generateCheckpointKey, signCheckpoint } from '../../../src/ledger/checkpoint.js';
import { carryCosignatures, mergeCosignatures } from '../../../src/witness/collect.js';
import { cosign, generateCosignerKey, parseCosignerKey } from '../../../src/witness/cosignature.js';

const log = generateCheckpointKey('park.example/ledger');
const cp = (size: number, key = log.signerKey) =>
  signCheckpoint({ origin: 'park.example/ledger', size, root: Buffer.alloc(32, size) }, key);
const w = generateCosignerKey('w1.example/w');

describe('keeping cosignatures with their checkpoint', () => {
  it('carries the cosignatures of a re-signed checkpoint of the same text, and of no other', () => {
    const note = cp(4);
    const line = cosign(readCheckpoint(note).text, w.signerKey, 7);
    expect(carryCosignatures(note + line, cp(4))).toBe(note + line);
    expect(carryCosignatures(note + line, cp(5))).toBe(cp(5));
    expect(carryCosignatures(undefined, cp(4))).toBe(cp(4));
    // A new checkpoint key: its line replaces the old key's, the cosignature stays.
    const rotated = generateCheckpointKey('park.example/ledger');
    expect(carryCosignatures(note + line, cp(4, rotated.signerKey))).toBe(cp(4, rotated.signerKey) + line);
  });

  it("replaces a witness's earlier line with its new one and keeps the rest", () => {
    const note = cp(4);
    const body = readCheckpoint(note).text;
    const other = generateCosignerKey('w2.example/w');
    const merged = mergeCosignatures(
      note + cosign(body, w.signerKey, 1) + cosign(body, other.signerKey, 1),
      parseCosignerKey(w.verifierKey),
      [cosign(body, w.signerKey, 2)],
    );
    expect(merged).toBe(note + cosign(body, other.signerKey, 1) + cosign(body, w.signerKey, 2));
  });
});
