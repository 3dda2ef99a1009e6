/**
 * Metric series for anomaly detection (DESIGN §5 `incident detect`): a Prometheus range-query JSON
 * response (`/api/v1/query_range`: `{status, data: {resultType: "matrix", result: [{metric, values}]}}`),
 * or CSV `timestamp,metric,value[,label=value…]` (timestamp ISO-8601 or Unix seconds). Floats are fine:
 * metrics never enter the ledger. Bad input names file:line.
 */
import { badInput, type Problem } from '../core/errors.js';

export interface Point {
  /** ms since the epoch */
  t: number;
  v: number;
}

export interface Series {
  metric: string;
  labels: Record<string, string>;
  points: Point[];
}

/** Which parser a file needs: JSON when it starts with `{`. */
export function parseMetrics(text: string, file: string): Series[] {
  return text.trimStart().startsWith('{') ? parsePrometheus(text, file) : parseCsv(text, file);
}

function parseTime(s: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

function seriesKey(metric: string, labels: Record<string, string>): string {
  return `${metric}{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',')}}`;
}

function finish(map: Map<string, Series>): Series[] {
  const out = [...map.values()];
  for (const s of out) s.points.sort((a, b) => a.t - b.t);
  return out.sort((a, b) => (seriesKey(a.metric, a.labels) < seriesKey(b.metric, b.labels) ? -1 : 1));
}

export function parseCsv(text: string, file: string): Series[] {
  const problems: Problem[] = [];
  const map = new Map<string, Series>();
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const lineNo = i + 1;
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split(',').map((c) => c.trim());
    if (i === 0 && cells[0] === 'timestamp') return; // header
    const [ts, metric, value, ...labelCells] = cells;
    if (ts === undefined || metric === undefined || value === undefined || metric === '') {
      problems.push({
        file,
        line: lineNo,
        col: 1,
        message: 'expected timestamp,metric,value[,label=value…]',
      });
      return;
    }
    const t = parseTime(ts);
    if (t === undefined) {
      problems.push({
        file,
        line: lineNo,
        col: 1,
        message: `timestamp "${ts}" is neither ISO-8601 with a zone nor Unix seconds`,
      });
      return;
    }
    const v = Number(value);
    if (value === '' || !Number.isFinite(v)) {
      problems.push({
        file,
        line: lineNo,
        col: ts.length + metric.length + 3,
        message: `value "${value}" is not a number`,
      });
      return;
    }
    const labels: Record<string, string> = {};
    for (const cell of labelCells) {
      const eq = cell.indexOf('=');
      if (eq <= 0) {
        problems.push({
          file,
          line: lineNo,
          col: raw.indexOf(cell) + 1,
          message: `label "${cell}" is not label=value`,
        });
        return;
      }
      labels[cell.slice(0, eq)] = cell.slice(eq + 1);
    }
    const key = seriesKey(metric, labels);
    let s = map.get(key);
    if (!s) map.set(key, (s = { metric, labels, points: [] }));
    s.points.push({ t, v });
  });
  if (problems.length > 0) throw badInput(problems);
  if (map.size === 0) throw badInput([{ file, line: 1, col: 1, message: 'no metric samples found' }]);
  return finish(map);
}

interface PromResult {
  metric?: Record<string, unknown>;
  values?: unknown;
  value?: unknown;
}

export function parsePrometheus(text: string, file: string): Series[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const pos = /position (\d+)/.exec((e as Error).message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : 1;
    throw badInput([{ file, line, message: `not valid JSON: ${(e as Error).message}` }]);
  }
  const d = doc as { status?: unknown; data?: { resultType?: unknown; result?: unknown } };
  if (d.status !== undefined && d.status !== 'success')
    throw badInput([{ file, line: 1, message: `Prometheus status is "${String(d.status)}", not "success"` }]);
  if (!d.data || !Array.isArray(d.data.result))
    throw badInput([
      {
        file,
        line: 1,
        message:
          'expected a Prometheus range-query response: {"status":"success","data":{"resultType":"matrix","result":[…]}}',
      },
    ]);
  if (d.data.resultType !== undefined && d.data.resultType !== 'matrix')
    throw badInput([
      {
        file,
        line: 1,
        message: `expected resultType "matrix" (a range query), found "${String(d.data.resultType)}"`,
      },
    ]);
  const problems: Problem[] = [];
  const map = new Map<string, Series>();
  (d.data.result as PromResult[]).forEach((r, i) => {
    const where = `/data/result/${i}`;
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.metric ?? {})) if (k !== '__name__') labels[k] = String(v);
    const metric = typeof r.metric?.__name__ === 'string' ? r.metric.__name__ : undefined;
    if (!metric) {
      problems.push({ file, line: 1, pointer: `${where}/metric`, message: 'a series needs metric.__name__' });
      return;
    }
    if (!Array.isArray(r.values)) {
      problems.push({
        file,
        line: 1,
        pointer: `${where}/values`,
        message: 'a series needs values: [[unix seconds, "value"], …]',
      });
      return;
    }
    const points: Point[] = [];
    for (const [j, pair] of (r.values as unknown[]).entries()) {
      const [ts, val] = Array.isArray(pair) ? (pair as unknown[]) : [];
      const v = typeof val === 'string' || typeof val === 'number' ? Number(val) : NaN;
      if (typeof ts !== 'number' || !Number.isFinite(v)) {
        problems.push({
          file,
          line: 1,
          pointer: `${where}/values/${j}`,
          message: 'expected [unix seconds, "number"]',
        });
        return;
      }
      points.push({ t: Math.round(ts * 1000), v });
    }
    const key = seriesKey(metric, labels);
    const s = map.get(key);
    if (s) s.points.push(...points);
    else map.set(key, { metric, labels, points });
  });
  if (problems.length > 0) throw badInput(problems);
  if (map.size === 0) throw badInput([{ file, line: 1, message: 'the response holds no series' }]);
  return finish(map);
}
