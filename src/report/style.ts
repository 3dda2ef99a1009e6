/** The report's stylesheet (assets/style.css). Plain CSS, no web fonts, light and dark. */
export const STYLE_CSS = `:root { --fg: #1b1f24; --muted: #5b6470; --bg: #fff; --line: #d8dde3; --soft: #f4f6f8;
  --pass: #1a7f37; --fail: #cf222e; --pending: #9a6700; --link: #0550ae; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #8d96a0; --bg: #0d1117; --line: #30363d;
  --soft: #161b22; --pass: #3fb950; --fail: #f85149; --pending: #d29922; --link: #58a6ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 16px 24px 4px; }
header h1 { margin: 0; font-size: 22px; }
nav { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 8px 24px;
  background: var(--soft); border-bottom: 1px solid var(--line); }
main { padding: 0 24px 48px; max-width: 1400px; }
section { scroll-margin-top: 40px; padding-top: 12px; border-bottom: 1px solid var(--line); padding-bottom: 16px; }
h2 { font-size: 18px; margin: 12px 0 8px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre, .mono { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { white-space: pre-wrap; word-break: break-all; background: var(--soft); padding: 8px; margin: 4px 0; }
.muted { color: var(--muted); }
.nowrap { white-space: nowrap; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 140px; }
.card .k { color: var(--muted); font-size: 12px; }
.card .v { font-size: 20px; font-weight: 600; }
table { border-collapse: collapse; margin: 4px 0 8px; }
table.grid th, table.grid td, table.kv th, table.kv td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
table.grid thead th { background: var(--soft); position: sticky; top: 37px; }
table.kv th { background: var(--soft); font-weight: 600; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; }
.badge.pass { color: var(--pass); } .badge.fail { color: var(--fail); } .badge.pending { color: var(--pending); }
.badge.none, .badge.skip { color: var(--muted); }
.badge.override { color: var(--pending); }
.sev.critical, .sev.high { color: var(--fail); font-weight: 600; } .sev.medium { color: var(--pending); }
.findings li { color: var(--fail); }
.filters { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: end; margin: 8px 0; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
.filters select, .filters input { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); padding: 3px 6px; }
button { font: inherit; padding: 4px 12px; border: 1px solid var(--line); background: var(--soft); color: var(--fg); border-radius: 4px; cursor: pointer; }
button:disabled { opacity: .5; cursor: default; }
.pager { display: flex; gap: 12px; align-items: center; margin: 8px 0; }
.entries details.entry { border: 1px solid var(--line); border-radius: 4px; margin: 3px 0; }
.entries details.entry[open] { background: var(--soft); }
.entries summary { cursor: pointer; padding: 4px 8px; display: grid; grid-template-columns: 80px 190px 170px 130px 60px 1fr; gap: 8px; }
.entries summary .t { font-weight: 600; }
.entries .detail { padding: 4px 12px 12px; }
.entries .target { outline: 2px solid var(--link); }
.op-create { color: var(--pass); } .op-delete { color: var(--fail); } .op-update { color: var(--pending); }
td.before { background: rgba(207, 34, 46, .08); } td.after { background: rgba(26, 127, 55, .08); }
svg.chart { width: 100%; max-width: 760px; height: auto; display: block; }
svg .axis { stroke: var(--muted); } svg .grid { stroke: var(--line); stroke-dasharray: 2 3; }
svg .tick { fill: var(--muted); font-size: 11px; }
svg .bar-ok { fill: var(--pass); } svg .bar-bad { fill: var(--fail); }
svg .slo { stroke: var(--fail); stroke-dasharray: 6 4; }
`;
