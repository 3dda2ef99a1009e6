/**
 * The report at scale: a generated 1,000,000-entry ledger (GATEHOUSE_LARGE_ENTRIES to change it),
 * reported through the CLI, opened from file://. Timings are printed, never asserted (the acceptance
 * target for the first page is < 2 s; bench/report.bench.ts measures generation).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { HAS_CHROMIUM, launch, watch } from './chromium.js';
import { generateLedger } from './generate-ledger.js';

const N = Number(process.env.GATEHOUSE_LARGE_ENTRIES ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'gh-report-large-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!HAS_CHROMIUM)(`audit report of a ${N.toLocaleString('en-US')}-entry ledger`, () => {
  it(
    'renders the first page from the first data file and stays responsive',
    { timeout: 900_000 },
    async () => {
      const repo = join(dir, 'repo');
      let t = performance.now();
      generateLedger(repo, N);
      const generated = performance.now() - t;

      const out: string[] = [];
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
      t = performance.now();
      const code = await main(['report', '--repo', repo, '--out', join(dir, 'site'), '--json']);
      const reported = performance.now() - t;
      spy.mockRestore();
      expect(code).toBe(0);
      const summary = JSON.parse(out.join('')) as { entries: number; chunks: number; bytes: number };
      expect(summary.entries).toBe(N);

      const browser = await launch();
      try {
        const page = await browser.context.newPage();
        const seen = watch(page);
        t = performance.now();
        await page.goto(pathToFileURL(join(dir, 'site', 'index.html')).href);
        await page.waitForSelector('body[data-ready="1"]');
        const firstPage = performance.now() - t;
        // from navigation start to the first page rendered, as the page measured it
        const inPage = Number(await page.getAttribute('body', 'data-first-page-ms'));
        const seqs = await page.$$eval('#tl-list details.entry', (els) =>
          els.map((e) => Number(e.getAttribute('data-seq'))),
        );
        expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i));
        expect(await page.textContent('#tl-status')).toContain(`of ${N} matching`);
        const data = seen.requests.filter((u) => u.includes('/data/entries-'));
        expect(data).toHaveLength(1);

        // the last entry: one data file, replay from the nearest embedded state
        t = performance.now();
        await page.fill('#tt-seq', String(N - 1));
        await page.click('#tt-go');
        await page.waitForSelector(`#tt-out[data-seq="${N - 1}"]`, { timeout: 120_000 });
        const travel = performance.now() - t;
        expect(seen.errors).toEqual([]);
        console.log(
          `report at ${N} entries: ledger generated in ${(generated / 1000).toFixed(1)} s; report written in ${(reported / 1000).toFixed(1)} s ` +
            `(${summary.chunks} data files, ${(summary.bytes / 1e6).toFixed(0)} MB); first page in ${inPage} ms (navigation start to rendered; ${firstPage.toFixed(0)} ms as seen by the test); ` +
            `state at seq ${N - 1} in ${travel.toFixed(0)} ms`,
        );
      } finally {
        await browser.close();
      }
    },
  );
});
