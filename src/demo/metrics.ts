/**
 * The demo's metrics: CSV `timestamp,metric,value,label=value…` (the `incident detect` input format, DESIGN §5)
 * with one error-rate series per (service, region), sampled every 30 s. The series of the spiking service and
 * region jumps well above twice its baseline for a stretch; every other series stays flat. Deterministic: a
 * fixed wobble instead of randomness, so the same inputs give the same file.
 */
import { isoAt } from './git.js';

export interface SpikeSeries {
  /** First sample (ms since the epoch); the detector learns its baseline from the start of each series. */
  fromMs: number;
  toMs: number;
  stepMs: number;
  series: { service: string; region: string }[];
  spike: { service: string; region: string; fromMs: number; toMs: number; value: number };
  metric: string;
  baseline: number;
}

const matches = (a: { service: string; region: string }, b: { service: string; region: string }): boolean =>
  a.service === b.service && a.region === b.region;

export function spikeCsv(o: SpikeSeries): string {
  const out: string[] = ['timestamp,metric,value'];
  let i = 0;
  for (let t = o.fromMs; t <= o.toMs; t += o.stepMs, i++) {
    for (const s of o.series) {
      const wobble = ((i * 7 + s.region.length * 3 + s.service.length) % 5) / 1000; // 0..0.004
      const inSpike = matches(s, o.spike) && t >= o.spike.fromMs && t < o.spike.toMs;
      const v = inSpike ? o.spike.value + wobble : o.baseline + wobble;
      out.push(`${isoAt(t)},${o.metric},${v.toFixed(4)},service=${s.service},region=${s.region}`);
    }
  }
  return `${out.join('\n')}\n`;
}
