/**
 * `report` as shipped verifies on a second thread (dist/verify-worker.js, src/assembly/verifier-thread.ts) while
 * it writes the site. Judged against the same use case run from the sources on one thread (no worker file
 * there): the same site byte for byte, the same chain findings, bad input from either thread with exit 2 and
 * nothing written, and no process left waiting on the worker when the report fails half way.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/app/build-report.js';
import { reportPorts } from '../../src/assembly/report-ports.js';
import {
  MIN_BYTES_ENV,
  SECOND_THREAD_MIN_BYTES,
  VerifierThread,
  secondThreadMinBytes,
  startVerifierThread,
} from '../../src/assembly/verifier-thread.js';
import { FsWorkTree } from '../../src/assembly/fs-work-files.js';
import { loadLayout } from '../../src/repo/layout.js';
import { generateLedger } from '../browser/generate-ledger.js';
import { siteFiles } from '../support/site-files.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST_CLI = join(ROOT, 'dist/cli.js');
const WORKER = join(ROOT, 'dist/verify-worker.js');
const NOW = '2026-01-20T00:00:00Z';

let dir: string;
let repo: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gh-report-thread-'));
  repo = join(dir, 'repo');
  generateLedger(repo, 45, { segment: 10 });
  writeFileSync(join(repo, 'gatehouse.yaml'), 'ledger:\n  origin: test.example/ledger\n  segment_size: 10\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The shipped CLI, with the second thread for any ledger size (these ledgers are far below the default). */
function shipped(out: string, minBytes = '0'): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    [DIST_CLI, 'report', '--repo', repo, '--out', out, '--chunk-size', '4', '--json', '--now', NOW],
    { encoding: 'utf8', timeout: 60_000, env: { ...process.env, [MIN_BYTES_ENV]: minBytes } },
  );
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The same report from the sources, verified on this thread (the sources carry no worker file). */
async function fromSources(out: string) {
  const ports = reportPorts(repo);
  expect(await ports.verifyAside(await loadLayout(ports.workTree))).toBeUndefined();
  return buildReport({ out, now: new Date(NOW), repoLabel: 'repo', chunkSize: 4 }, ports);
}

function segment(n: number): string {
  return join(repo, 'ledger', 'events', `${String(n * 10).padStart(12, '0')}.jsonl`);
}

function editLine(file: string, line: number, edit: (text: string) => string): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[line - 1] = edit(lines[line - 1]!);
  writeFileSync(file, lines.join('\n'));
}

