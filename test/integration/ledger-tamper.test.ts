import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signCheckpoint } from '../../src/ledger/checkpoint.js';
import { ORIGIN } from '../unit/ledger/helpers.js';
import { ledgerRepo, runCli, stateYaml, type LedgerRepo } from './ledger-helpers.js';
import type { Finding } from '../../src/ledger/verify.js';

// 12 changes: entries 0..15 (genesis, snapshots at 4, 8, 12), segments 0-9 and 10-15.
let repo: LedgerRepo;
beforeEach(async () => {
  repo = await ledgerRepo(12);
});
afterEach(() => repo.cleanup());

const SEG0 = 'ledger/events/000000000000.jsonl';
const SEG1 = 'ledger/events/000000000010.jsonl';

function editLine(file: string, index: number, edit: (line: string) => string): void {
  const path = join(repo.dir, file);
  const lines = readFileSync(path, 'utf8').split('\n');
  lines[index] = edit(lines[index]!);
  writeFileSync(path, lines.join('\n'));
}

function editLines(file: string, edit: (lines: string[]) => string[]): void {
  const path = join(repo.dir, file);
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.pop();
  writeFileSync(path, `${edit(lines).join('\n')}\n`);
}

async function verify(): Promise<{ code: number; findings: Finding[]; text: string }> {
  const json = await runCli(['verify', '--repo', repo.dir, '--json']);
  const text = await runCli(['verify', '--repo', repo.dir]);
  expect(text.code).toBe(json.code);
  return {
    code: json.code,
    findings: (JSON.parse(json.stdout) as { findings: Finding[] }).findings,
    text: text.stdout,
  };
}

