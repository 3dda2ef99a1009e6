/**
 * `gatehouse incident new|resolve|detect|rca` (DESIGN §2.5, §5; seed 000 Part 4, seed 001 §9):
 * incident records, anomaly detection over metrics, and causal change ranking over the ledger.
 */
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { badInput, conflict, notFound, usageError } from '../../core/errors.js';
import { detectAnomalies, detectConfigFrom, formatAnomaly, type AnomalyWindow } from '../../detect/detect.js';
import { parseMetrics } from '../../detect/metrics.js';
import { parseDuration, formatDuration } from '../../core/duration.js';
import type { IncidentFrontMatter, IncidentPolicy, Severity } from '../../core/documents.js';
import { loadDocument } from '../../formats/validate.js';
import { amendingFront, type AmendFields } from '../../incidents/amend.js';
import {
  incidentIdAt,
  parseIncident,
  type IncidentRecord,
  type IncidentSection,
} from '../../incidents/record.js';
import { mttrTargetMs, wholeSeconds } from '../../incidents/times.js';
import { newIncidentText, resolveIncidentText } from '../../incidents/template.js';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { snapshotsDir } from '../../ledger/layout.js';
import { listSegments } from '../../store/ledger-store.js';
import { formatCandidate, newestFirst, rankCauses } from '../../rca/rank.js';
import { FsTree } from '../../repo/fs-tree.js';
import { joinPath, loadLayout, type RepoLayout } from '../../repo/layout.js';
import { loadStateDocuments } from '../../repo/load-state.js';
import type { SegmentRef, SnapshotFiles } from '../../rollback/ledger-view.js';
import { buildState } from '../../state/build.js';
import { optionalInt, optionalString, parseIsoFlag, requireString } from '../args.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';
import { committedAtHead, resolvingAmendment } from './incident-amend.js';

const USAGE = [
  'gatehouse incident new --type T --severity critical|high|medium|low --operator ID [--started-at ISO] [--detected-at ISO] [--services a,b] [--regions r] [--culprit SEQ] [--overrides OVR] [--amends INC] [--id INC-…] [--description TEXT …]',
  'gatehouse incident resolve INC-… [--resolved-at ISO] [--id INC-… (of the amending record, when INC-… is committed)] [--culprit SEQ] [--cause TEXT] [--impact TEXT] [--response TEXT] [--resolution TEXT] [--prevention TEXT] [--description TEXT]',
  'gatehouse incident detect --metrics FILE [--baseline METRIC=VALUE …]',
  'gatehouse incident rca (--at ISO [--service S] [--region R] | --anomaly-json FILE [--index N]) [--horizon 24h] [--limit N]',
].join('\n       ');

const SECTION_FLAGS: Record<string, IncidentSection> = {
  description: 'Description',
  cause: 'Cause',
  impact: 'Impact',
  response: 'Response',
  resolution: 'Resolution',
  prevention: 'Prevention',
};

// ---- small fs helpers shared by the incident, rollback, override and monitor commands ----------------

/** Writes a new file atomically; refuses to overwrite (exit 2, nothing written). */
export async function writeNewFile(repo: string, rel: string, text: string): Promise<void> {
  const abs = join(repo, rel);
  const exists = await readFile(abs).then(
    () => true,
    () => false,
  );
  if (exists) throw conflict(`${rel} already exists: records are never overwritten (choose another id)`);
  await mkdir(dirname(abs), { recursive: true });
  await writeFileAtomic(abs, text);
}

export async function writeFileRel(repo: string, rel: string, text: string): Promise<void> {
  await mkdir(dirname(join(repo, rel)), { recursive: true });
  await writeFileAtomic(join(repo, rel), text);
}

