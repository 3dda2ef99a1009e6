/**
 * C2SP signed notes and tlog checkpoints through gatehouse/lib: golang.org/x/mod's PeterNeumann and EnochRoot
 * notes, the verifier keys it accepts and refuses, the signed-note and tlog-checkpoint spec examples, the sumdb
 * checkpoint with witness cosignatures (transparency-dev/formats), and checkpoint bodies with their verdicts,
 * read from the shared vector folder at test time.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  emptyRoot,
  NoteError,
  openNote,
  parseCheckpoint,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifierKeyOf,
  verifyCheckpoint,
} from 'gatehouse/lib';

interface Vectors {
  peter: Record<'vkey' | 'skey' | 'text' | 'sig' | `${'blankLines' | 'fffd'}${'Text' | 'Sig'}`, string>;
  enoch: { vkey: string; sig: string };
  goodVkeys: string[];
  keyPairs: [string, string][];
  badVkeys: string[];
  spec: { fooVkey: string; fooNote: string; sofaNote: string };
  sumdb: { vkey: string; note: string; extraSigs: string[]; witnessVkeys: string[] };
  formats: Record<string, string>;
  bodies: [string, string, boolean][];
}

const FILE = fileURLToPath(
  new URL('../../../shared/interop-vectors/part-a/note/vectors.json', import.meta.url),
);
const v = JSON.parse(readFileSync(FILE, 'utf8')) as Vectors;

/** The failure kind of a thrown NoteError, or 'ok' when nothing was thrown. */
function outcome(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (err) {
    if (err instanceof NoteError) return err.kind;
    throw err;
  }
}

