import { describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../../src/formats/note-text.js';
import {
  checkCosignature,
  cosign,
  generateCosignerKey,
  parseCosignerKey,
  parseCosignerSignerKey,
} from '../../../src/witness/cosignature.js';
import { checkWitnessed } from '../../../src/witness/check.js';
import { witnessPolicyOf } from '../../../src/witness/policy-rules.js';

// Public test data, recomputed here (no code copied):
//  - REMORA is the native type-0x04 verifier key of transparency-dev/formats note/note_cosigv1_test.go
//    (TestCoSigV1NewVerifier), the key of the public witness remora.n621.de; TEST is the type-0x01 key there.
//  - REAL is a checkpoint of the public log arche2025h1.staging.ct.transparency.dev as served with its witness
//    cosignatures (the "real checkpoint" of the tlog_scales test suite); SMARTIT and GARDEN are the keys of two more
//    public witnesses that cosigned it, as the public witness network lists them.
const REMORA = 'remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2';
const SMARTIT = 'witness1.smartit.nu/witness1+a48c820f+BPSFWg9G6KPiO7QPryYO5Xq4oYJJ+kAvLKLSimDhoxMO';
const GARDEN =
  'transparency.dev/DEV:witness-little-garden+d8042a87+BCtusOxINQNUTN5Oj8HObRkh2yHf/MwYaGX4CPdiVEPM';
const TEST = 'TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6';
const REAL = `arche2025h1.staging.ct.transparency.dev
1432088532
U7WM79jrzyhGZ5/GUBTpM7NzwdyfFx61t3RovgcC4Ro=

— arche2025h1.staging.ct.transparency.dev zTM8sQAAAZ5W0WdjBAMARjBEAiBjW5IQf9pvsYLfQFX6hoGREPMHbdQ3urbllzalApkptQIgIpwtEroeW2BXaHAI4kJXFbon5Ch9MNL5zRNZ55lvGt0=
— arche2025h1.staging.ct.transparency.dev ui8GwCF1+kWqZrxGdhj4aX3gcw7XUlXQQabg/27lefwhUkzbC3NygNI75MdhL1bfTW9g8Ei59RA23oHP7Ry1k3ZFWwQ=
— transparency.dev/DEV:witness-little-garden 2AQqhwAAAABqEiEgzgFIqqhbUoDwjMWE6UP8nd8/KYTzwZ2rhIgcqoXHAwVkjZr4AscylP3v7sEodkRAErumC2q44vdgJY096st5BQ==
— witness1.smartit.nu/witness1 pIyCDwAAAABqEiEghIp82KWebrw7/oHQwlTAm3g2RKS4+eebl8eO0WH+/iEcxZ75W3u5hNI7TOQtmJbqmNWVuE0tgh0XwzdZsDsUAQ==
— remora.n621.de 2net5wAAAABqEiEgPlfF3V06o0Y+fHM+J5J9s27wgxxcOVSpZ/2g/KSiXCg9DEZI+aVCIobWX9sXTynk5XeU/zZ0WBxtqB0DrAWfBw==
— witness.stagemole.eu Z/euoAAAAABqEiEgw0i+7g2ENfDAWHmtRzCfKTHSDwYDJA2NmKeGi9Y8FtEyOUvVr+AJmIY/2TUFucgKi7lI7cUiOvKFYe/TmN9DAg==
`;

function policyOf(keys: string[], quorum: number) {
  return witnessPolicyOf(
    { witnesses: keys.map((key) => ({ name: key.split('+')[0] ?? '', key })), quorum },
    'policies/witnesses.yaml',
  );
}

function judge(note: string, keys: string[], quorum: number) {
  const c = readCheckpoint(note).checkpoint;
  return checkWitnessed({
    policy: policyOf(keys, quorum),
    items: [
      {
        file: 'ledger/checkpoint',
        text: note,
        ...(c ? { checkpoint: c } : {}),
        consistent: true,
        role: 'latest',
      },
    ],
    witnessedOnly: false,
    size: c?.size ?? 0,
    latestFile: 'ledger/checkpoint',
  });
}

describe('tlog-cosignature v1 keys', () => {
  it('recomputes the key ID of a published witness key as SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4]', () => {
    const k = parseCosignerKey(REMORA);
    expect(k.keyId.toString(16)).toBe('da77ade7');
    expect(k.publicKey).toEqual(
      Buffer.from('BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2', 'base64').subarray(1),
    );
    expect(() => parseCosignerKey(REMORA.replace('da77ade7', 'da77ade8'))).toThrow(
      /key ID da77ade8 does not match/,
    );
  });

  it('refuses a signed-note key of type 0x01 as a witness key, saying which type it needs', () => {
    expect(() => parseCosignerKey(TEST)).toThrow(/type 0x01 \(a note signing key\).*0x04/);
  });

  it('round-trips a fresh key: the signer form gives back the verifier key', () => {
    const { signerKey, verifierKey } = generateCosignerKey('witness.example.org/w1');
    expect(parseCosignerSignerKey(signerKey).vkey).toBe(verifierKey);
    expect(parseCosignerKey(verifierKey).name).toBe('witness.example.org/w1');
  });
});

describe('tlog-cosignature v1 signatures', () => {
  it('verifies the cosignatures three public witnesses made over a real checkpoint', () => {
    const { report, problems } = judge(REAL, [REMORA, SMARTIT, GARDEN], 2);
    const c = report.checkpoints[0];
    expect(problems).toEqual([]);
    expect(c?.cosigners.map((x) => [x.name, x.timestamp])).toEqual([
      ['transparency.dev/DEV:witness-little-garden', 1779573024],
      ['witness1.smartit.nu/witness1', 1779573024],
      ['remora.n621.de', 1779573024],
    ]);
    expect(c?.quorum_met).toBe(true);
    // The log's own lines and the stagemole witness are not in this policy: listed, never counted.
    expect(c?.ignored.map((i) => i.name)).toEqual([
      'arche2025h1.staging.ct.transparency.dev',
      'arche2025h1.staging.ct.transparency.dev',
      'witness.stagemole.eu',
    ]);
  });

  it('rejects every one of those cosignatures once the size is changed', () => {
    const clobbered = REAL.replace('\n1432088532\n', '\n1432088533\n');
    const { report, problems } = judge(clobbered, [REMORA, SMARTIT, GARDEN], 2);
    expect(report.checkpoints[0]?.cosigners).toEqual([]);
    expect(report.checkpoints[0]?.rejected).toHaveLength(3);
    // One finding per rejected line (7-9), then the quorum the latest checkpoint misses.
    expect(problems.map((p) => p.line)).toEqual([7, 8, 9, undefined]);
    expect(problems[0]?.message).toMatch(
      /cosignature by transparency.dev\/DEV:witness-little-garden does not verify/,
    );
  });

  it('signs "cosignature/v1\\ntime <t>\\n" + body with the timestamp big-endian after the key ID', () => {
    const { signerKey, verifierKey } = generateCosignerKey('w.example/1');
    const body = 'park.example/ledger\n3\n' + Buffer.alloc(32, 7).toString('base64') + '\n';
    const line = cosign(body, signerKey, 1_768_744_800);
    const blob = Buffer.from(line.split(' ')[2] ?? '', 'base64');
    expect(blob).toHaveLength(76);
    expect(blob.readUInt32BE(0)).toBe(parseCosignerKey(verifierKey).keyId);
    expect(blob.readBigUInt64BE(4)).toBe(1_768_744_800n);
    const sig = { sig: blob.subarray(4) };
    expect(checkCosignature(body, sig, parseCosignerKey(verifierKey))).toEqual({
      ok: true,
      timestamp: 1_768_744_800,
    });
    expect(
      checkCosignature(body.replace('\n3\n', '\n4\n'), sig, parseCosignerKey(verifierKey)),
    ).toMatchObject({
      ok: false,
      reason: 'signature',
    });
  });

  it('reads the timestamp of the transparency-dev/formats cosignature vector (1727964367)', () => {
    // TestCoSigV1Timestamp "works": key ID ‖ u64 timestamp ‖ signature.
    const blob = Buffer.from(
      'ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==',
      'base64',
    );
    expect(blob).toHaveLength(76);
    expect(blob.readBigUInt64BE(4)).toBe(1727964367n);
  });
});
