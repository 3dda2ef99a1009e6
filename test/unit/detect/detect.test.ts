import { describe, expect, it } from 'vitest';
import {
  classifyMetric,
  DEFAULT_DETECT,
  detectAnomalies,
  detectConfigFrom,
} from '../../../src/detect/detect.js';
import { parseCsv, parseMetrics, parsePrometheus, type Series } from '../../../src/detect/metrics.js';
import { GatehouseError } from '../../../src/core/errors.js';

const T0 = Date.parse('2026-01-18T14:00:00Z');

/** One sample every 5 s: `base` for the first `calm` samples, then `spike` for `long` samples, then `base`. */
function series(
  metric: string,
  base: number,
  spike: number,
  calm: number,
  long: number,
  labels = { service: 'park-ticketing', region: 'us-east-1' },
): Series {
  const points = [];
  for (let i = 0; i < calm + long + 10; i++)
    points.push({ t: T0 + i * 5000, v: i >= calm && i < calm + long ? spike : base });
  return { metric, labels, points };
}

const cfg = { ...DEFAULT_DETECT, baselineWindowMs: 60_000 };

describe('anomaly detection', () => {
  it('finds an error-rate spike above 2× baseline once it lasts the 30 s confirmation period', () => {
    const { anomalies } = detectAnomalies([series('http_error_rate', 0.001, 0.15, 30, 12)], cfg);
    expect(anomalies).toHaveLength(1);
    const a = anomalies[0]!;
    expect(a).toMatchObject({
      metric: 'http_error_rate',
      kind: 'error_rate',
      labels: { service: 'park-ticketing', region: 'us-east-1' },
      start: '2026-01-18T14:02:30Z',
      confirmed_at: '2026-01-18T14:03:00Z',
      end: '2026-01-18T14:03:30Z',
      baseline_source: 'learned',
    });
    expect(a.baseline).toBeCloseTo(0.001, 12);
    expect(a.threshold).toBeCloseTo(0.002, 12);
    expect(a.peak.value).toBe(0.15);
  });

  it('ignores an excursion shorter than the confirmation period', () => {
    const r = detectAnomalies([series('http_error_rate', 0.001, 0.15, 30, 3)], cfg);
    expect(r.anomalies).toHaveLength(0);
    expect(r.suppressed).toBe(1);
  });

  it('does not flag a rise below the multiplier', () => {
    expect(detectAnomalies([series('latency_ms', 100, 190, 30, 20)], cfg).anomalies).toHaveLength(0);
    expect(detectAnomalies([series('latency_ms', 100, 210, 30, 20)], cfg).anomalies).toHaveLength(1);
  });

  it('flags resource use above 90 % without a learned baseline', () => {
    const { anomalies } = detectAnomalies([series('memory_utilization', 0.5, 0.95, 2, 20)], cfg);
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({ kind: 'resource', threshold: 0.9, baseline_source: 'fixed' });
  });

  it('uses a given baseline instead of learning one', () => {
    const s = series('http_error_rate', 0.01, 0.03, 0, 20);
    expect(detectAnomalies([s], { ...cfg, baselines: { http_error_rate: 0.01 } }).anomalies[0]).toMatchObject(
      {
        baseline: 0.01,
        baseline_source: 'given',
        start: '2026-01-18T14:00:00Z',
      },
    );
  });

  it('takes thresholds and windows from policies/incident.yaml', () => {
    const c = detectConfigFrom({
      detection: {
        confirmation: '1m',
        baseline_window: '10m',
        error_rate_multiplier: 3,
        resource_threshold: 0.8,
      },
    });
    expect(c).toMatchObject({
      confirmationMs: 60_000,
      baselineWindowMs: 600_000,
      errorRateMultiplier: 3,
      latencyMultiplier: 2,
      resourceThreshold: 0.8,
    });
  });

  it('classifies metrics by name', () => {
    expect(classifyMetric('http_requests_errors_ratio')).toBe('error_rate');
    expect(classifyMetric('request_latency_seconds')).toBe('latency');
    expect(classifyMetric('container_cpu_usage')).toBe('resource');
    expect(classifyMetric('guests_total')).toBe('other');
  });

  it('keeps series apart by labels: a spike in one region is reported for that region only', () => {
    const east = series('http_error_rate', 0.001, 0.2, 30, 12);
    const west = series('http_error_rate', 0.001, 0.001, 30, 12, {
      service: 'park-ticketing',
      region: 'us-west-2',
    });
    const { anomalies } = detectAnomalies([east, west], cfg);
    expect(anomalies.map((a) => a.labels.region)).toEqual(['us-east-1']);
  });
});

describe('metric files', () => {
  it('reads CSV with labels, a header and ISO or Unix timestamps', () => {
    const s = parseCsv(
      'timestamp,metric,value,labels\n2026-01-18T14:00:00Z,err,0.1,service=a,region=r\n1768744805,err,0.2,service=a,region=r\n',
      'm.csv',
    );
    expect(s).toHaveLength(1);
    expect(s[0]!.labels).toEqual({ service: 'a', region: 'r' });
    expect(s[0]!.points.map((p) => p.v)).toEqual([0.1, 0.2]);
  });

  it('reports a bad CSV line with file:line and reads nothing', () => {
    try {
      parseCsv('2026-01-18T14:00:00Z,err,0.1\n2026-01-18T14:00:05Z,err,abc\nyesterday,err,1\n', 'm.csv');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GatehouseError);
      expect((e as GatehouseError).problems.map((p) => `${p.file}:${p.line}`)).toEqual([
        'm.csv:2',
        'm.csv:3',
      ]);
    }
  });

  it('reads a Prometheus range-query response', () => {
    const body = JSON.stringify({
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: { __name__: 'http_error_rate', service: 'park-ticketing', region: 'us-east-1' },
            values: [
              [1768744800, '0.001'],
              [1768744805.5, '0.2'],
            ],
          },
        ],
      },
    });
    const s = parseMetrics(body, 'q.json');
    expect(s[0]).toMatchObject({
      metric: 'http_error_rate',
      labels: { service: 'park-ticketing', region: 'us-east-1' },
    });
    expect(s[0]!.points).toEqual([
      { t: 1768744800000, v: 0.001 },
      { t: 1768744805500, v: 0.2 },
    ]);
  });

  it('refuses an instant-query or failed response', () => {
    expect(() =>
      parsePrometheus('{"status":"success","data":{"resultType":"vector","result":[]}}', 'q.json'),
    ).toThrow(/matrix/);
    expect(() => parsePrometheus('{"status":"error","error":"x"}', 'q.json')).toThrow(/not "success"/);
    expect(() => parsePrometheus('{"status":', 'q.json')).toThrow(/q\.json:1: not valid JSON/);
  });
});