export async function readTextRel(repo: string, rel: string): Promise<string | undefined> {
  try {
    return await readFile(join(repo, rel), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The ledger's segment files as lazily read refs. */
export async function segmentRefs(repo: string, layout: RepoLayout): Promise<SegmentRef[]> {
  const { segments } = await listSegments(repo, layout);
  return segments.map((s) => ({
    file: s.file,
    firstSeq: s.firstSeq,
    read: () => readFileSync(s.abs, 'utf8'),
  }));
}

/** Snapshot files by seq, read on demand. */
export async function snapshotFiles(repo: string, layout: RepoLayout): Promise<SnapshotFiles> {
  const dir = snapshotsDir(layout);
  const names = await readdir(join(repo, dir)).catch(() => [] as string[]);
  const out = new Map<number, () => string | undefined>();
  for (const n of names) {
    const m = /^(\d+)\.json$/.exec(n);
    if (m)
      out.set(Number(m[1]), () => {
        try {
          return readFileSync(join(repo, dir, n), 'utf8');
        } catch {
          return undefined;
        }
      });
  }
  return out;
}

export async function loadIncidentPolicy(repo: string, layout: RepoLayout): Promise<IncidentPolicy> {
  const file = joinPath(layout.paths.policies, 'incident.yaml');
  const text = await readTextRel(repo, file);
  return text === undefined ? {} : loadDocument('incident-policy', text, file).value;
}

const list = (v: string | undefined): string[] | undefined =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

function sectionTexts(args: ParsedArgs): Partial<Record<IncidentSection, string>> {
  const out: Partial<Record<IncidentSection, string>> = {};
  for (const [flag, name] of Object.entries(SECTION_FLAGS)) {
    const v = optionalString(args, flag);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

const isoOf = (d: Date): string => d.toISOString().replace('.000Z', 'Z');

// ---- new / resolve --------------------------------------------------------------------------------

async function runNew(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const layout = await loadLayout(new FsTree(ctx.repo));
  const usage = USAGE.split('\n')[0]!;
  // DESIGN §2.5: a correction is a new record that `amends` an earlier one; it speaks for the same
  // incident, so it starts from that record's fields (src/incidents/amend.ts); flags given still win.
  const amends = optionalString(args, 'amends');
  let base: IncidentFrontMatter | undefined;
  if (amends !== undefined) {
    const amendedFile = joinPath(layout.paths.incidents, `${amends}.md`);
    const text = await readTextRel(ctx.repo, amendedFile);
    if (text === undefined) throw notFound(`--amends ${amends}: no record ${amendedFile}`, amendedFile);
    base = parseIncident(text, amendedFile).front;
  }
  const flag = (name: string): string | undefined => optionalString(args, name);
  const need = (name: string): string | undefined =>
    base ? flag(name) : (flag(name) ?? requireString(args, name, usage));
  const severity = need('severity');
  if (severity !== undefined && !['critical', 'high', 'medium', 'low'].includes(severity))
    throw usageError(`--severity must be critical, high, medium or low; found "${severity}"`);
  const time = (name: 'started-at' | 'detected-at'): string | undefined => {
    const v = flag(name);
    return v !== undefined ? isoOf(parseIsoFlag(name, v)) : base ? undefined : isoOf(ctx.now);
  };
  const id = flag('id') ?? incidentIdAt(ctx.now);
  const given: AmendFields = {
    id,
    documented_at: isoOf(ctx.now),
    type: need('type'),
    severity: severity as Severity | undefined,
    started_at: time('started-at'),
    detected_at: time('detected-at'),
    operator: need('operator'),
    services: list(flag('services')),
    regions: list(flag('regions')),
    culprit: optionalInt(args, 'culprit'),
    overrides: flag('overrides'),
  };
  const front: IncidentFrontMatter = base
    ? amendingFront(base, given)
    : (Object.fromEntries(
        Object.entries({ ...given, resolved_at: null }).filter(([, v]) => v !== undefined),
      ) as unknown as IncidentFrontMatter);
  const file = joinPath(layout.paths.incidents, `${id}.md`);
  const { text } = newIncidentText(front, file, sectionTexts(args));
  await writeNewFile(ctx.repo, file, text);
  if (ctx.json) ctx.stdout(JSON.stringify({ id, file }));
  else ctx.stdout(`wrote ${file}\nnext: fill in the sections, then \`gatehouse incident resolve ${id}\``);
  return 0;
}

async function runResolve(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const id = args.positionals[1];
  if (!id) throw usageError(`incident resolve needs an incident id\nusage: ${USAGE.split('\n')[1]!.trim()}`);
  const layout = await loadLayout(new FsTree(ctx.repo));
  const file = joinPath(layout.paths.incidents, `${id}.md`);
  const at = optionalString(args, 'resolved-at');
  const culprit = optionalInt(args, 'culprit');
  const input = {
    resolvedAt: at !== undefined ? isoOf(parseIsoFlag('resolved-at', at)) : isoOf(ctx.now),
    sections: sectionTexts(args),
    ...(culprit !== undefined ? { culprit } : {}),
  };
  const policy = await loadIncidentPolicy(ctx.repo, layout);
  // DESIGN §2.5: a record HEAD holds is immutable; its resolution is a new record that amends it.
  const committed = await committedAtHead(ctx.repo, file);
  let written: { file: string; record: IncidentRecord };
  let note: string | undefined;
  if (committed) {
    const a = await resolvingAmendment(ctx.repo, layout, file, committed, {
      ...(optionalString(args, 'id') !== undefined ? { id: optionalString(args, 'id')! } : {}),
      now: ctx.now,
      documentedAt: isoOf(ctx.now),
      input,
    });
    await writeNewFile(ctx.repo, a.file, a.text);
    written = a;
    note = `${file} is committed (HEAD ${committed.commit.slice(0, 12)}) and records are immutable once committed, so the resolution is a new record: wrote ${a.file} (amends: ${id}); ${file} is unchanged`;
  } else {
    const text = await readTextRel(ctx.repo, file);
    if (text === undefined) throw notFound(`${file} does not exist`, file);
    const r = resolveIncidentText(text, file, input);
    await writeFileRel(ctx.repo, file, r.text);
    written = { file, record: r.record };
  }
  const { record } = written;
  const target = mttrTargetMs(policy);
  const mttr = record.mttrMs ?? 0;
  const duration = record.durationMs ?? 0;
  if (ctx.json)
    ctx.stdout(
      JSON.stringify({
        id,
        file: written.file,
        ...(committed ? { record: record.front.id, amends: id, committed: committed.commit } : {}),
        resolved_at: record.front.resolved_at,
        mttr_s: wholeSeconds(mttr),
        duration_s: wholeSeconds(duration),
        mttr_target_s: wholeSeconds(target),
        within_target: mttr <= target,
      }),
    );
  else
    ctx.stdout(
      [
        ...(note ? [note] : []),
        `resolved ${id} in ${written.file}`,
        `MTTR (detected→resolved): ${formatDuration(mttr)} (target ${formatDuration(target)}: ${mttr <= target ? 'met' : 'missed'})`,
        `duration (started→resolved): ${formatDuration(duration)}`,
      ].join('\n'),
    );
  return 0;
}

// ---- detect ----------------------------------------------------------------------------------------

function parseBaselines(v: ParsedArgs['values'][string]): Record<string, number> | undefined {
  const items = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  if (items.length === 0) return undefined;
  const out: Record<string, number> = {};
  for (const item of items) {
    const eq = item.lastIndexOf('=');
    const n = Number(item.slice(eq + 1));
    if (eq <= 0 || !Number.isFinite(n)) throw usageError(`--baseline expects METRIC=NUMBER, found "${item}"`);
    out[item.slice(0, eq)] = n;
  }
  return out;
}

async function runDetect(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const metricsFile = requireString(args, 'metrics', USAGE.split('\n')[2]!.trim());
  const text = await readFile(join(ctx.repo, metricsFile), 'utf8')
    .catch(() => readFile(metricsFile, 'utf8'))
    .catch(() => {
      throw notFound(`--metrics ${metricsFile}: cannot read the file`, metricsFile);
    });
  const layout = await loadLayout(new FsTree(ctx.repo));
  const policy = await loadIncidentPolicy(ctx.repo, layout);
  const config = detectConfigFrom(policy, parseBaselines(args.values.baseline));
  const confirmation = optionalString(args, 'confirmation');
  if (confirmation !== undefined) config.confirmationMs = parseDuration(confirmation);
  const report = detectAnomalies(parseMetrics(text, metricsFile), config);
  if (ctx.json) ctx.stdout(JSON.stringify({ ...report, confirmation_s: config.confirmationMs / 1000 }));
  else
    ctx.stdout(
      [
        ...report.anomalies.map(formatAnomaly),
        ...report.skipped.map((s) => `skipped ${s.metric}: ${s.why}`),
        `${report.anomalies.length} anomal${report.anomalies.length === 1 ? 'y' : 'ies'} confirmed (confirmation ${formatDuration(config.confirmationMs)}); ${report.suppressed} shorter excursion${report.suppressed === 1 ? '' : 's'} ignored`,
      ].join('\n'),
    );
  return report.anomalies.length > 0 ? 1 : 0;
}

// ---- rca -------------------------------------------------------------------------------------------

async function anomalyFrom(ctx: CliContext, file: string, index: number): Promise<AnomalyWindow> {
  const text = await readFile(join(ctx.repo, file), 'utf8')
    .catch(() => readFile(file, 'utf8'))
    .catch(() => {
      throw notFound(`--anomaly-json ${file}: cannot read the file`, file);
    });
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

async function runRca(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const atFlag = optionalString(args, 'at');
  const anomalyFile = optionalString(args, 'anomaly-json');
  if ((atFlag === undefined) === (anomalyFile === undefined))
    throw usageError(`give --at ISO or --anomaly-json FILE\nusage: ${USAGE.split('\n')[3]!.trim()}`);
  let at: string;
  let services: string[] = list(optionalString(args, 'service')) ?? [];
  let regions: string[] = list(optionalString(args, 'region')) ?? [];
  if (anomalyFile !== undefined) {
    const a = await anomalyFrom(ctx, anomalyFile, optionalInt(args, 'index') ?? 0);
    at = a.start;
    if (a.labels.service) services = [a.labels.service];
    if (a.labels.region) regions = [a.labels.region];
  } else at = isoOf(parseIsoFlag('at', atFlag!));
  const layout = await loadLayout(new FsTree(ctx.repo));
  const horizon = optionalString(args, 'horizon');
  // Regions of updated resources come from state/ (ops of updates do not carry them).
  let regionOf: ((key: string) => string | undefined) | undefined;
  let note: string | undefined;
  try {
    const built = buildState(await loadStateDocuments(new FsTree(ctx.repo), layout));
    regionOf = (key) => built.state.resources[key]?.region;
  } catch {
    note = 'state/ could not be read: regions of updated resources are unknown';
  }
  const result = rankCauses(
    newestFirst(await segmentRefs(ctx.repo, layout)),
    { at, services, regions },
    {
      ...(horizon !== undefined ? { horizonMs: parseDuration(horizon) } : {}),
      limit: optionalInt(args, 'limit') ?? 10,
      ...(regionOf ? { regionOf } : {}),
    },
  );
  if (ctx.json) ctx.stdout(JSON.stringify({ ...result, ...(note ? { note } : {}) }));
  else {
    const head = `anomaly at ${at}${services.length ? ` service ${services.join(',')}` : ''}${regions.length ? ` region ${regions.join(',')}` : ''}; looked back to ${result.horizon} (${result.scanned} entries)`;
    const lines = result.candidates.map((c, i) => formatCandidate(c, i + 1));
    ctx.stdout(
      [
        head,
        ...(note ? [`note: ${note}`] : []),
        ...(lines.length ? lines : ['no state-changing entry in the window']),
      ].join('\n'),
    );
  }
  return 0;
}

export const incidentCommand: Command = {
  name: 'incident',
  summary:
    'incident records (new, resolve), anomaly detection over metrics (detect), causal change ranking (rca)',
  usage: USAGE,
  options: {
    type: { type: 'string' },
    severity: { type: 'string' },
    operator: { type: 'string' },
    'started-at': { type: 'string' },
    'detected-at': { type: 'string' },
    'resolved-at': { type: 'string' },
    services: { type: 'string' },
    regions: { type: 'string' },
    culprit: { type: 'string' },
    overrides: { type: 'string' },
    amends: { type: 'string' },
    id: { type: 'string' },
    ...Object.fromEntries(Object.keys(SECTION_FLAGS).map((k) => [k, { type: 'string' as const }])),
    metrics: { type: 'string' },
    baseline: { type: 'string', multiple: true },
    confirmation: { type: 'string' },
    at: { type: 'string' },
    service: { type: 'string' },
    region: { type: 'string' },
    'anomaly-json': { type: 'string' },
    index: { type: 'string' },
    horizon: { type: 'string' },
    limit: { type: 'string' },
  },
  async run(ctx, args) {
    const sub = args.positionals[0];
    if (sub === 'new') return runNew(ctx, args);
    if (sub === 'resolve') return runResolve(ctx, args);
    if (sub === 'detect') return runDetect(ctx, args);
    if (sub === 'rca') return runRca(ctx, args);
    throw usageError(`incident needs a subcommand: new, resolve, detect or rca\nusage: ${USAGE}`);
  },
};
