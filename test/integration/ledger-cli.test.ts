import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { jcs } from '../../src/core/jcs.js';
import { join } from 'node:path';
import { ledgerRepo, runCli, type LedgerRepo } from './ledger-helpers.js';

// genesis + 12 changes: seq 0..15 with snapshots at 4, 8 and 12.
let repo: LedgerRepo;
beforeAll(async () => {
  repo = await ledgerRepo(12);
});
afterAll(() => repo.cleanup());

describe('gatehouse log', () => {
  it('prints one line per entry: seq, ts, type, actor, level, subject', async () => {
    const r = await runCli(['log', '--repo', repo.dir]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(17);
    expect(lines[1]).toMatch(
      /^ 1 {2}2026-01-18T14:01:00Z {2}change\.applied {2}ops-agent {2}L2 {2}change=CHG-0001 pr=1$/,
    );
    expect(lines[4]).toMatch(/^ 4 {2}\S+ {2}snapshot\s+gatehouse\s+-$/);
    expect(lines[16]).toBe('16 of 16 entries');
  });

  it('filters by type and actor, and prints JSON with --json', async () => {
    const r = await runCli(['log', '--repo', repo.dir, '--type', 'snapshot', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).entries.map((e: { seq: number }) => e.seq)).toEqual([4, 8, 12]);
    const a = await runCli(['log', '--repo', repo.dir, '--actor', 'alice']);
    expect(a.stdout).toContain('1 of 16 entries');
  });

  it('rejects an unknown type with exit 2 and names the valid ones', async () => {
    const r = await runCli(['log', '--repo', repo.dir, '--type', 'change.merged']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--type must be one of genesis, snapshot, change.applied');
  });
});

describe('gatehouse replay', () => {
  const capacityOf = (stdout: string): number =>
    JSON.parse(stdout).resources['park-ticketing/gate-a'].spec.capacity;

  it('prints the canonical state at the head, after entry --at SEQ, and as of --until TIME', async () => {
    const head = await runCli(['replay', '--repo', repo.dir]);
    expect(head.code).toBe(0);
    expect(capacityOf(head.stdout)).toBe(512);
    expect(head.stdout.trimEnd()).toBe(jcs(JSON.parse(head.stdout)));
    // seq 10 is the eighth change (snapshots at 4 and 8 in between).
    expect(capacityOf((await runCli(['replay', '--repo', repo.dir, '--at', '10'])).stdout)).toBe(508);
    expect(capacityOf((await runCli(['replay', '--repo', repo.dir, '--at', '0'])).stdout)).toBe(500);
    expect(
      capacityOf((await runCli(['replay', '--repo', repo.dir, '--until', '2026-01-18T14:03:30Z'])).stdout),
    ).toBe(503);
  });

  it('starts from the nearest snapshot: a snapshot file is what replay reads', async () => {
    // A snapshot file that no longer matches its entry is ignored, so the answer stays right.
    const path = join(repo.dir, 'ledger/snapshots/8.json');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.replace('"capacity":506', '"capacity":999'));
    try {
      expect(capacityOf((await runCli(['replay', '--repo', repo.dir, '--at', '10'])).stdout)).toBe(508);
    } finally {
      writeFileSync(path, original);
    }
  });

  it('refuses --at past the end and --at with --until, with exit 2', async () => {
    const past = await runCli(['replay', '--repo', repo.dir, '--at', '99']);
    expect(past.code).toBe(2);
    expect(past.stderr).toContain('--at 99 is past the end of the ledger (last seq 15)');
    const both = await runCli(['replay', '--repo', repo.dir, '--at', '1', '--until', '2026-01-18T14:00:00Z']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --at or --until, not both');
  });
});
