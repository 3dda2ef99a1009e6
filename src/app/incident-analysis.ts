/**
 * Anomaly detection over metrics and causal change ranking over the ledger (DESIGN §5, seed 001 §9):
 * `incident detect` and `incident rca`.
 */
import { badInput, notFound } from '../core/errors.js';
import { parseDuration } from '../core/duration.js';
import {
  detectAnomalies,
  detectConfigFrom,
  type AnomalyWindow,
  type DetectReport,
} from '../detect/detect.js';
import { parseMetrics } from '../detect/metrics.js';
import { newestFirst, rankCauses, type RcaResult } from '../rca/rank.js';
import { loadLayout } from '../repo/layout.js';
import { loadStateDocuments } from '../repo/load-state.js';
import { buildState } from '../state/build.js';
import type { LedgerFiles, WorkTree } from './ports.js';
import { loadIncidentPolicy } from './work-files.js';

/** A file the user named: under the repository root, else `fallback` (the path as given, from where they are). */
export interface NamedFile {
  path: string;
  fallback: string;
}

async function readNamed(work: WorkTree, named: NamedFile, flag: string): Promise<string> {
  const quiet = (p: string): Promise<string | undefined> => work.readText(p).catch(() => undefined);
  const text = (await quiet(named.path)) ?? (await quiet(named.fallback));
  if (text === undefined) throw notFound(`${flag} ${named.path}: cannot read the file`, named.path);
  return text;
}

export interface IncidentDetectRequest {
  metrics: NamedFile;
  baselines?: Record<string, number>;
  /** `--confirmation`, a duration. */
  confirmation?: string;
}

export interface IncidentDetectResult {
  report: DetectReport;
  confirmationMs: number;
}

export async function incidentDetect(
  request: IncidentDetectRequest,
  ports: { work: WorkTree },
): Promise<IncidentDetectResult> {
  const text = await readNamed(ports.work, request.metrics, '--metrics');
  const layout = await loadLayout(ports.work);
  const policy = await loadIncidentPolicy(ports.work, layout);
  const config = detectConfigFrom(policy, request.baselines);
  if (request.confirmation !== undefined) config.confirmationMs = parseDuration(request.confirmation);
  const report = detectAnomalies(parseMetrics(text, request.metrics.path), config);
  return { report, confirmationMs: config.confirmationMs };
}

/** The anomaly `index` of `incident detect --json` output (or a single anomaly object). */
async function anomalyFrom(work: WorkTree, named: NamedFile, index: number): Promise<AnomalyWindow> {
  const file = named.path;
  const text = await readNamed(work, named, '--anomaly-json');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw badInput([{ file, line: 1, message: `not valid JSON: ${(e as Error).message}` }]);
  }
  const all = (doc as { anomalies?: unknown }).anomalies;
  const a = (Array.isArray(all) ? all[index] : index === 0 ? doc : undefined) as AnomalyWindow | undefined;
  if (!a || typeof a.start !== 'string' || typeof a.labels !== 'object')
    throw badInput([
      {
        file,
        line: 1,
        message: `expected the output of \`incident detect --json\` with an anomaly at index ${index}`,
      },
    ]);
  return a;
}

export interface IncidentRcaRequest {
  /** The anomaly: a time (ISO, normalised) or an anomaly of `incident detect --json`. */
  target: { at: string } | { anomaly: NamedFile; index: number };
  services: string[];
  regions: string[];
  /** `--horizon`, a duration. */
  horizon?: string;
  limit: number;
}

export interface IncidentRcaResult {
  at: string;
  services: string[];
  regions: string[];
  result: RcaResult;
  /** Why regions of updated resources are unknown, when state/ could not be read. */
  note?: string;
}

export async function incidentRca(
  request: IncidentRcaRequest,
  ports: { work: WorkTree; ledger: Pick<LedgerFiles, 'segments'> },
): Promise<IncidentRcaResult> {
  let { services, regions } = request;
  let at: string;
  if ('anomaly' in request.target) {
    const a = await anomalyFrom(ports.work, request.target.anomaly, request.target.index);
    at = a.start;
    if (a.labels.service) services = [a.labels.service];
    if (a.labels.region) regions = [a.labels.region];
  } else at = request.target.at;
  const layout = await loadLayout(ports.work);
  // Regions of updated resources come from state/ (ops of updates do not carry them).
  let regionOf: ((key: string) => string | undefined) | undefined;
  let note: string | undefined;
  try {
    const built = buildState(await loadStateDocuments(ports.work, layout));
    regionOf = (key) => built.state.resources[key]?.region;
  } catch {
    note = 'state/ could not be read: regions of updated resources are unknown';
  }
  const { horizon } = request;
  const result = rankCauses(
    newestFirst(await ports.ledger.segments(layout)),
    { at, services, regions },
    {
      ...(horizon !== undefined ? { horizonMs: parseDuration(horizon) } : {}),
      limit: request.limit,
      ...(regionOf ? { regionOf } : {}),
    },
  );
  return { at, services, regions, result, ...(note ? { note } : {}) };
}
