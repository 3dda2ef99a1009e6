import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jcs } from '../../../src/core/jcs.js';
import { main } from '../../../src/cli/main.js';
import type { LedgerEntry } from '../../../src/core/ledger-entry.js';
import { INCIDENT, parkLines, writeParkRepo } from '../../browser/park-ledger.js';

let dir: string;
let out: string[];
let err: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gh-report-cmd-'));
  writeParkRepo(join(dir, 'repo'));
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const repo = () => join(dir, 'repo');
const run = (...extra: string[]) =>
  main(['report', '--repo', repo(), '--now', '2026-01-20T00:00:00Z', ...extra]);
const SEGMENT = 'ledger/events/000000000000.jsonl';

function setLine(n: number, text: string): void {
  const lines = readFileSync(join(repo(), SEGMENT), 'utf8').split('\n');
  lines[n - 1] = text;
  writeFileSync(join(repo(), SEGMENT), lines.join('\n'));
}

/** Nothing under `dir` but the repository: no report, no staging directory. */
function nothingWritten(): void {
  expect(readdirSync(dir)).toEqual(['repo']);
}

describe('gatehouse report', () => {
  it('writes the whole site into --out and prints a JSON summary', async () => {
    const target = join(dir, 'site');
    expect(await run('--out', target, '--json')).toBe(0);
    const summary = JSON.parse(out.join('')) as { entries: number; chain: { ok: boolean }; chunks: number };
    expect(summary).toMatchObject({ entries: 16, chunks: 1, chain: { ok: true } });
    for (const f of [
      'index.html',
      'assets/app.js',
      'assets/style.css',
      'data/index.js',
      'data/entries-000000.js',
      'data/state-000000000000.js',
      '.gatehouse-report',
    ])
      expect(existsSync(join(target, f)), f).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['repo', 'site']);
  });

  it('writes byte-identical sites for the same repository and --now', async () => {
    expect(await run('--out', join(dir, 'a'))).toBe(0);
    expect(await run('--out', join(dir, 'b'))).toBe(0);
    const files = (root: string): string[] =>
      readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => join(d.parentPath, d.name).slice(root.length))
        .sort();
    expect(files(join(dir, 'b'))).toEqual(files(join(dir, 'a')));
    for (const f of files(join(dir, 'a')))
      expect(readFileSync(join(dir, 'b', f)).equals(readFileSync(join(dir, 'a', f))), f).toBe(true);
  });

  it('replaces an earlier report, leaving none of its files behind', async () => {
    const target = join(dir, 'site');
    expect(await run('--out', target, '--chunk-size', '4')).toBe(0);
    expect(existsSync(join(target, 'data/entries-000003.js'))).toBe(true);
    expect(await run('--out', target)).toBe(0);
    expect(existsSync(join(target, 'data/entries-000003.js'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['repo', 'site']);
  });

  it('exits 1 and still writes the report when the chain has a finding', async () => {
    const lines = parkLines().lines;
    const e = JSON.parse(lines[5]!) as LedgerEntry;
    e.prev = `sha256:${'0'.repeat(64)}`;
    setLine(6, jcs(e));
    const target = join(dir, 'site');
    expect(await run('--out', target)).toBe(1);
    expect(out.join('')).toContain(`${SEGMENT}:6: seq 5: prev:`);
    expect(readFileSync(join(target, 'index.html'), 'utf8')).toContain('FAILED');
  });

  it('refuses a ledger line that is not JSON: exit 2, file:line:col, nothing written', async () => {
    setLine(3, '{"actor":"ops-agent",');
    expect(await run('--out', join(dir, 'site'))).toBe(2);
    expect(err.join('')).toMatch(new RegExp(`${SEGMENT}:3:\\d+: not a JSON ledger entry`));
    nothingWritten();
  });

  it('refuses a ledger entry without a body: exit 2, file:line, nothing written (parent folders too)', async () => {
    const e = JSON.parse(parkLines().lines[4]!) as Record<string, unknown>;
    delete e.body;
    setLine(5, jcs(e));
    expect(await run('--out', join(dir, 'new', 'deep', 'site'))).toBe(2);
    expect(err.join('')).toContain(`${SEGMENT}:5:1: ledger entry: body must be an object`);
    nothingWritten();
  });

  it('refuses an incident record with a bad severity: exit 2, file:line, nothing written', async () => {
    const file = join(repo(), 'incidents', `${INCIDENT}.md`);
    writeFileSync(file, readFileSync(file, 'utf8').replace('severity: high', 'severity: urgent'));
    expect(await run('--out', join(dir, 'site'))).toBe(2);
    expect(err.join('')).toMatch(new RegExp(`incidents/${INCIDENT}\\.md:4:\\d+`));
    nothingWritten();
  });

  it('refuses an override that is not valid YAML: exit 2, file:line, nothing written', async () => {
    writeFileSync(join(repo(), 'overrides/OVR-0001/override.yaml'), 'id: OVR-0001\nchecks: [blast-radius\n');
    expect(await run('--out', join(dir, 'site'))).toBe(2);
    expect(err.join('')).toMatch(/overrides\/OVR-0001\/override\.yaml:\d+:\d+/);
    nothingWritten();
  });

  it('refuses an override signature missing its role: exit 2, file:line, nothing written', async () => {
    const file = join(repo(), 'overrides/OVR-0001/signatures/erin.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('role: ethics\n', ''));
    expect(await run('--out', join(dir, 'site'))).toBe(2);
    expect(err.join('')).toMatch(/overrides\/OVR-0001\/signatures\/erin\.yaml:1:1/);
    nothingWritten();
  });

  it('refuses to overwrite a non-empty directory that holds no report', async () => {
    const target = join(dir, 'docs');
    mkdirSync(target);
    writeFileSync(join(target, 'notes.txt'), 'mine');
    expect(await run('--out', target)).toBe(2);
    expect(err.join('')).toMatch(/not empty and holds no earlier report/);
    expect(readdirSync(target)).toEqual(['notes.txt']);
    expect(readdirSync(dir).sort()).toEqual(['docs', 'repo']);
  });

  it('requires --out', async () => {
    expect(await run()).toBe(2);
    expect(err.join('')).toMatch(/--out is required/);
    nothingWritten();
  });
});

describe('gatehouse report: provenance and the MTTR target', () => {
  it('shows the HEAD commit it was built from and the tool version', async () => {
    const { execFileSync } = await import('node:child_process');
    const git = (...a: string[]) =>
      execFileSync('git', ['-C', repo(), '-c', 'user.name=t', '-c', 'user.email=t@example.org', ...a], {
        encoding: 'utf8',
      }).trim();
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'park');
    const head = git('rev-parse', 'HEAD');
    expect(await run('--out', join(dir, 'site'))).toBe(0);
    const page = readFileSync(join(dir, 'site', 'index.html'), 'utf8');
    expect(page).toContain(`<code id="prov-commit">${head}</code>`);
    expect(page).not.toContain('working tree differs');
    const { version } = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8'),
    ) as {
      version: string;
    };
    expect(page).toContain(`<code id="prov-version">${version}</code>`);
    expect(page).toContain('no checkpoint verified'); // the fixture has no checkpoint key: none is claimed
  });

  it('refuses a malformed mttr_target: exit 2, policies/incident.yaml:line, nothing written', async () => {
    writeFileSync(join(repo(), 'policies/incident.yaml'), 'mttr_target: two minutes\n');
    expect(await run('--out', join(dir, 'site'))).toBe(2);
    expect(err.join('')).toMatch(/policies\/incident\.yaml:1:\d+: .*mttr_target/);
    nothingWritten();
  });
});