describe('C2SP signed-note vectors', () => {
  const peterVk = parseVerifierKey(v.peter.vkey);
  const enochVk = parseVerifierKey(v.enoch.vkey);

  for (const [name, text, sig] of [
    ['PeterNeumann note', v.peter.text, v.peter.sig],
    ['note with an empty line', v.peter.blankLinesText, v.peter.blankLinesSig],
    ['note holding U+FFFD', v.peter.fffdText, v.peter.fffdSig],
  ] as const) {
    it(`signs the ${name} to the published signature and opens it`, () => {
      expect(signNote(text, v.peter.skey)).toBe(`${text}\n${sig}`);
      expect(openNote(`${text}\n${sig}`, [peterVk])).toBe(text);
      expect(parseNote(`${text}\n${sig}`).signatures.map((s) => [s.name, s.keyId])).toEqual([
        ['PeterNeumann', 0xc74f20a3],
      ]);
    });
  }

  it('opens the note signed by PeterNeumann and EnochRoot with either key, ignoring the unknown one', () => {
    const note = `${v.peter.text}\n${v.peter.sig}${v.enoch.sig}`;
    expect(parseNote(note).signatures.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(openNote(note, [peterVk])).toBe(v.peter.text);
    expect(openNote(note, [enochVk])).toBe(v.peter.text);
    expect(openNote(note, [peterVk, enochVk])).toBe(v.peter.text);
    expect(outcome(() => openNote(note, [parseVerifierKey(v.sumdb.vkey)]))).toBe('unknown-key');
    expect(outcome(() => openNote(note, []))).toBe('unknown-key');
  });

  it('rejects the PeterNeumann note when its text or signature is altered', () => {
    const altered = v.peter.text.replace('cryptography', 'cryptograpHy');
    expect(outcome(() => openNote(`${altered}\n${v.peter.sig}`, [peterVk]))).toBe('bad-signature');
    const flipped = v.peter.sig.replace('x08go/', 'x08go+');
    expect(outcome(() => openNote(`${v.peter.text}\n${flipped}`, [peterVk]))).toBe('bad-signature');
  });

  it('accepts every good verifier key, keeping its name and key ID', () => {
    expect(v.goodVkeys.length).toBeGreaterThanOrEqual(6);
    for (const text of v.goodVkeys) {
      const [name, id] = text.split('+');
      const k = parseVerifierKey(text);
      expect([k.name, k.keyId], text).toEqual([name, parseInt(id!, 16)]);
      expect(k.publicKey.length, text).toBe(32);
    }
  });

  it('refuses every bad verifier key as a format error', () => {
    expect(v.badVkeys.length).toBeGreaterThanOrEqual(4);
    for (const text of v.badVkeys)
      expect(
        outcome(() => parseVerifierKey(text)),
        text,
      ).toBe('format');
  });

  it('derives each pair’s verifier key from its signer key, and what one signs the other opens', () => {
    const pairs: [string, string][] = [
      ...v.keyPairs,
      ...['log', 'known1', 'known2', 'unknown'].map((p): [string, string] => [
        v.formats[`${p}SK`]!,
        v.formats[`${p}VK`]!,
      ]),
    ];
    expect(pairs.length).toBe(10);
    for (const [sk, vk] of pairs) {
      expect(verifierKeyOf(sk), vk).toBe(vk);
      expect(parseSignerKey(sk).keyId, vk).toBe(parseVerifierKey(vk).keyId);
      expect(openNote(signNote('hello\n', sk), [parseVerifierKey(vk)]), vk).toBe('hello\n');
    }
  });

  it('opens the signed-note spec example and reads the tlog-checkpoint spec example', () => {
    expect(openNote(v.spec.fooNote, [parseVerifierKey(v.spec.fooVkey)])).toBe(
      'This is an example message.\n',
    );
    const sofa = parseCheckpoint(v.spec.sofaNote);
    expect([sofa.origin, sofa.size, sofa.root.toString('base64')]).toEqual([
      'example.com/behind-the-sofa',
      20852163,
      'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=',
    ]);
    expect(verifyCheckpoint(v.spec.sofaNote, v.spec.fooVkey)).toMatchObject({
      ok: false,
      failure: 'unknown-key',
    });
  });

  it('verifies the sumdb checkpoint, and its witness cosignatures, ignoring signers it does not know', () => {
    const r = verifyCheckpoint(v.sumdb.note, v.sumdb.vkey);
    expect(r.ok && [r.checkpoint.origin, r.checkpoint.size]).toEqual(['go.sum database tree', 6476701]);
    const cosigned = v.sumdb.note + v.sumdb.extraSigs.map((s) => `${s}\n`).join('');
    expect(parseNote(cosigned).signatures.map((s) => s.name)).toEqual([
      'sum.golang.org',
      'monkeys',
      'bananas',
      'witness',
      'random1',
      'random2',
    ]);
    expect(verifyCheckpoint(cosigned, v.sumdb.vkey).ok).toBe(true);
    for (const w of v.sumdb.witnessVkeys) expect(verifyCheckpoint(cosigned, w).ok, w).toBe(true);
    const log = v.sumdb.note.split('\n\n')[0]!;
    expect(openNote(cosigned, v.sumdb.witnessVkeys.map(parseVerifierKey))).toBe(`${log}\n`);
    expect(verifyCheckpoint(cosigned, v.formats['logVK']!)).toMatchObject({
      ok: false,
      failure: 'unknown-key',
    });
  });

  describe('checkpoint bodies signed by the formats Log key', () => {
    it('has the cases, both verdicts among them', () => {
      expect(v.bodies.length).toBeGreaterThanOrEqual(20);
      expect(new Set(v.bodies.map((b) => b[2]))).toEqual(new Set([true, false]));
    });
    for (const [name, body, valid] of v.bodies)
      it(`${valid ? 'accepts' : 'rejects'} ${name}`, () => {
        // A body without its final newline is no note text: signNote refuses it, and so the checkpoint is invalid.
        const note = body.endsWith('\n') ? signNote(body, v.formats['logSK']!) : `${body}\n— Log AAAA\n`;
        const r = verifyCheckpoint(note, v.formats['logVK']!);
        expect(r.ok).toBe(valid);
        if (r.ok) expect(r.checkpoint.origin).toBe(body.split('\n')[0]);
        else expect(r.failure).toBe('format');
        expect(outcome(() => parseCheckpoint(note))).toBe(valid ? 'ok' : 'format');
      });
    it('reads the size-0 body’s root as the empty tree’s', () => {
      const body = v.bodies.find((b) => b[1].startsWith('Log\n0\n'))![1];
      expect(parseCheckpoint(signNote(body, v.formats['logSK']!)).root.equals(emptyRoot())).toBe(true);
    });
    it('refuses to sign a body without its final newline', () => {
      const bodies = v.bodies.filter((b) => !b[1].endsWith('\n'));
      expect(bodies.length).toBeGreaterThan(0);
      for (const [, body] of bodies)
        expect(outcome(() => signNote(body, v.formats['logSK']!))).toBe('format');
    });
  });
});