describe('report with its verifier on a second thread', () => {
  it('writes the site the one-thread report writes, byte for byte', async () => {
    const run = shipped(join(dir, 'threaded'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ entries: 45, chain: { ok: true, findings: 0 } });
    const r = await fromSources(join(dir, 'single'));
    expect(r.chain.ok).toBe(true);
    const a = siteFiles(join(dir, 'threaded'));
    const b = siteFiles(join(dir, 'single'));
    expect(Object.keys(a).length).toBeGreaterThan(15);
    expect(a).toEqual(b);
  });

  it('reports the chain findings the one-thread report finds (exit 1, site written)', async () => {
    // a changed value in segment 2 breaks the chain at the next line
    editLine(segment(2), 3, (l) => l.replace('"ts":"2024-01-01T00:2', '"ts":"2024-01-01T00:9'));
    const run = shipped(join(dir, 'threaded'));
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout) as { chain: { ok: boolean; findings: number } };
    const r = await fromSources(join(dir, 'single'));
    expect(r.chain.ok).toBe(false);
    expect(summary.chain).toMatchObject({ ok: false, findings: r.chain.findings.length });
    expect(siteFiles(join(dir, 'threaded'))).toEqual(siteFiles(join(dir, 'single')));
  });

  it('refuses bad state found by the verification thread: exit 2, file:line, nothing written', () => {
    writeFileSync(join(repo, 'state', 'broken.yaml'), 'id: broken\nspec: [unclosed\n');
    const run = shipped(join(dir, 'site'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/state\/broken\.yaml:\d+/);
    expect(readdirSync(dir)).toEqual(['repo']);
  });

  it('stops the verifier when the report meets a bad line half way: exit 2, file:line:col, nothing written', () => {
    editLine(segment(3), 4, () => '{"actor":"ops-agent",');
    const run = shipped(join(dir, 'site'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/ledger\/events\/000000000030\.jsonl:4:\d+: not a JSON ledger entry/);
    expect(readdirSync(dir)).toEqual(['repo']);
  });

  it('reads a committed pending segment from its .pending file, as the one-thread report does', async () => {
    // the last segment of an append that crashed after its commit point (DESIGN §4): it is part of the ledger
    const last = segment(4);
    writeFileSync(`${last}.pending`, readFileSync(last));
    rmSync(last);
    const run = shipped(join(dir, 'threaded'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ entries: 45, chain: { ok: true } });
    await fromSources(join(dir, 'single'));
    expect(siteFiles(join(dir, 'threaded'))).toEqual(siteFiles(join(dir, 'single')));
  });

  it('starts the thread only for a ledger of at least the threshold, which the environment can set', async () => {
    const layout = await loadLayout(new FsWorkTree(repo));
    expect(await startVerifierThread(repo, layout, { workerFile: WORKER })).toBeUndefined();
    expect(
      await startVerifierThread(repo, layout, { workerFile: WORKER, minBytes: 1 << 30 }),
    ).toBeUndefined();
    const thread = await startVerifierThread(repo, layout, { workerFile: WORKER, minBytes: 0 });
    expect(thread?.segments).toHaveLength(5);
    await thread!.stop();
    expect(secondThreadMinBytes({ [MIN_BYTES_ENV]: '123' })).toBe(123);
    expect(secondThreadMinBytes({})).toBe(SECOND_THREAD_MIN_BYTES);
  });

  it('refuses a threshold that is not a number of bytes: exit 2, the variable named, nothing written', () => {
    const run = shipped(join(dir, 'site'), '64MB');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${MIN_BYTES_ENV}=64MB: expected a whole number of bytes`);
    expect(readdirSync(dir)).toEqual(['repo']);
  });

  it('fails, never ends silently, when the worker stops before it is ready', async () => {
    const broken = join(dir, 'broken-worker.js');
    writeFileSync(broken, '');
    await expect(VerifierThread.start(repo, broken)).rejects.toThrow(/exited \(0\) before it was ready/);
  });

  it('hands every segment over and writes the chunk files the one-thread report writes', async () => {
    const staging = join(dir, 'staging');
    mkdirSync(join(staging, 'data'), { recursive: true });
    const thread = await VerifierThread.start(repo, WORKER);
    expect(thread.segments).toHaveLength(5);
    thread.writeChunks(staging, 4);
    for (const file of thread.segments) {
      const bytes = await thread.next();
      expect(Buffer.from(bytes).equals(readFileSync(join(repo, file)))).toBe(true);
    }
    await expect(thread.next()).rejects.toThrow(/no segment left/);
    const { verified, chunkFiles } = await thread.finish();
    expect(verified).toMatchObject({ ok: true, size: 45 });
    // 45 lines in chunks of 4, counted across the segments of 10
    expect(chunkFiles.files).toBe(12);
    await fromSources(join(dir, 'single'));
    const single = siteFiles(join(dir, 'single'));
    const written = siteFiles(staging);
    expect(Object.keys(written)).toHaveLength(12);
    let bytes = 0;
    for (const [f, text] of Object.entries(written)) {
      expect(text, f).toBe(single[f]);
      bytes += text.length;
    }
    expect(chunkFiles.bytes).toBe(bytes);
  });

  it('writes the chunk files of a segment that is not UTF-8 as the one-thread report does', async () => {
    // a lone 0xFF inside a string value: verify flags the line, the report shows it with U+FFFD
    const file = segment(1);
    const b = readFileSync(file);
    const at = b.indexOf('"actor":"') + 9;
    b[at] = 0xff;
    writeFileSync(file, b);
    const run = shipped(join(dir, 'threaded'));
    expect(run.code).toBe(1);
    await fromSources(join(dir, 'single'));
    expect(siteFiles(join(dir, 'threaded'))).toEqual(siteFiles(join(dir, 'single')));
  });
});
