/**
 * Inline SVG charts generated as strings (no chart library, no script, no style attributes: they
 * render under the page's CSP and from file://). Pure.
 */
import type { IncidentRow, LevelBucket } from './types.js';

export function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Colour of each authority level 0–4 (colour-blind-safe Okabe–Ito palette). */
export const LEVEL_COLOURS = ['#999999', '#56B4E9', '#009E73', '#E69F00', '#D55E00'];

const W = 720;
const H = 220;
const PAD = { left: 48, right: 12, top: 24, bottom: 40 };

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function axes(max: number, unitLabel: string): string {
  const y0 = H - PAD.bottom;
  const parts = [
    `<line class="axis" x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${y0}"/>`,
    `<line class="axis" x1="${PAD.left}" y1="${y0}" x2="${W - PAD.right}" y2="${y0}"/>`,
  ];
  for (const f of [0, 0.5, 1]) {
    const y = y0 - f * (y0 - PAD.top);
    parts.push(
      `<text class="tick" x="${PAD.left - 4}" y="${y + 4}" text-anchor="end">${esc(fmt(max * f))}</text>`,
      `<line class="grid" x1="${PAD.left}" y1="${y}" x2="${W - PAD.right}" y2="${y}"/>`,
    );
  }
  parts.push(`<text class="tick" x="${PAD.left}" y="${PAD.top - 10}">${esc(unitLabel)}</text>`);
  return parts.join('');
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Stacked bars: changes (change.applied + rollback.applied) per level per day or month. */
export function levelChart(buckets: LevelBucket[], unit: 'day' | 'month'): string {
  if (buckets.length === 0) return '<p class="muted">No changes recorded yet.</p>';
  const totals = buckets.map((b) => b.counts.reduce((a, c) => a + c, 0));
  const max = niceMax(Math.max(...totals));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / buckets.length;
  const bw = Math.max(1, Math.min(40, slot * 0.8));
  const bars: string[] = [];
  buckets.forEach((b, i) => {
    let y = H - PAD.bottom;
    const x = PAD.left + i * slot + (slot - bw) / 2;
    b.counts.forEach((c, level) => {
      if (c === 0) return;
      const h = (c / max) * plotH;
      y -= h;
      bars.push(
        `<rect x="${x.toFixed(2)}" y="${y.toFixed(2)}" width="${bw.toFixed(2)}" height="${h.toFixed(2)}" fill="${LEVEL_COLOURS[level]}"><title>${esc(`${b.label}: ${c} level-${level} changes`)}</title></rect>`,
      );
    });
  });
  const first = buckets[0]!.label;
  const last = buckets[buckets.length - 1]!.label;
  const labels = [
    `<text class="tick" x="${PAD.left}" y="${H - PAD.bottom + 14}">${esc(first)}</text>`,
    `<text class="tick" x="${W - PAD.right}" y="${H - PAD.bottom + 14}" text-anchor="end">${esc(last)}</text>`,
  ];
  const legend = LEVEL_COLOURS.map(
    (c, l) =>
      `<rect x="${PAD.left + l * 90}" y="${H - 14}" width="10" height="10" fill="${c}"/><text class="tick" x="${PAD.left + l * 90 + 14}" y="${H - 5}">level ${l}</text>`,
  ).join('');
  return svg(
    `Changes per authority level per ${unit}`,
    axes(max, `changes / ${unit}`) + bars.join('') + labels.join('') + legend,
  );
}

/** Bars: MTTR (detection → resolution) per resolved incident, with the target line (mttr_target, seed 000: 2 minutes). */
export function mttrChart(incidents: IncidentRow[], targetSeconds = 120): string {
  const MTTR_SLO_SECONDS = targetSeconds;
  const resolved = incidents.filter((i) => i.mttrSeconds !== undefined);
  if (resolved.length === 0) return '<p class="muted">No resolved incidents.</p>';
  const max = niceMax(Math.max(MTTR_SLO_SECONDS * 1.25, ...resolved.map((i) => i.mttrSeconds!)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / resolved.length;
  const bw = Math.max(1, Math.min(48, slot * 0.7));
  const y0 = H - PAD.bottom;
  const bars = resolved.map((inc, i) => {
    const v = inc.mttrSeconds!;
    const h = (Math.max(0, v) / max) * plotH;
    const x = PAD.left + i * slot + (slot - bw) / 2;
    const cls = v > MTTR_SLO_SECONDS ? 'bar-bad' : 'bar-ok';
    const label =
      resolved.length <= 12
        ? `<text class="tick" x="${(x + bw / 2).toFixed(2)}" y="${y0 + 14}" text-anchor="middle">${esc(inc.id.replace(/^INC-/, ''))}</text>`
        : '';
    return `<rect class="${cls}" x="${x.toFixed(2)}" y="${(y0 - h).toFixed(2)}" width="${bw.toFixed(2)}" height="${h.toFixed(2)}"><title>${esc(`${inc.id}: MTTR ${v} s`)}</title></rect>${label}`;
  });
  const ySlo = y0 - (MTTR_SLO_SECONDS / max) * plotH;
  const slo = `<line class="slo" x1="${PAD.left}" y1="${ySlo.toFixed(2)}" x2="${W - PAD.right}" y2="${ySlo.toFixed(2)}"/><text class="tick" x="${W - PAD.right}" y="${(ySlo - 4).toFixed(2)}" text-anchor="end">target ${MTTR_SLO_SECONDS} s</text>`;
  return svg('MTTR per incident (seconds)', axes(max, 'seconds') + bars.join('') + slo);
}

function svg(title: string, body: string): string {
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}" xmlns="http://www.w3.org/2000/svg"><title>${esc(title)}</title>${body}</svg>`;
}