describe('gatehouse verify on an untouched ledger', () => {
  it('exits 0 and reports entries, head, root, checkpoints, snapshots and no drift', async () => {
    const r = await runCli(['verify', '--repo', repo.dir, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      ok: true,
      entries: 16,
      segments: 2,
      checkpoints: 4,
      snapshots: 3,
      drift: [],
      findings: [],
    });
    expect(doc.head).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(Buffer.from(doc.root.base64, 'base64').toString('hex')).toBe(doc.root.hex);
    const text = await runCli(['verify', '--repo', repo.dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('ledger: 16 entries in 2 segments');
    expect(text.stdout).toContain('checkpoints verified: 4');
    expect(text.stdout).toContain('snapshots verified: 3');
    expect(text.stdout).toContain('verify: ok');
  });
});

describe('gatehouse verify finds tampering', () => {
  it('one flipped byte in entry 5: the chain breaks at seq 6, which names entry 5', async () => {
    editLine(SEG0, 5, (l) => l.replace('"actor":"ops-agent"', '"actor":"ops-agenu"'));
    const { code, findings, text } = await verify();
    expect(code).toBe(1);
    expect(findings).toContainEqual(expect.objectContaining({ check: 'prev', seq: 6, file: SEG0, line: 7 }));
    expect(findings.find((f) => f.check === 'prev')!.message).toContain('entry 5');
    expect(text).toMatch(
      /ledger\/events\/000000000000\.jsonl:7: seq 6: prev does not match the hash of entry 5/,
    );
  });

  it('the last entry removed: the checkpoint shows the ledger was truncated at seq 15', async () => {
    editLines(SEG1, (lines) => lines.slice(0, -1));
    const { code, findings } = await verify();
    expect(code).toBe(1);
    expect(findings).toContainEqual(
      expect.objectContaining({
        check: 'checkpoint',
        seq: 15,
        file: 'ledger/checkpoint',
        message: expect.stringMatching(/truncated/),
      }),
    );
  });

  it('two entries swapped: the numbering breaks at seq 6', async () => {
    editLines(SEG0, (l) => [...l.slice(0, 6), l[7]!, l[6]!, ...l.slice(8)]);
    const { code, findings } = await verify();
    expect(code).toBe(1);
    expect(findings).toContainEqual(
      expect.objectContaining({ check: 'seq', seq: 6, message: 'expected seq 6, found 7' }),
    );
  });

  it('an entry inserted: the numbering breaks at seq 3', async () => {
    editLines(SEG0, (l) => [...l.slice(0, 3), l[2]!, ...l.slice(3, 9)]);
    const { code, findings } = await verify();
    expect(code).toBe(1);
    expect(findings).toContainEqual(expect.objectContaining({ check: 'seq', seq: 3, file: SEG0, line: 4 }));
  });

  it('a duplicated key in entry 2 is not canonical', async () => {
    editLine(SEG0, 2, (l) => l.replace('"actor":"ops-agent"', '"actor":"ops-agent","actor":"ops-agent"'));
    const { code, findings } = await verify();
    expect(code).toBe(1);
    expect(findings).toContainEqual(
      expect.objectContaining({ check: 'canonical', seq: 2, file: SEG0, line: 3 }),
    );
  });

  it('added whitespace in entry 3 is not canonical', async () => {
    editLine(SEG0, 3, (l) => l.replace('{"actor"', '{ "actor"'));
    const { code, findings } = await verify();
    expect(code).toBe(1);
    expect(findings).toContainEqual(expect.objectContaining({ check: 'canonical', seq: 3 }));
  });

  it('non-canonical numbers (1.0 and 1e3) are not canonical', async () => {
    editLine(SEG0, 1, (l) => l.replace('"pr":1}', '"pr":1.0}'));
    editLine(SEG1, 1, (l) => l.replace('"v":1}', '"v":1e0}'));
    const { code, findings } = await verify();
    expect(code).toBe(1);
    expect(findings).toContainEqual(expect.objectContaining({ check: 'canonical', seq: 1, file: SEG0 }));
    expect(findings).toContainEqual(
      expect.objectContaining({ check: 'canonical', seq: 11, file: SEG1, line: 2 }),
    );
  });

  it('a forged checkpoint signature', async () => {
    const path = join(repo.dir, 'ledger/checkpoint');
    const note = readFileSync(path, 'utf8');
    const sig = /— \S+ (\S+)\n$/.exec(note)![1]!;
    const bytes = Buffer.from(sig, 'base64');
    bytes[10]! ^= 0x01;
    writeFileSync(path, note.replace(sig, bytes.toString('base64')));
    const { code, findings } = await verify();
    expect(code).toBe(1);
    expect(findings).toContainEqual(
      expect.objectContaining({
        check: 'checkpoint',
        file: 'ledger/checkpoint',
        message: expect.stringMatching(/signature does not verify/),
      }),
    );
  });

  it('a validly signed checkpoint with another root at the same size', async () => {
    const forged = signCheckpoint({ origin: ORIGIN, size: 16, root: Buffer.alloc(32, 7) }, repo.signerKey);
    writeFileSync(join(repo.dir, 'ledger/checkpoints/16.note'), forged);
    const { code, findings } = await verify();
    expect(code).toBe(1);
    expect(findings).toEqual([
      expect.objectContaining({
        check: 'checkpoint',
        file: 'ledger/checkpoints/16.note',
        message: expect.stringMatching(/root at size 16/),
      }),
    ]);
  });

  it('a snapshot file whose state differs from the replayed state', async () => {
    const path = join(repo.dir, 'ledger/snapshots/8.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"capacity":506', '"capacity":999'));
    const { code, findings } = await verify();
    expect(code).toBe(1);
    expect(findings).toEqual([
      expect.objectContaining({ check: 'snapshot', seq: 8, file: 'ledger/snapshots/8.json' }),
    ]);
  });

  it('a state/ file edited with no ledger entry is drift, reported at the resource', async () => {
    writeFileSync(join(repo.dir, 'state/park.yaml'), stateYaml(512, 650));
    const { code, findings, text } = await verify();
    expect(code).toBe(1);
    expect(findings).toEqual([
      expect.objectContaining({
        check: 'drift',
        file: 'state/park.yaml',
        line: 6,
        message: expect.stringContaining('park-ticketing/gate-b'),
      }),
    ]);
    expect(text).toContain('drift: park-ticketing/gate-b');
  });
});

describe('gatehouse verify on bad input', () => {
  it('a malformed checkpoint key exits 2 with file:line and writes nothing', async () => {
    writeFileSync(join(repo.dir, 'policies/keys/checkpoint.pub'), 'not a key\n');
    const before = listing(repo.dir);
    const r = await runCli(['verify', '--repo', repo.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('policies/keys/checkpoint.pub:1: malformed verifier key');
    expect(listing(repo.dir)).toEqual(before);
  });
});

function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(`${p}:${statSync(p).mtimeMs}:${statSync(p).size}`);
    }
  };
  walk(dir);
  return out.sort();
}
