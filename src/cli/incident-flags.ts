/** The flags of `gatehouse incident` and the use-case requests they make (src/app/incident*.ts). */
import { resolve } from 'node:path';
import { usageError } from '../core/errors.js';
import type { Severity } from '../core/documents.js';
import type { IncidentDetectRequest, IncidentRcaRequest, NamedFile } from '../app/incident-analysis.js';
import type { IncidentNewRequest, IncidentResolveRequest } from '../app/incident.js';
import type { IncidentSection } from '../incidents/record.js';
import { incidentIdAt } from '../incidents/record.js';
import { optionalInt, optionalString, parseIsoFlag, requireString } from './args.js';
import type { OptionSpec, ParsedArgs } from './command.js';

export const INCIDENT_USAGE = [
  'gatehouse incident new --type T --severity critical|high|medium|low --operator ID [--started-at ISO] [--detected-at ISO] [--services a,b] [--regions r] [--culprit SEQ] [--overrides OVR] [--amends INC] [--id INC-…] [--description TEXT …]',
  'gatehouse incident resolve INC-… [--resolved-at ISO] [--id INC-… (of the amending record, when INC-… is committed)] [--culprit SEQ] [--cause TEXT] [--impact TEXT] [--response TEXT] [--resolution TEXT] [--prevention TEXT] [--description TEXT]',
  'gatehouse incident detect --metrics FILE [--baseline METRIC=VALUE …]',
  'gatehouse incident rca (--at ISO [--service S] [--region R] | --anomaly-json FILE [--index N]) [--horizon 24h] [--limit N]',
].join('\n       ');

const usageLine = (i: number): string => INCIDENT_USAGE.split('\n')[i]!;

const SECTION_FLAGS: Record<string, IncidentSection> = {
  description: 'Description',
  cause: 'Cause',
  impact: 'Impact',
  response: 'Response',
  resolution: 'Resolution',
  prevention: 'Prevention',
};

const str = { type: 'string' } as const;
export const INCIDENT_OPTIONS: OptionSpec = {
  ...Object.fromEntries(
    'type severity operator started-at detected-at resolved-at services regions culprit overrides amends id'
      .split(' ')
      .map((k) => [k, str]),
  ),
  ...Object.fromEntries(Object.keys(SECTION_FLAGS).map((k) => [k, str])),
  metrics: str,
  baseline: { type: 'string', multiple: true },
  ...Object.fromEntries(
    'confirmation at service region anomaly-json index horizon limit'.split(' ').map((k) => [k, str]),
  ),
};

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

export const isoOf = (d: Date): string => d.toISOString().replace('.000Z', 'Z');

/** `incident new`: required flags are optional with --amends (they default to the amended record's). */
export function newRequest(args: ParsedArgs, now: Date): IncidentNewRequest {
  const amends = optionalString(args, 'amends');
  const flag = (name: string): string | undefined => optionalString(args, name);
  const need = (name: string): string | undefined =>
    amends !== undefined ? flag(name) : (flag(name) ?? requireString(args, name, usageLine(0)));
  const severity = need('severity');
  if (severity !== undefined && !['critical', 'high', 'medium', 'low'].includes(severity))
    throw usageError(`--severity must be critical, high, medium or low; found "${severity}"`);
  const time = (name: 'started-at' | 'detected-at'): string | undefined => {
    const v = flag(name);
    return v !== undefined ? isoOf(parseIsoFlag(name, v)) : amends !== undefined ? undefined : isoOf(now);
  };
  const fields = {
    id: flag('id') ?? incidentIdAt(now),
    documented_at: isoOf(now),
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
  return { ...(amends !== undefined ? { amends } : {}), fields, sections: sectionTexts(args) };
}

export function resolveRequest(args: ParsedArgs, now: Date): IncidentResolveRequest {
  const id = args.positionals[1];
  if (!id) throw usageError(`incident resolve needs an incident id\nusage: ${usageLine(1).trim()}`);
  const at = optionalString(args, 'resolved-at');
  const culprit = optionalInt(args, 'culprit');
  const amendingId = optionalString(args, 'id');
  return {
    id,
    ...(amendingId !== undefined ? { amendingId } : {}),
    now,
    documentedAt: isoOf(now),
    input: {
      resolvedAt: at !== undefined ? isoOf(parseIsoFlag('resolved-at', at)) : isoOf(now),
      sections: sectionTexts(args),
      ...(culprit !== undefined ? { culprit } : {}),
    },
  };
}

/** A file named on the command line: under the repository, else from the current directory. */
const named = (path: string): NamedFile => ({ path, fallback: resolve(path) });

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

export function detectRequest(args: ParsedArgs): IncidentDetectRequest {
  const metrics = requireString(args, 'metrics', usageLine(2).trim());
  const baselines = parseBaselines(args.values.baseline);
  const confirmation = optionalString(args, 'confirmation');
  return {
    metrics: named(metrics),
    ...(baselines ? { baselines } : {}),
    ...(confirmation !== undefined ? { confirmation } : {}),
  };
}

export function rcaRequest(args: ParsedArgs): IncidentRcaRequest {
  const atFlag = optionalString(args, 'at');
  const anomalyFile = optionalString(args, 'anomaly-json');
  if ((atFlag === undefined) === (anomalyFile === undefined))
    throw usageError(`give --at ISO or --anomaly-json FILE\nusage: ${usageLine(3).trim()}`);
  const services = list(optionalString(args, 'service')) ?? [];
  const regions = list(optionalString(args, 'region')) ?? [];
  const target =
    anomalyFile !== undefined
      ? { anomaly: named(anomalyFile), index: optionalInt(args, 'index') ?? 0 }
      : { at: isoOf(parseIsoFlag('at', atFlag!)) };
  const horizon = optionalString(args, 'horizon');
  return {
    target,
    services,
    regions,
    ...(horizon !== undefined ? { horizon } : {}),
    limit: optionalInt(args, 'limit') ?? 10,
  };
}
