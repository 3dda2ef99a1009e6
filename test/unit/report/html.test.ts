import { describe, expect, it } from 'vitest';
import { makeEntry } from '../../../src/ledger/chain.js';
import { APP_JS } from '../../../src/report/app.js';
import { CSP, renderPage } from '../../../src/report/html.js';
import { levelChart, mttrChart } from '../../../src/report/svg.js';
import type { IncidentRow } from '../../../src/report/types.js';
import { parkLines } from '../../browser/park-ledger.js';
import { buildInMemory } from './helpers.js';

describe('report page', () => {
  const page = renderPage(buildInMemory(parkLines().lines).model);

  it('declares a CSP that allows only its own files and loads scripts by src only', () => {
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
    expect(CSP).toContain("default-src 'none'");
    expect(page.match(/<script[^>]*>/g)).toEqual([
      '<script src="assets/app.js">',
      '<script src="data/index.js">',
    ]);
    expect(page).not.toMatch(/<script[^>]*>[^<]/);
  });

  it('has no inline event handlers, style attributes or remote URLs', () => {
    expect(page).not.toMatch(/\son[a-z]+\s*=/i);
    expect(page).not.toMatch(/\sstyle\s*=/i);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(APP_JS).not.toMatch(/innerHTML|insertAdjacentHTML|document\.write|eval\(|new Function|fetch\(/);
  });

  it('escapes values from the repository', () => {
    const first = makeEntry(
      {
        seq: 0,
        ts: '2026-01-18T08:00:00Z',
        type: 'genesis',
        actor: 'g',
        body: { state: { resources: {}, switches: {} } },
      },
      null,
    ).line;
    const second = makeEntry(
      {
        seq: 1,
        ts: '2026-01-18T08:01:00Z',
        type: 'alert.raised',
        actor: '<img src=x onerror=alert(1)>',
        subject: { alert: '<b>' },
        body: {},
      },
      first,
    ).line;
    const html = renderPage(buildInMemory([first, second]).model);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('links evidence to entries and to filtered timelines', () => {
    expect(page).toContain('<a href="#entry-8" class="seq">#8</a>');
    expect(page).toContain('href="#timeline?type=change.applied&amp;level=1"');
  });

  it('draws the charts as inline SVG with one bar per incident and the MTTR target line', () => {
    const svg = mttrChart([
      { id: 'INC-20260118-104000', mttrSeconds: 95 } as IncidentRow,
      { id: 'INC-20260118-120000', mttrSeconds: 350 } as IncidentRow,
    ]);
    expect(svg.match(/<rect class="bar-ok"/g)).toHaveLength(1);
    expect(svg.match(/<rect class="bar-bad"/g)).toHaveLength(1);
    expect(svg).toContain('target 120 s');
    expect(mttrChart([{ id: 'INC-20260118-104000', mttrSeconds: 95 } as IncidentRow], 60)).toContain(
      '<rect class="bar-bad"',
    );
    const levels = levelChart([{ label: '2026-01-18', counts: [0, 2, 1, 0, 0] }], 'day');
    expect(levels).toContain('2026-01-18: 2 level-1 changes');
    expect(levels).toContain('2026-01-18: 1 level-2 changes');
  });
});
