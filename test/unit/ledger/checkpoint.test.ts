import { describe, expect, it } from 'vitest';
import {
  generateCheckpointKey,
  parseCheckpoint,
  signCheckpoint,
  verifierKeyOf,
  verifyCheckpoint,
} from '../../../src/ledger/checkpoint.js';
import {
  keyIdFor,
  NoteError,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from '../../../src/ledger/note.js';
import { merkleRoot, leafHash } from '../../../src/ledger/merkle.js';

// The reference example of golang.org/x/mod/sumdb/note (note_test.go): a fixed key pair and the signed
// note it produces. Ed25519 is deterministic (RFC 8032), so signing must reproduce it byte for byte.
const VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const SIGNED = `${TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe('signed notes (C2SP signed-note)', () => {
  it('reproduces the reference note byte for byte from the reference signer key', () => {
    expect(signNote(TEXT, SKEY)).toBe(SIGNED);
    expect(verifierKeyOf(SKEY)).toBe(VKEY);
    expect(openNote(SIGNED, [parseVerifierKey(VKEY)])).toBe(TEXT);
  });

  it('derives the key ID as the first four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)', () => {
    const v = parseVerifierKey(VKEY);
    expect(keyIdFor('PeterNeumann', v.publicKey).toString(16)).toBe('c74f20a3');
    expect(parseSignerKey(SKEY).keyId).toBe(0xc74f20a3);
  });

  it('rejects a verifier key with a wrong ID, a bad name, a short key or a different algorithm', () => {
    for (const bad of [
      'PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10',
      'PeterNeumann+c74f20a3+AhpcxQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      'PeterNeumann+c74f20a3',
    ])
      expect(() => parseVerifierKey(bad), bad).toThrow(NoteError);
  });

  it('reports a changed text as a bad signature, and a note signed by another key as an unknown key', () => {
    const changed = SIGNED.replace('cryptography', 'cryptographY');
    expect(() => openNote(changed, [parseVerifierKey(VKEY)])).toThrow(
      expect.objectContaining({ kind: 'bad-signature' }),
    );
    const other = generateCheckpointKey('other.example/log');
    expect(() => openNote(SIGNED, [parseVerifierKey(other.verifierKey)])).toThrow(
      expect.objectContaining({ kind: 'unknown-key' }),
    );
  });

  it('ignores signatures from unknown keys when a known key also signed', () => {
    const other = generateCheckpointKey('other.example/log');
    const extra = `${SIGNED}${signNote(TEXT, other.signerKey).slice(TEXT.length + 1)}`;
    expect(openNote(extra, [parseVerifierKey(VKEY)])).toBe(TEXT);
  });

  it('rejects malformed notes: no blank line, no signatures, control characters, bad signature lines', () => {
    for (const bad of [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n— PeterNeumann !!!\n`,
      `a\u0007b\n${SIGNED.slice(TEXT.length)}`,
      SIGNED.slice(0, -1),
    ])
      expect(() => openNote(bad, [parseVerifierKey(VKEY)]), JSON.stringify(bad)).toThrow(
        expect.objectContaining({ kind: 'format' }),
      );
  });
});

describe('checkpoints (C2SP tlog-checkpoint)', () => {
  const key = generateCheckpointKey('park.example/ledger');
  const root = merkleRoot([leafHash('a'), leafHash('b'), leafHash('c')]);

  it('signs origin, size and base64 root and verifies with the verifier key', () => {
    const note = signCheckpoint({ origin: 'park.example/ledger', size: 3, root }, key.signerKey);
    expect(
      note.startsWith(`park.example/ledger\n3\n${root.toString('base64')}\n\n— park.example/ledger `),
    ).toBe(true);
    const v = verifyCheckpoint(note, key.verifierKey);
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.checkpoint).toEqual({ origin: 'park.example/ledger', size: 3, root });
    expect(parseCheckpoint(note).size).toBe(3);
  });

  it('fails with a typed reason: forged signature, unknown key, bad format', () => {
    const note = signCheckpoint({ origin: 'park.example/ledger', size: 3, root }, key.signerKey);
    const forged = note.replace(/\n3\n/, '\n2\n');
    expect(verifyCheckpoint(forged, key.verifierKey)).toMatchObject({ ok: false, failure: 'bad-signature' });
    const stranger = generateCheckpointKey('park.example/ledger');
    expect(verifyCheckpoint(note, stranger.verifierKey)).toMatchObject({ ok: false, failure: 'unknown-key' });
    expect(verifyCheckpoint(note.replace(/\n3\n/, '\n03\n'), key.verifierKey)).toMatchObject({
      ok: false,
      failure: 'format',
    });
    expect(verifyCheckpoint('park.example/ledger\n3\n', key.verifierKey)).toMatchObject({
      ok: false,
      failure: 'format',
    });
  });
});
