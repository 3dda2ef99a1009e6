/**
 * The page shell and its server-rendered sections (pure). Everything the page needs is local: the
 * script and style are files next to it, data scripts load on demand, and the CSP forbids anything
 * else, so the page works from file:// without network.
 */
import type { ReportModel } from './types.js';
import { esc, levelChart, mttrChart } from './svg.js';
import {
  checkpointsTable,
  checklistSection,
  escalationsTable,
  eventsTable,
  findingsList,
  incidentsTable,
  overridesTable,
  provenanceTable,
  rollbacksTable,
  soc2Table,
  switchesSection,
  typeTable,
  underOverrideTable,
} from './sections.js';

/** DESIGN §1: auditors browse offline; nothing leaves the page, no inline script or style. */
export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:";

const NAV: [string, string][] = [
  ['overview', 'Overview'],
  ['timeline', 'Timeline'],
  ['state', 'State at seq'],
  ['incidents', 'Incidents'],
  ['overrides', 'Overrides'],
  ['escalations', 'Escalations'],
  ['killswitches', 'Kill switches'],
  ['rollbacks', 'Rollbacks'],
  ['events', 'Alerts & events'],
  ['soc2', 'SOC 2 evidence'],
  ['checklist', 'Monthly audit'],
];

function badge(ok: boolean, yes = 'verified', no = 'FAILED'): string {
  return `<span class="badge ${ok ? 'pass' : 'fail'}">${ok ? yes : no}</span>`;
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}"><h2>${esc(title)}</h2>\n${body}\n</section>`;
}

export function renderPage(m: ReportModel): string {
  const c = m.chain;
  const overview = [
    `<div class="cards">`,
    `<div class="card"><div class="k">Chain</div><div class="v" id="chain-status">${badge(c.ok)}</div></div>`,
    `<div class="card"><div class="k">Entries</div><div class="v">${c.size.toLocaleString('en-US')}</div></div>`,
    `<div class="card"><div class="k">Incidents</div><div class="v">${m.incidents.length}</div></div>`,
    `<div class="card"><div class="k">Overrides</div><div class="v">${m.overrides.length}</div></div>`,
    `</div>`,
    `<table class="kv"><tbody>`,
    `<tr><th>Size</th><td>${c.size}</td></tr>`,
    `<tr><th>Head (leaf hash of the last entry)</th><td><code>${esc(c.head)}</code></td></tr>`,
    `<tr><th>Merkle root (RFC 9162)</th><td><code id="chain-root">${esc(c.root)}</code></td></tr>`,
    `<tr><th>Snapshot entries</th><td>${c.snapshots}</td></tr>`,
    `</tbody></table>`,
    `<h3>Provenance</h3>`,
    provenanceTable(m.provenance),
    `<h3>Checkpoints</h3>`,
    checkpointsTable(c),
    `<h3>Findings</h3>`,
    findingsList(c),
    `<h3>Changes per authority level</h3>`,
    levelChart(m.levelBuckets, m.bucketUnit),
    `<h3>Entries by type</h3>`,
    typeTable(m.byType),
  ].join('\n');
  const timeline = `<form id="tl-form" class="filters" autocomplete="off">
<label>Type <select id="f-type"><option value="">any</option></select></label>
<label>Actor <select id="f-actor"><option value="">any</option></select></label>
<label>Level <select id="f-level"><option value="">any</option></select></label>
<label>Service <select id="f-service"><option value="">any</option></select></label>
<label>From (UTC) <input id="f-from" type="datetime-local" step="1"></label>
<label>To (UTC) <input id="f-to" type="datetime-local" step="1"></label>
<label>Order <select id="f-order"><option value="asc">oldest first</option><option value="desc">newest first</option></select></label>
<button type="submit" id="f-apply">Apply</button>
<button type="button" id="f-reset">Reset</button>
</form>
<p id="tl-status" class="muted">Loading…</p>
<div id="tl-list" class="entries"></div>
<div class="pager"><button type="button" id="tl-prev" disabled>← Previous</button><span id="tl-page"></span><button type="button" id="tl-next" disabled>Next →</button></div>
<noscript><p>The timeline and time travel need JavaScript; every other section is static.</p></noscript>`;
  const state = `<form id="tt-form" class="filters" autocomplete="off">
<label>State after entry seq <input id="tt-seq" type="number" min="0" step="1" required></label>
<label>Key contains <input id="tt-key" type="text" placeholder="service/id"></label>
<button type="submit" id="tt-go">Show state</button>
</form>
<p id="tt-status" class="muted">Replays the ledger in the page from the nearest embedded state (one every ${m.index.stateEvery.toLocaleString('en-US')} entries).</p>
<div id="tt-out"></div>`;
  const incidents = `${incidentsTable(m.incidents)}\n<h3>MTTR (detection → resolution), target ${m.mttrTargetSeconds} s</h3>\n${mttrChart(
    // override post-mortems are governance records, not outages (as in the SOC 2 MTTR row)
    m.incidents.filter((i) => i.postMortemOf.length === 0),
    m.mttrTargetSeconds,
  )}`;
  const overrides = `${overridesTable(m.overrides)}\n<h3>Changes allowed under an override</h3>\n${underOverrideTable(m.underOverride)}`;
  const body = [
    section('overview', 'Overview and chain verification', overview),
    section('timeline', 'Ledger timeline', timeline),
    section('state', 'State at seq (time travel)', state),
    section('incidents', 'Incidents', incidents),
    section('overrides', 'Emergency overrides', overrides),
    section('escalations', 'Escalation history', escalationsTable(m.escalations)),
    section('killswitches', 'Kill-switch history', switchesSection(m.switches)),
    section('rollbacks', 'Rollbacks', rollbacksTable(m.rollbacks)),
    section('events', 'Alerts, interrupts and other events', eventsTable(m.events)),
    section(
      'soc2',
      'SOC 2 evidence (AICPA Trust Services Criteria, with seed 000 controls 5.1.1–5.2.3)',
      soc2Table(m.soc2),
    ),
    section('checklist', 'Monthly audit checklist', checklistSection(m.checklist)),
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gatehouse audit report — ${esc(m.repo)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/style.css">
</head>
<body>
<header><h1>Gatehouse audit report</h1><p class="muted">${esc(m.repo)}${m.provenance?.commit ? ` @ ${esc(m.provenance.commit.slice(0, 12))}` : ''} · generated ${esc(m.generatedAt)}${m.provenance ? ` by gatehouse ${esc(m.provenance.tool)}` : ''} · chain ${badge(c.ok)}</p></header>
<nav>${NAV.map(([id, label]) => `<a href="#${id}">${esc(label)}</a>`).join('')}</nav>
<main>
${body}
</main>
<script src="assets/app.js"></script>
<script src="data/index.js"></script>
</body>
</html>
`;
}
