import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FsTree } from '../../src/repo/fs-tree.js';
import { buildReport } from '../../src/report/build.js';
import { ReportWriter } from '../../src/report/write.js';
import { replay } from '../../src/state/replay.js';
import { HAS_CHROMIUM, launch, watch, type Browser } from './chromium.js';
import { parkLines, writeParkRepo } from './park-ledger.js';

let dir: string;
let url: string;
let browser: Browser;
let page: Page;
let seen: ReturnType<typeof watch>;
/** Clears the page's ready flag, so the next wait sees the next render (a string: tsconfig has no DOM lib). */
const UNREADY = 'delete document.body.dataset.ready';

describe.skipIf(!HAS_CHROMIUM)('audit report in Chromium (file://)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gh-report-browser-'));
    writeParkRepo(join(dir, 'repo'));
    // four entries per data file and a state file every eight: time travel crosses files and snapshots
    const writer = ReportWriter.open(join(dir, 'site'));
    await buildReport(new FsTree(join(dir, 'repo')), writer, {
      now: new Date('2026-01-20T00:00:00Z'),
      repoLabel: 'park',
      chunkSize: 4,
      stateEvery: 8,
    });
    writer.commit('{}\n');
    url = pathToFileURL(join(dir, 'site', 'index.html')).href;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(hash = ''): Promise<void> {
    page = await browser.context.newPage();
    seen = watch(page);
    await page.goto(url + hash);
    await page.waitForSelector('body[data-ready="1"]');
  }
  afterEach(async () => {
    expect(seen.errors).toEqual([]);
    await page.close();
  });

  const shown = () =>
    page.$$eval('#tl-list details.entry', (els) => els.map((e) => Number(e.getAttribute('data-seq'))));
  async function filter(values: Record<string, string>): Promise<number[]> {
    await page.evaluate(UNREADY);
    await page.click('#f-reset');
    await page.waitForSelector('body[data-ready="1"]');
    for (const [id, v] of Object.entries(values)) {
      if (id === 'from' || id === 'to') await page.fill(`#f-${id}`, v);
      else await page.selectOption(`#f-${id}`, v);
    }
    await page.evaluate(UNREADY);
    await page.click('#f-apply');
    await page.waitForSelector('body[data-ready="1"]');
    return shown();
  }

  it('loads with zero console errors and renders the first page from the first data file only', async () => {
    await open();
    expect(await shown()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(await page.textContent('#chain-status')).toBe('verified');
    const data = seen.requests
      .filter((u) => u.includes('/data/'))
      .map((u) => u.slice(u.lastIndexOf('/') + 1));
    expect(data.slice(0, 2)).toEqual(['index.js', 'entries-000000.js']);
    expect(data.filter((d) => d.startsWith('state-'))).toEqual([]);
  });

  it('filters the timeline by type, actor, level, service and time range', async () => {
    await open();
    expect(await filter({ type: 'change.applied' })).toEqual([1, 2, 4, 13, 15]);
    expect(seen.requests.some((u) => /\/data\/type-\d{3}\.js$/.test(u))).toBe(true); // a rare type's own file
    expect(await filter({ actor: 'carol' })).toEqual([3, 6, 7, 8, 10, 11, 14]);
    expect(await filter({ level: '2' })).toEqual([2, 13]);
    expect(await filter({ service: 'parade-schedule' })).toEqual([0, 13, 15]);
    expect(await filter({ from: '2026-01-18T10:40:00', to: '2026-01-18T10:45:00' })).toEqual([5, 6, 7, 8, 9]);
    expect(await filter({ type: 'change.applied', level: '1', order: 'desc' })).toEqual([15, 1]);
    expect(await page.textContent('#tl-status')).toMatch(/^Showing 2 entries/);
  });

  it('opens an entry with its approvals, their signature status and its diff', async () => {
    await open();
    await page.click('details.entry[data-seq="2"] summary');
    await page.waitForSelector('details.entry[data-seq="2"] table.ops tbody tr'); // filled on the toggle event
    const approvals = await page.$$eval('details.entry[data-seq="2"] table.approvals tbody tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(approvals).toHaveLength(2);
    expect(approvals[0]!.slice(0, 4)).toEqual([
      'alice',
      'operator',
      'approve',
      'counted signed · key SHA256:Vg0cT0P6cq1r5lRr1Hc9oR3m0w6fTq1tC1bI1o8wq3M',
    ]);
    expect(approvals[1]!.slice(0, 4)).toEqual(['bob', 'sre', 'approve', 'counted GitHub review 9001']);
    const ops = await page.$$eval('details.entry[data-seq="2"] table.ops tbody tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(ops).toEqual([
      ['update', 'park-ticketing/gate-a', '/spec/capacity', '500', '1000'],
      ['update', 'park-ticketing/gate-b', '/spec/capacity', '500', '1000'],
    ]);
  });

  it('shows a change allowed under an override with the override, never as a plain pass', async () => {
    await open('#entry-13');
    await page.waitForSelector('details.entry[data-seq="13"][open] table.approvals');
    expect(await page.textContent('details.entry[data-seq="13"] summary .badge.override')).toBe(
      'under override OVR-0001',
    );
    expect(await page.$$('details.entry[data-seq="2"] summary .badge.override')).toHaveLength(0);
    const decision = await page.$$eval('details.entry[data-seq="13"] .detail table.kv tr', (rows) =>
      rows.map((r) => [r.querySelector('th')?.textContent, r.querySelector('td')?.textContent]),
    );
    expect(decision).toContainEqual(['status', 'pass (under override)']);
    expect(decision).toContainEqual(['allowed under override', 'OVR-0001']);
    const listed = await page.$$eval('table.under-override tbody tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(listed).toEqual([
      [
        '#13',
        '2026-01-18T11:05:00Z',
        'CHG-0007',
        '2',
        'pass under override',
        'OVR-0001 bypassing blast-radius (reviewed)',
      ],
    ]);
  });

  it('opens the entry an evidence link names', async () => {
    await open('#entry-13');
    await page.waitForSelector('details.entry[data-seq="13"][open] table.approvals');
    expect(await page.textContent('details.entry[data-seq="13"] .detail')).toContain('OVR-0001');
  });

  it('shows the state at any seq, replayed from the nearest embedded state', async () => {
    const { entries } = parkLines();
    for (const seq of [1, 2, 8, 9, 15]) {
      await open();
      await page.fill('#tt-seq', String(seq));
      await page.click('#tt-go');
      await page.waitForSelector(`#tt-out[data-seq="${seq}"]`);
      const rows = await page.$$eval('#tt-out table.state tbody tr', (trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
      const expected = replay(entries, { at: seq });
      expect(rows.map((r) => [r[0], JSON.parse(r[2]!)])).toEqual(
        Object.keys(expected.resources)
          .sort()
          .map((k) => [k, { spec: expected.resources[k]!.spec }]),
      );
      const states = seen.requests
        .filter((u) => u.includes('/data/state-'))
        .map((u) => u.slice(u.lastIndexOf('/') + 1));
      expect(states).toEqual([seq >= 8 ? 'state-000000000008.js' : 'state-000000000000.js']);
      if (seq === 9) expect(await page.textContent('#tt-out table.switches')).toContain('active');
      expect(seen.errors).toEqual([]);
      if (seq !== 15) await page.close(); // the last page is checked and closed by afterEach
    }
  });

  it('saves a screenshot of the report', async () => {
    await open();
    mkdirSync('test-output', { recursive: true });
    await page.click('details.entry[data-seq="2"] summary');
    const png = await page.screenshot({ fullPage: true });
    writeFileSync('test-output/report.png', png);
    expect(png.byteLength).toBeGreaterThan(10_000);
  });
});
