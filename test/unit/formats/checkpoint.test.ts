import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/core/errors.js';
import { checkCheckpointText, loadCheckpointNote } from '../../../src/formats/checkpoint.js';
import { generateCheckpointKey, signCheckpoint } from '../../../src/ledger/checkpoint.js';

const ROOT = Buffer.alloc(32, 3);

function check(text: string): string[] {
  return checkCheckpointText(text, 'ledger/checkpoint').problems.map(formatProblem);
}

describe('checkpoint notes', () => {
  it('reads a note signed with a freshly made checkpoint key', () => {
    const { signerKey, verifierKey } = generateCheckpointKey('example.com/park-ops');
    const note = signCheckpoint({ origin: 'example.com/park-ops', size: 42, root: ROOT }, signerKey);
    const { value } = loadCheckpointNote(note, 'ledger/checkpoint');
    const keyIdHex = verifierKey.split('+')[1];
    expect(value).toEqual({
      origin: 'example.com/park-ops',
      size: 42,
      root: ROOT.toString('base64'),
      signatures: [{ name: 'example.com/park-ops', key_id: keyIdHex, signature: expect.any(String) }],
    });
    expect(Buffer.from(value.signatures[0]!.signature, 'base64')).toHaveLength(64);
  });

  it('reports a size that is not a decimal integer on line 2', () => {
    const text = `o\n-1\n${ROOT.toString('base64')}\n\n\u2014 o ${Buffer.alloc(68, 1).toString('base64')}\n`;
    expect(check(text)).toEqual([
      'ledger/checkpoint:2:1: /size: expected the tree size (a non-negative integer), found "-1"',
    ]);
  });

  it('reports a root that is not base64 of 32 bytes on line 3', () => {
    const text = `o\n1\nnot-a-root\n\n\u2014 o ${Buffer.alloc(68, 1).toString('base64')}\n`;
    expect(check(text)).toEqual([
      'ledger/checkpoint:3:1: /root: expected a base64 SHA-256 root hash (44 characters), found "not-a-root"',
    ]);
  });

  it('requires a blank line and at least one signature line', () => {
    const text = `o\n1\n${ROOT.toString('base64')}\n`;
    expect(check(text)[0]).toBe(
      'ledger/checkpoint:4:1: no signature lines: a checkpoint needs a blank line and then "— <name> <signature>" lines',
    );
  });

  it('reports a malformed signature line with its line number', () => {
    const text = `o\n1\n${ROOT.toString('base64')}\n\n- o AAAA\n\u2014 o !!!\n`;
    expect(check(text)).toEqual([
      'ledger/checkpoint:5:1: expected a signature line "— <name> <base64>", found "- o AAAA"',
      'ledger/checkpoint:6:5: the signature must be base64 of a 4-byte key id followed by the signature',
    ]);
  });

  it('requires the note to end with a newline', () => {
    const text = `o\n1\n${ROOT.toString('base64')}\n\n\u2014 o ${Buffer.alloc(68, 1).toString('base64')}`;
    expect(check(text)).toContain('ledger/checkpoint:5:1: a signed note must end with a newline');
  });

  it('ignores tlog-checkpoint extension lines after the root', () => {
    const text = `o\n1\n${ROOT.toString('base64')}\nextension\n\n\u2014 o ${Buffer.alloc(68, 1).toString('base64')}\n`;
    expect(check(text)).toEqual([]);
  });
});
