/**
 * Anomaly detection (seed 000 Part 4): error rate and latency above baseline × multiplier, resource use
 * above resource_threshold (default 90 %), each persisting through a confirmation period (default 30 s)
 * before it counts. The baseline is learned from the first `baseline_window` of each series, or given.
 * Pure: series and config in, anomaly windows out.
 */
import type { IncidentPolicy } from '../core/documents.js';
import { parseDuration } from '../core/duration.js';
import type { Series } from './metrics.js';

export type MetricKind = 'error_rate' | 'latency' | 'resource' | 'other';

export interface DetectConfig {
  confirmationMs: number;
  baselineWindowMs: number;
  errorRateMultiplier: number;
  latencyMultiplier: number;
  resourceThreshold: number;
  /** Given baselines by metric name (`http_error_rate`) or by series (`http_error_rate{region=…,service=…}`). */
  baselines?: Record<string, number>;
}

/** seed 000 Part 4: 2× baseline, > 90 %, 30 s; a 5-minute learning window unless policy says otherwise. */
export const DEFAULT_DETECT: Readonly<DetectConfig> = Object.freeze({
  confirmationMs: 30_000,
  baselineWindowMs: 300_000,
  errorRateMultiplier: 2,
  latencyMultiplier: 2,
  resourceThreshold: 0.9,
});

export function detectConfigFrom(policy: IncidentPolicy, baselines?: Record<string, number>): DetectConfig {
  const d = policy.detection ?? {};
  return {
    confirmationMs: d.confirmation ? parseDuration(d.confirmation) : DEFAULT_DETECT.confirmationMs,
    baselineWindowMs: d.baseline_window ? parseDuration(d.baseline_window) : DEFAULT_DETECT.baselineWindowMs,
    errorRateMultiplier: d.error_rate_multiplier ?? DEFAULT_DETECT.errorRateMultiplier,
    latencyMultiplier: d.latency_multiplier ?? DEFAULT_DETECT.latencyMultiplier,
    resourceThreshold: d.resource_threshold ?? DEFAULT_DETECT.resourceThreshold,
    ...(baselines ? { baselines } : {}),
  };
}

/** What a metric measures, from its name (Prometheus naming conventions). */
export function classifyMetric(name: string): MetricKind {
  const n = name.toLowerCase();
  if (/error|fail|5xx/.test(n)) return 'error_rate';
  if (/latency|duration|response_time|_seconds$|_ms$/.test(n)) return 'latency';
  if (/cpu|memory|mem_|utili[sz]ation|saturation|usage|disk|heap|connections_used/.test(n)) return 'resource';
  return 'other';
}

export interface AnomalyWindow {
  metric: string;
  kind: Exclude<MetricKind, 'other'>;
  labels: { service?: string; region?: string; [k: string]: string | undefined };
  /** First sample above the threshold. */
  start: string;
  /** When the excursion had lasted the confirmation period (the alert time). */
  confirmed_at: string;
  /** First sample back at or below the threshold; null while still anomalous at the end of the data. */
  end: string | null;
  peak: { ts: string; value: number };
  baseline: number;
  threshold: number;
  /** How the baseline was obtained. */
  baseline_source: 'learned' | 'given' | 'fixed';
}

export interface DetectReport {
  anomalies: AnomalyWindow[];
  /** Excursions shorter than the confirmation period (not anomalies). */
  suppressed: number;
  /** Series not examined, with why (unknown kind, no samples after the learning window). */
  skipped: { metric: string; labels: Record<string, string>; why: string }[];
}

const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');

function seriesName(s: Series): string {
  const keys = Object.keys(s.labels).sort();
  return `${s.metric}{${keys.map((k) => `${k}=${s.labels[k]}`).join(',')}}`;
}

export function detectAnomalies(series: readonly Series[], config: DetectConfig): DetectReport {
  const anomalies: AnomalyWindow[] = [];
  const skipped: DetectReport['skipped'] = [];
  let suppressed = 0;
  for (const s of series) {
    const kind = classifyMetric(s.metric);
    if (kind === 'other') {
      skipped.push({
        metric: s.metric,
        labels: s.labels,
        why: 'not an error-rate, latency or resource metric (by name)',
      });
      continue;
    }
    const first = s.points[0];
    if (!first) continue;
    let baseline: number;
    let source: AnomalyWindow['baseline_source'];
    let from = 0;
    const given = config.baselines?.[seriesName(s)] ?? config.baselines?.[s.metric];
    if (kind === 'resource') {
      baseline = given ?? 0;
      source = given !== undefined ? 'given' : 'fixed';
    } else if (given !== undefined) {
      baseline = given;
      source = 'given';
    } else {
      const end = first.t + config.baselineWindowMs;
      let sum = 0;
      let n = 0;
      while (from < s.points.length && s.points[from]!.t < end) {
        sum += s.points[from]!.v;
        n++;
        from++;
      }
      if (from >= s.points.length) {
        skipped.push({ metric: s.metric, labels: s.labels, why: 'no samples after the baseline window' });
        continue;
      }
      baseline = sum / n;
      source = 'learned';
    }
    const threshold =
      kind === 'error_rate'
        ? baseline * config.errorRateMultiplier
        : kind === 'latency'
          ? baseline * config.latencyMultiplier
          : config.resourceThreshold * (/percent|pct/.test(s.metric) ? 100 : 1);

    let i = from;
    while (i < s.points.length) {
      if (!(s.points[i]!.v > threshold)) {
        i++;
        continue;
      }
      const start = s.points[i]!;
      let peak = start;
      let confirmed: number | undefined;
      let j = i;
      for (; j < s.points.length && s.points[j]!.v > threshold; j++) {
        const p = s.points[j]!;
        if (p.v > peak.v) peak = p;
        if (confirmed === undefined && p.t - start.t >= config.confirmationMs)
          confirmed = start.t + config.confirmationMs;
      }
      const endPoint = s.points[j];
      if (confirmed === undefined) suppressed++;
      else
        anomalies.push({
          metric: s.metric,
          kind,
          labels: { ...s.labels },
          start: iso(start.t),
          confirmed_at: iso(confirmed),
          end: endPoint ? iso(endPoint.t) : null,
          peak: { ts: iso(peak.t), value: peak.v },
          baseline,
          threshold,
          baseline_source: source,
        });
      i = j;
    }
  }
  anomalies.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.metric < b.metric ? -1 : 1));
  return { anomalies, suppressed, skipped };
}

/** One line per anomaly for people. */
export function formatAnomaly(a: AnomalyWindow): string {
  const where = [a.labels.service, a.labels.region].filter(Boolean).join('/') || 'no service/region labels';
  const round = (x: number): string => String(Math.round(x * 10_000) / 10_000);
  return `${a.start} ${a.metric} (${where}): ${a.kind.replace('_', ' ')} above ${round(a.threshold)} (baseline ${round(a.baseline)}, ${a.baseline_source}); confirmed ${a.confirmed_at}; peak ${round(a.peak.value)} at ${a.peak.ts}; ${a.end ? `back to normal ${a.end}` : 'still anomalous at the end of the data'}`;
}
