/** `gatehouse validate` reads policies/witnesses.yaml like every policy: schema and key rules at file:line:col. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { generateCheckpointKey } from '../../src/ledger/checkpoint.js';
import { generateCosignerKey } from '../../src/witness/cosignature.js';
import { FULL, makeRepo, treeDigest } from './validate-fixture.js';

let stdout: string;
beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

async function validate(policy: string): Promise<{ code: number; lines: string[]; unchanged: boolean }> {
  const dir = await makeRepo({ ...FULL, 'policies/witnesses.yaml': policy });
  const before = await treeDigest(dir);
  const code = await main(['validate', '--repo', dir]);
  const after = await treeDigest(dir);
  return {
    code,
    lines: stdout.trimEnd().split('\n'),
    unchanged: JSON.stringify(after) === JSON.stringify(before),
  };
}

const w1 = generateCosignerKey('w1.example/witness');
const w2 = generateCosignerKey('w2.example/witness');

describe('gatehouse validate: policies/witnesses.yaml', () => {
  it('accepts two witnesses and a quorum of 2', async () => {
    const r = await validate(
      `witnesses:\n  - name: w1.example/witness\n    key: ${w1.verifierKey}\n    url: https://w1.example/witness\n  - name: w2.example/witness\n    key: ${w2.verifierKey}\nquorum: 2\n`,
    );
    expect(r.lines).toEqual([expect.stringMatching(/^validated \d+ files: 0 problems$/)]);
    expect(r.code).toBe(0);
  });

  it('reports a note key used as a witness key, a key under another name, a repeated key and an impossible quorum', async () => {
    const note = generateCheckpointKey('w3.example/witness');
    const r = await validate(
      [
        'witnesses:',
        '  - name: w1.example/witness',
        `    key: ${w1.verifierKey}`,
        '  - name: w2.example/witness',
        `    key: ${w1.verifierKey}`,
        '  - name: w3.example/witness',
        `    key: ${note.verifierKey}`,
        'quorum: 4',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(2);
    expect(r.unchanged).toBe(true);
    expect(r.lines.slice(0, -1)).toEqual([
      'policies/witnesses.yaml:5:10: /witnesses/1/key: the key is named "w1.example/witness" but the witness is "w2.example/witness": a cosignature line carries the key\'s name',
      'policies/witnesses.yaml:5:10: /witnesses/1/key: the same public key as witness 1: each witness needs its own key (tlog-cosignature)',
      'policies/witnesses.yaml:7:10: /witnesses/2/key: witness key has signature type 0x01 (a note signing key): a witness key has type 0x04 (cosignature/v1) (expected <name>+<key id>+<base64(0x04 ‖ key)>)',
      'policies/witnesses.yaml:8:9: /quorum: quorum 4 is more than the 3 witnesses listed: no checkpoint could ever meet it',
    ]);
  });

  it('reports schema problems: a missing quorum and a URL that is not http(s)', async () => {
    const r = await validate(
      `witnesses:\n  - name: w1.example/witness\n    key: ${w1.verifierKey}\n    url: ftp://w1.example\n`,
    );
    expect(r.code).toBe(2);
    expect(r.lines.join('\n')).toContain(
      'policies/witnesses.yaml:4:10: /witnesses/0/url: expected the tlog-witness submission prefix (an http or https URL), found "ftp://w1.example"',
    );
    expect(r.lines.join('\n')).toMatch(/policies\/witnesses\.yaml:1:1: .*quorum/);
  });
});
