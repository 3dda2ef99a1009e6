/**
 * The page's script (assets/app.js): plain browser JavaScript kept as a string so the report module
 * ships it without a bundler step. It loads data scripts on demand with <script> tags (fetch() of
 * file:// is blocked in Chromium), filters the timeline with the chunk index, opens entries with
 * their approvals and ops, and replays state from the nearest embedded state file. No inline handlers;
 * everything is built with textContent, so ledger data is never parsed as HTML.
 * Replay mirrors src/state/replay.ts applyEntry (genesis, change/rollback ops, kill switches).
 */
export const APP_JS = String.raw`(function () {
'use strict';
var PAGE = 50, CACHE = 24;
var idx = null, chunks = new Map(), waiting = new Map(), states = new Map(), rares = new Map();
var view = { cursor: null, stack: [], next: null, target: -1, run: 0 };

function $(id) { return document.getElementById(id); }
function h(tag, cls, text) {
  var el = document.createElement(tag);
  if (cls) el.className = cls;
  if (text !== undefined && text !== null) el.textContent = String(text);
  return el;
}
function json(v) { return v === undefined ? '(absent)' : JSON.stringify(v); }
function link(href, text) { var a = h('a', '', text); a.href = href; return a; }

window.gatehouseIndex = function (data) { idx = data; boot(); };
window.gatehouseChunk = function (i, entries) {
  chunks.set(i, entries);
  if (chunks.size > CACHE) chunks.delete(chunks.keys().next().value);
  var w = waiting.get(i); if (w) { waiting.delete(i); w.resolve(entries); }
};
window.gatehouseRare = function (code, entries) {
  rares.set(code, entries);
  var w = waiting.get('r' + code); if (w) { waiting.delete('r' + code); w.resolve(entries); }
};
window.gatehouseState = function (seq, state) {
  states.set(seq, state);
  var w = waiting.get('s' + seq); if (w) { waiting.delete('s' + seq); w.resolve(state); }
};

function load(key, src, have) {
  if (have !== undefined) return Promise.resolve(have);
  var w = waiting.get(key);
  if (w) return w.promise;
  var d = {}; d.promise = new Promise(function (res, rej) { d.resolve = res; d.reject = rej; });
  waiting.set(key, d);
  var s = document.createElement('script');
  s.src = src;
  s.addEventListener('load', function () { s.remove(); });
  s.addEventListener('error', function () { s.remove(); waiting.delete(key); d.reject(new Error('cannot load ' + src)); });
  document.body.appendChild(s);
  return d.promise;
}
function pad(n, w) { var s = String(n); while (s.length < w) s = '0' + s; return s; }
function getChunk(i) { return load(i, 'data/entries-' + pad(i, 6) + '.js', chunks.get(i)); }
function getRare(code) { return load('r' + code, 'data/type-' + pad(code, 3) + '.js', rares.get(code)); }
function getState(seq) { return load('s' + seq, 'data/state-' + pad(seq, 12) + '.js', states.get(seq)); }

// ---- filters -------------------------------------------------------------------------------------
function services(e) {
  var out = [], seen = {};
  var keys = [];
  if (e.type === 'genesis' && e.body && e.body.state && e.body.state.resources) keys = Object.keys(e.body.state.resources);
  else if (e.body && Array.isArray(e.body.ops)) keys = e.body.ops.map(function (o) { return o && o.key; });
  keys.forEach(function (k) {
    if (typeof k !== 'string') return;
    var i = k.indexOf('/');
    if (i > 0 && !seen[k.slice(0, i)]) { seen[k.slice(0, i)] = 1; out.push(k.slice(0, i)); }
  });
  return out;
}
function readFilter() {
  var f = { type: $('f-type').value, actor: $('f-actor').value, level: $('f-level').value,
    service: $('f-service').value, order: $('f-order').value, from: NaN, to: NaN };
  if ($('f-from').value) f.from = Date.parse($('f-from').value + 'Z');
  if ($('f-to').value) f.to = Date.parse($('f-to').value + 'Z');
  return f;
}
function has(flat, code) { for (var i = 0; i < flat.length; i += 2) if (flat[i] === code) return flat[i + 1]; return 0; }
function chunkMayMatch(c, f) {
  var d = idx.dict;
  if (f.type && !has(c[4], d.types.indexOf(f.type))) return false;
  if (f.actor && !has(c[5], d.actors.indexOf(f.actor))) return false;
  if (f.level && !has(c[6], d.levels.indexOf(f.level))) return false;
  if (f.service && !has(c[7], d.services.indexOf(f.service))) return false;
  if (!isNaN(f.from) && Date.parse(c[3]) < f.from) return false;
  if (!isNaN(f.to) && Date.parse(c[2]) > f.to) return false;
  return true;
}
function matches(e, f) {
  if (f.type && e.type !== f.type) return false;
  if (f.actor && e.actor !== f.actor) return false;
  if (f.level && (typeof e.level === 'number' ? String(e.level) : 'none') !== f.level) return false;
  if (f.service && services(e).indexOf(f.service) < 0) return false;
  if (!isNaN(f.from) || !isNaN(f.to)) {
    var t = Date.parse(e.ts);
    if (!isNaN(f.from) && t < f.from) return false;
    if (!isNaN(f.to) && t > f.to) return false;
  }
  return true;
}
function totalFor(f) {
  var facets = [['type', 4, 'types'], ['actor', 5, 'actors'], ['level', 6, 'levels'], ['service', 7, 'services']]
    .filter(function (x) { return f[x[0]]; });
  if (!isNaN(f.from) || !isNaN(f.to) || facets.length > 1) return null;
  if (facets.length === 0) return idx.size;
  var x = facets[0], code = idx.dict[x[2]].indexOf(f[x[0]]), n = 0;
  idx.chunks.forEach(function (c) { n += has(c[x[1]], code); });
  return n;
}

// ---- timeline ------------------------------------------------------------------------------------
function rareCode(f) {
  if (!f.type || !idx.rare) return -1;
  var c = idx.dict.types.indexOf(f.type);
  return idx.rare[c] !== undefined ? c : -1;
}
// a rare type has its own data file: one load instead of a scan over every chunk that holds some
async function scanRare(f, code, cursor) {
  var desc = f.order === 'desc', all = await getRare(code), found = [];
  var j = cursor.offset === null ? (desc ? all.length - 1 : 0) : cursor.offset;
  for (; j >= 0 && j < all.length; j += desc ? -1 : 1) {
    if (!matches(all[j], f)) continue;
    if (found.length === PAGE) return { found: found, next: { chunk: -1, offset: j } };
    found.push(all[j]);
  }
  return { found: found, next: null };
}
async function scan(f, cursor) {
  var rc = rareCode(f);
  if (rc >= 0) return scanRare(f, rc, cursor);
  var desc = f.order === 'desc', n = idx.chunks.length, found = [], scanned = 0;
  var ci = cursor.chunk, off = cursor.offset;
  while (ci >= 0 && ci < n) {
    var c = idx.chunks[ci];
    if (chunkMayMatch(c, f)) {
      var entries = await getChunk(ci); scanned++;
      var j = off === null ? (desc ? entries.length - 1 : 0) : off;
      for (; j >= 0 && j < entries.length; j += desc ? -1 : 1) {
        if (!matches(entries[j], f)) continue;
        if (found.length === PAGE) return { found: found, next: { chunk: ci, offset: j }, scanned: scanned };
        found.push(entries[j]);
      }
    }
    ci += desc ? -1 : 1; off = null;
  }
  return { found: found, next: null, scanned: scanned };
}
function startCursor(f) { return { chunk: f.order === 'desc' ? idx.chunks.length - 1 : 0, offset: null }; }

async function showPage(cursor, pushPrev) {
  var f = readFilter();
  $('tl-status').textContent = 'Loading…';
  if (pushPrev && view.cursor) view.stack.push(view.cursor);
  view.cursor = cursor;
  var run = ++view.run;
  var r = await scan(f, cursor);
  if (run !== view.run) return; // a later request superseded this one
  view.next = r.next;
  var list = $('tl-list'); list.textContent = '';
  r.found.forEach(function (e) { list.appendChild(entryRow(e)); });
  var total = totalFor(f);
  var msg = r.found.length === 0 ? 'No matching entries.' :
    'Showing ' + r.found.length + ' entries (#' + r.found[0].seq + ' … #' + r.found[r.found.length - 1].seq + ')';
  if (total !== null) msg += ' of ' + total + ' matching';
  $('tl-status').textContent = msg + '.';
  $('tl-page').textContent = 'page ' + (view.stack.length + 1);
  $('tl-prev').disabled = view.stack.length === 0;
  $('tl-next').disabled = !r.next;
  if (view.target >= 0) {
    var el = list.querySelector('[data-seq="' + view.target + '"]');
    if (el) { el.open = true; el.classList.add('target'); el.scrollIntoView(); }
    view.target = -1;
  }
  if (!document.body.dataset.firstPageMs) document.body.dataset.firstPageMs = String(Math.round(performance.now()));
  document.body.dataset.ready = '1';
}
function runFilters() { view.stack = []; view.cursor = null; return showPage(startCursor(readFilter()), false); }

function entryRow(e) {
  var d = h('details', 'entry'); d.dataset.seq = e.seq;
  var s = h('summary');
  s.appendChild(h('span', 'mono', '#' + e.seq));
  s.appendChild(h('span', 'mono', e.ts));
  s.appendChild(h('span', 't', e.type));
  s.appendChild(h('span', '', e.actor));
  s.appendChild(h('span', '', typeof e.level === 'number' ? 'L' + e.level : ''));
  var m = e.body && e.body.manifest;
  s.appendChild(h('span', 'muted', (m && m.title) || (e.subject && (e.subject.change || e.subject.incident || e.subject.override || e.subject.alert)) || services(e).join(', ')));
  var used = overridesOf(e);
  if (used.length) s.appendChild(h('span', 'badge override', 'under override ' + used.join(', ')));
  d.appendChild(s);
  d.addEventListener('toggle', function () { if (d.open && !d.dataset.filled) { d.dataset.filled = '1'; d.appendChild(entryDetail(e)); } });
  return d;
}

function kv(rows) {
  var t = h('table', 'kv'), b = h('tbody'); t.appendChild(b);
  rows.forEach(function (r) {
    if (r[1] === undefined || r[1] === null || r[1] === '') return;
    var tr = h('tr'); tr.appendChild(h('th', '', r[0]));
    var td = h('td'); if (r[1] instanceof Node) td.appendChild(r[1]); else td.textContent = String(r[1]);
    tr.appendChild(td); b.appendChild(tr);
  });
  return t;
}
function grid(head, rows, cls) {
  var t = h('table', 'grid ' + (cls || '')), th = h('thead'), tr = h('tr'), b = h('tbody');
  head.forEach(function (x) { tr.appendChild(h('th', '', x)); }); th.appendChild(tr); t.appendChild(th); t.appendChild(b);
  rows.forEach(function (r) {
    var row = h('tr');
    r.forEach(function (c) { var td = h('td', c && c.cls); if (c && c.node) td.appendChild(c.node); else td.textContent = c && c.text !== undefined ? c.text : String(c); row.appendChild(td); });
    b.appendChild(row);
  });
  return t;
}
function proof(a) {
  if (typeof a.fingerprint === 'string' && a.fingerprint) return { ok: true, text: (a.source || 'signed') + ' · key ' + a.fingerprint };
  var r = a.reviewId !== undefined ? a.reviewId : a.review_id;
  if (r !== undefined && r !== '') return { ok: true, text: 'GitHub review ' + r };
  return { ok: false, text: 'no key fingerprint or review id recorded' };
}
// DESIGN §4: change.applied records the overrides it was allowed under; the page never shows it as a plain pass.
function overridesOf(e) {
  var o = e.body && e.body.overrides;
  return Array.isArray(o) ? o.filter(function (x) { return typeof x === 'string'; }) : [];
}
function entryDetail(e) {
  var box = h('div', 'detail'), b = e.body || {}, m = b.manifest || {}, sub = e.subject || {};
  var after = link('#state-' + e.seq, 'state after this entry');
  box.appendChild(kv([['seq', e.seq], ['time', e.ts], ['type', e.type], ['actor', e.actor],
    ['level', typeof e.level === 'number' ? e.level : ''], ['prev', e.prev], ['change', sub.change || m.id],
    ['pull request', sub.pr], ['commit', sub.commit], ['incident', sub.incident], ['override', sub.override],
    ['alert', sub.alert], ['title', m.title], ['kind', m.kind], ['proposer', m.proposer],
    ['justification', m.justification], ['digest', b.digest], ['time travel', after]]));
  if (b.decision && typeof b.decision === 'object') {
    box.appendChild(h('h4', '', 'Gate decision'));
    var under = overridesOf(e);
    box.appendChild(kv([['status', under.length ? b.decision.status + ' (under override)' : b.decision.status], ['allowed under override', under.join(', ')], ['reason', b.decision.reason]]));
  }
  if (Array.isArray(b.approvals)) {
    box.appendChild(h('h4', '', 'Approvals (' + b.approvals.length + ')'));
    var rows = b.approvals.map(function (a) {
      var p = proof(a), badge = h('span', 'badge ' + (p.ok ? 'pass' : 'fail'), p.ok ? 'counted' : 'unproven');
      var cell = h('span'); cell.appendChild(badge); cell.appendChild(document.createTextNode(' ' + p.text));
      return [a.actor, a.role || '', a.decision || 'approve', { node: cell }, a.ts || '', (a.rules || []).join(', ')];
    });
    box.appendChild(grid(['Actor', 'Role', 'Decision', 'Signature', 'Time', 'Quorum rules'], rows, 'approvals'));
  }
  var reverts = Array.isArray(b.reverts) ? b.reverts : [];
  if (reverts.length) {
    var r = h('p', '', 'Reverts: ');
    reverts.forEach(function (s) { r.appendChild(link('#entry-' + s, '#' + s)); r.appendChild(document.createTextNode(' ')); });
    box.appendChild(r);
  }
  if (Array.isArray(b.ops)) {
    box.appendChild(h('h4', '', 'Diff (' + b.ops.length + ' ops)'));
    box.appendChild(grid(['Op', 'Key', 'Path', 'Before', 'After'], b.ops.map(function (o) {
      return [{ text: o.op, cls: 'op-' + o.op }, o.key, o.path || '(resource)', { text: json(o.before), cls: 'before mono' }, { text: json(o.after), cls: 'after mono' }];
    }), 'ops'));
  }
  var rest = {};
  Object.keys(b).forEach(function (k) { if (['manifest', 'approvals', 'ops', 'digest', 'decision', 'reverts', 'state'].indexOf(k) < 0) rest[k] = b[k]; });
  if (Object.keys(rest).length) { box.appendChild(h('h4', '', 'Body')); box.appendChild(h('pre', '', JSON.stringify(rest, null, 2))); }
  var raw = h('details'); raw.appendChild(h('summary', '', 'Ledger line'));
  raw.appendChild(h('pre', '', JSON.stringify(e))); box.appendChild(raw);
  return box;
}

async function openEntry(seq) {
  if (!(seq >= 0 && seq < idx.size)) { $('tl-status').textContent = 'No entry #' + seq + '.'; return; }
  ['f-type', 'f-actor', 'f-level', 'f-service', 'f-from', 'f-to'].forEach(function (id) { $(id).value = ''; });
  $('f-order').value = 'asc';
  var ci = Math.floor(seq / idx.chunkSize);
  view.stack = []; view.cursor = null; view.target = seq;
  await showPage({ chunk: ci, offset: seq - idx.chunks[ci][0] }, false);
  $('timeline').scrollIntoView();
  var el = document.querySelector('[data-seq="' + seq + '"]'); if (el) el.scrollIntoView();
}

// ---- time travel ---------------------------------------------------------------------------------
function setOwn(o, k, v) { Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true }); }
function clone(v) { return v === undefined ? undefined : JSON.parse(JSON.stringify(v)); }
function applyOp(state, op) {
  var res = state.resources;
  if (op.path === '' || op.path === undefined) {
    if (op.after === undefined) delete res[op.key]; else setOwn(res, op.key, clone(op.after));
    return;
  }
  var toks = op.path.slice(1).split('/').map(function (t) { return t.replace(/~1/g, '/').replace(/~0/g, '~'); });
  var cur = res[op.key];
  for (var i = 0; i < toks.length - 1 && cur; i++) cur = Object.prototype.hasOwnProperty.call(cur, toks[i]) ? cur[toks[i]] : undefined;
  if (!cur || typeof cur !== 'object') return;
  var last = toks[toks.length - 1];
  if (op.after === undefined) delete cur[last]; else setOwn(cur, last, clone(op.after));
}
function applyEntry(state, e) {
  if (e.type === 'genesis') { var s = clone(e.body.state); state.resources = s.resources; state.switches = s.switches; }
  else if ((e.type === 'change.applied' || e.type === 'rollback.applied') && Array.isArray(e.body.ops)) e.body.ops.forEach(function (o) { applyOp(state, o); });
  else if (e.type === 'killswitch.activated' || e.type === 'killswitch.deactivated')
    setOwn(state.switches, e.body.switch, { active: e.type === 'killswitch.activated', seq: e.seq, since: e.ts, by: e.actor });
}
async function stateAt(seq) {
  var base = 0;
  idx.states.forEach(function (s) { if (s <= seq) base = Math.max(base, s); });
  var state = clone(await getState(base));
  for (var ci = Math.floor(base / idx.chunkSize); ci <= Math.floor(seq / idx.chunkSize); ci++) {
    var entries = await getChunk(ci);
    for (var j = 0; j < entries.length; j++) {
      var e = entries[j];
      if (e.seq < base) continue;
      if (e.seq > seq) break;
      applyEntry(state, e);
    }
  }
  return { state: state, from: base };
}
async function showState(seq) {
  var out = $('tt-out'); out.textContent = '';
  if (!(seq >= 0 && seq < idx.size)) { $('tt-status').textContent = 'seq must be between 0 and ' + (idx.size - 1) + '.'; return; }
  $('tt-status').textContent = 'Replaying…';
  var t0 = performance.now(), r = await stateAt(seq), filter = $('tt-key').value;
  var keys = Object.keys(r.state.resources).sort().filter(function (k) { return !filter || k.indexOf(filter) >= 0; });
  $('tt-status').textContent = 'State after entry #' + seq + ': ' + Object.keys(r.state.resources).length + ' resources (replayed ' +
    (seq - r.from + 1) + ' entries from the state before #' + r.from + ' in ' + Math.round(performance.now() - t0) + ' ms).';
  out.dataset.seq = seq;
  var shown = keys.slice(0, 2000);
  out.appendChild(grid(['Key', 'Region', 'Fields'], shown.map(function (k) {
    var v = r.state.resources[k], rest = {};
    Object.keys(v).forEach(function (f) { if (f !== 'service' && f !== 'id' && f !== 'region') rest[f] = v[f]; });
    return [k, v.region || '', { text: JSON.stringify(rest), cls: 'mono' }];
  }), 'state'));
  if (keys.length > shown.length) out.appendChild(h('p', 'muted', (keys.length - shown.length) + ' more; narrow with "Key contains".'));
  var sw = Object.keys(r.state.switches || {}).sort();
  out.appendChild(h('h4', '', 'Kill switches'));
  out.appendChild(grid(['Switch', 'Active', 'Since', 'By', 'Entry'], sw.map(function (k) {
    var s = r.state.switches[k]; return [k, s.active ? 'active' : 'inactive', s.since, s.by, { node: link('#entry-' + s.seq, '#' + s.seq) }];
  }), 'switches'));
}

// ---- routing and boot ----------------------------------------------------------------------------
function route() {
  var hash = decodeURIComponent(location.hash.slice(1));
  var m = /^entry-(\d+)$/.exec(hash);
  if (m) return openEntry(Number(m[1]));
  m = /^state-(\d+)$/.exec(hash);
  if (m) { $('tt-seq').value = m[1]; $('state').scrollIntoView(); return showState(Number(m[1])); }
  if (hash.indexOf('timeline?') === 0) {
    var q = new URLSearchParams(hash.slice(9));
    ['type', 'actor', 'level', 'service'].forEach(function (k) { $('f-' + k).value = q.get(k) || ''; });
    $('timeline').scrollIntoView();
    return runFilters();
  }
}
function fill(id, values) {
  var sel = $(id);
  values.slice().sort().forEach(function (v) { var o = h('option', '', v); o.value = v; sel.appendChild(o); });
}
function report(err) { $('tl-status').textContent = 'Error: ' + err.message; }
function boot() {
  fill('f-type', idx.dict.types); fill('f-actor', idx.dict.actors);
  fill('f-level', idx.dict.levels); fill('f-service', idx.dict.services);
  $('tl-form').addEventListener('submit', function (ev) { ev.preventDefault(); runFilters().catch(report); });
  $('f-reset').addEventListener('click', function () { $('tl-form').reset(); runFilters().catch(report); });
  $('tl-next').addEventListener('click', function () { if (view.next) showPage(view.next, true).catch(report); });
  $('tl-prev').addEventListener('click', function () { var c = view.stack.pop(); if (c) { view.cursor = null; showPage(c, false).catch(report); } });
  $('tt-form').addEventListener('submit', function (ev) { ev.preventDefault(); showState(Number($('tt-seq').value)).catch(report); });
  window.addEventListener('hashchange', function () { Promise.resolve(route()).catch(report); });
  var first = /^#(entry|state)-\d+$|^#timeline\?/.test(location.hash) ? route() : runFilters();
  Promise.resolve(first).catch(report);
}
// pure helpers, exposed for tests and for auditors at the console
window.gatehouseInternals = { applyEntry: applyEntry, matches: matches, services: services, overridesOf: overridesOf };
})();
`;
