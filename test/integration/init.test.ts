import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((t) => (out.push(String(t)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((t) => (err.push(String(t)), true));
});
afterEach(() => vi.restoreAllMocks());

const fresh = (): string => mkdtempSync(join(tmpdir(), 'gatehouse-init-'));

describe('init', () => {
  it('scaffolds the worked example whose ledger verifies and whose files validate', async () => {
    const dir = fresh();
    expect(await main(['init', dir, '--example', 'park', '--now', '2026-01-18T09:00:00Z'])).toBe(0);
    expect(await main(['validate', '--repo', dir])).toBe(0);
    expect(await main(['verify', '--repo', dir, '--json'])).toBe(0);
    const report = JSON.parse(out[out.length - 1] ?? '{}');
    expect(report.entries).toBe(1);
    const genesis = JSON.parse(readFileSync(join(dir, 'ledger/events/000000000000.jsonl'), 'utf8'));
    expect(genesis.type).toBe('genesis');
    expect(Object.keys(genesis.body.state.resources)).toHaveLength(180);
  });

  it('writes byte-identical example ledgers for the same clock', async () => {
    const a = fresh();
    const b = fresh();
    await main(['init', a, '--example', 'park', '--now', '2026-01-18T09:00:00Z']);
    await main(['init', b, '--example', 'park', '--now', '2026-01-18T09:00:00Z']);
    for (const f of ['ledger/events/000000000000.jsonl', 'ledger/checkpoint', 'policies/keys/checkpoint.pub'])
      expect(readFileSync(join(a, f), 'utf8')).toBe(readFileSync(join(b, f), 'utf8'));
  });

  it('scaffolds a starter repository with a workflow, an admin key and secrets kept private', async () => {
    const dir = fresh();
    expect(await main(['init', dir, '--admin', 'alice', '--origin', 'example.com/ops'])).toBe(0);
    expect(await main(['validate', '--repo', dir])).toBe(0);
    expect(await main(['verify', '--repo', dir])).toBe(0);
    expect(readFileSync(join(dir, '.github/workflows/gatehouse.yml'), 'utf8')).toContain('command: record');
    expect(readFileSync(join(dir, 'ledger/checkpoint'), 'utf8').split('\n')[0]).toBe('example.com/ops');
    expect(statSync(join(dir, '.gatehouse/checkpoint.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('.gatehouse/');
    expect(out.join('')).not.toContain(readFileSync(join(dir, '.gatehouse/checkpoint.key'), 'utf8').trim());
  });

  it('refuses a directory that is not empty and writes nothing', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect(await main(['init', dir, '--example', 'park'])).toBe(2);
    expect(err.join('')).toMatch(/is not empty/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('rejects an unknown example with a usage error', async () => {
    const dir = fresh();
    expect(await main(['init', dir, '--example', 'zoo'])).toBe(2);
    expect(err.join('')).toMatch(/unknown example "zoo"/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
