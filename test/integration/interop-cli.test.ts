/**
 * Interop rules through the CLI: `verify --since` from an empty-tree checkpoint (a consistency proof from size 0
 * proves nothing, so the root itself must be MTH({})), and signed notes that hold U+FFFD (valid UTF-8, C2SP
 * signed-note) next to notes whose bytes are not UTF-8 at all.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signCheckpoint } from '../../src/ledger/checkpoint.js';
import { emptyRoot } from '../../src/ledger/merkle.js';
import { openNote, parseVerifierKey, signNote } from '../../src/ledger/note.js';
import { ORIGIN } from '../unit/ledger/helpers.js';
import { ledgerRepo, runCli, type LedgerRepo } from './ledger-helpers.js';

let repo: LedgerRepo;
let outside: string;
beforeEach(async () => {
  repo = await ledgerRepo(3);
  outside = mkdtempSync(join(tmpdir(), 'gh-interop-'));
});
afterEach(() => {
  repo.cleanup();
  rmSync(outside, { recursive: true, force: true });
});

const tree = (): string =>
  ['ledger/checkpoint', 'ledger/events/000000000000.jsonl']
    .map((f) => readFileSync(join(repo.dir, f), 'utf8'))
    .join('\n');

describe('verify --since from an empty-tree checkpoint', () => {
  it('is consistent when the size-0 checkpoint carries the empty-tree root', async () => {
    const note = join(outside, 'empty.note');
    writeFileSync(note, signCheckpoint({ origin: ORIGIN, size: 0, root: emptyRoot() }, repo.signerKey));
    const r = await runCli(['verify', '--repo', repo.dir, '--since', note, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).since).toMatchObject({ size: 0, signed: true, consistent: true, checked: 4 });
  });

  it('is not consistent when a signed size-0 checkpoint carries any other root', async () => {
    const note = join(outside, 'forged-empty.note');
    const root = Buffer.alloc(32, 7);
    writeFileSync(note, signCheckpoint({ origin: ORIGIN, size: 0, root }, repo.signerKey));
    const r = await runCli(['verify', '--repo', repo.dir, '--since', note, '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.since).toMatchObject({ size: 0, signed: true, consistent: false });
    expect(doc.findings).toContainEqual(
      expect.objectContaining({
        check: 'consistency',
        file: note,
        message: expect.stringContaining(`the empty-tree root is ${emptyRoot().toString('base64')}`),
      }),
    );
  });
});

describe('signed notes and U+FFFD', () => {
  const latest = (): string => join(repo.dir, 'ledger/checkpoint');
  /** The latest checkpoint re-signed with an extension line (tlog-checkpoint allows them). */
  const withExtension = (line: string): string => {
    const text = readFileSync(latest(), 'utf8');
    const body = text.slice(0, text.indexOf('\n\n') + 1);
    return signNote(`${body}${line}\n`, repo.signerKey);
  };

  it('verifies a checkpoint whose text holds U+FFFD, which is valid UTF-8', async () => {
    writeFileSync(latest(), withExtension('replacement char \uFFFD is valid UTF-8'));
    const r = await runCli(['verify', '--repo', repo.dir, '--json']);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('reports a checkpoint whose bytes are not UTF-8 as a finding naming the byte', async () => {
    const signed = Buffer.from(withExtension('x'), 'utf8');
    const at = signed.indexOf('\nx\n') + 1;
    signed[at] = 0xff;
    writeFileSync(latest(), signed);
    const before = tree();
    const r = await runCli(['verify', '--repo', repo.dir, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings).toContainEqual(
      expect.objectContaining({
        check: 'checkpoint',
        file: 'ledger/checkpoint',
        message: `malformed checkpoint: note is not valid UTF-8 (byte 0xff at offset ${at})`,
      }),
    );
    expect(tree()).toBe(before);
  });

  it('exits 2 with file:line:col for a --since note whose bytes are not UTF-8, and verifies nothing', async () => {
    const note = join(outside, 'bad-bytes.note');
    const bytes = Buffer.from(readFileSync(join(repo.dir, 'ledger/checkpoints/4.note')));
    bytes[1] = 0xc3; // a lead byte followed by ASCII: not UTF-8
    writeFileSync(note, bytes);
    const r = await runCli(['verify', '--repo', repo.dir, '--since', note]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${note}:1:2: invalid UTF-8 (byte 0xc3 at offset 1)`);
    expect(r.stdout).toBe('');
  });
});

const VECTORS = fileURLToPath(
  new URL('../../../shared/interop-vectors/part-a/note/vectors.json', import.meta.url),
);

describe.skipIf(!existsSync(VECTORS))('C2SP signed-note vectors', () => {
  it('opens the note with U+FFFD in its text that the published PeterNeumann key signed', () => {
    const v = JSON.parse(readFileSync(VECTORS, 'utf8')) as {
      peter: {
        vkey: string;
        fffdText: string;
        fffdSig: string;
        blankLinesText: string;
        blankLinesSig: string;
      };
    };
    const { peter } = v;
    expect(peter.fffdText).toContain('\uFFFD');
    expect(openNote(`${peter.fffdText}\n${peter.fffdSig}`, [parseVerifierKey(peter.vkey)])).toBe(
      peter.fffdText,
    );
    expect(openNote(`${peter.blankLinesText}\n${peter.blankLinesSig}`, [parseVerifierKey(peter.vkey)])).toBe(
      peter.blankLinesText,
    );
  });
});
