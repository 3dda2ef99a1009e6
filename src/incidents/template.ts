/**
 * Writing incident records (DESIGN §2.5): a filled template for `incident new`, and the completion of an
 * open record for `incident resolve`. Pure text transforms; the result is always re-parsed, so what is
 * written is a valid record or nothing is written.
 */
import { parseDocument, stringify } from 'yaml';
import { badInput } from '../core/errors.js';
import type { IncidentFrontMatter } from '../core/documents.js';
import {
  checkIncident,
  INCIDENT_SECTIONS,
  parseIncident,
  type IncidentRecord,
  type IncidentSection,
} from './record.js';

const PLACEHOLDER: Record<IncidentSection, string> = {
  Description: '<!-- What happened, as observed. -->',
  Cause: '<!-- The root cause (ledger entry, change, or external factor). -->',
  Impact: '<!-- What was affected: services, regions, resources, people. -->',
  Response: '<!-- What was done, in order, with times. -->',
  Resolution: '<!-- How it was resolved (rollback, fix, override). -->',
  Prevention: '<!-- How to prevent a recurrence. -->',
};

const FIELD_ORDER: (keyof IncidentFrontMatter)[] = [
  'id',
  'type',
  'severity',
  'started_at',
  'detected_at',
  'resolved_at',
  'operator',
  'documented_at',
  'services',
  'regions',
  'culprit',
  'overrides',
  'amends',
];

function orderedFront(front: IncidentFrontMatter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of FIELD_ORDER) if (front[k] !== undefined) out[k] = front[k];
  return out;
}

/** A new record: the front matter given, and each section's text or its placeholder. */
export function renderIncident(
  front: IncidentFrontMatter,
  sections: Partial<Record<IncidentSection, string>> = {},
): string {
  const yaml = stringify(orderedFront(front), { lineWidth: 0, nullStr: 'null' });
  const body = INCIDENT_SECTIONS.map(
    (name) => `## ${name}\n\n${(sections[name] ?? '').trim() || PLACEHOLDER[name]}\n`,
  );
  return `---\n${yaml}---\n\n# ${front.id}: ${front.type}\n\n${body.join('\n')}`;
}

/** Renders and checks a new record; bad input (with the file) when the fields do not make a valid one. */
export function newIncidentText(
  front: IncidentFrontMatter,
  file: string,
  sections: Partial<Record<IncidentSection, string>> = {},
): { text: string; record: IncidentRecord } {
  const text = renderIncident(front, sections);
  return { text, record: parseIncident(text, file) };
}

export interface ResolveInput {
  resolvedAt: string;
  /** Texts for sections, replacing what they hold. */
  sections?: Partial<Record<IncidentSection, string>>;
  culprit?: number;
}

/**
 * Completes an open record: sets `resolved_at` (and `culprit` when given), fills the sections given, and
 * checks that the result is a complete record (every section written). Bad input when the record is
 * already resolved or would still have empty sections; the message lists them with file:line.
 */
export function resolveIncidentText(
  text: string,
  file: string,
  input: ResolveInput,
): { text: string; record: IncidentRecord } {
  const current = parseIncident(text, file);
  if (!current.open)
    throw badInput([
      {
        file,
        ...(current.locate('/resolved_at') ?? { line: 1 }),
        message: `${current.front.id} is already resolved at ${String(current.front.resolved_at)}; corrections are new records with \`amends: ${current.front.id}\``,
      },
    ]);
  const normalised = text.replace(/\r\n/g, '\n');
  const close = normalised.indexOf('\n---', 3);
  const yamlText = normalised.slice(4, close + 1);
  const rest = normalised.slice(close + 4);
  const doc = parseDocument(yamlText);
  doc.set('resolved_at', input.resolvedAt);
  if (input.culprit !== undefined) doc.set('culprit', input.culprit);
  let body = rest;
  for (const [name, value] of Object.entries(input.sections ?? {}) as [
    IncidentSection,
    string | undefined,
  ][]) {
    if (value === undefined) continue;
    body = replaceSection(body, name, value.trim());
  }
  const out = `---\n${doc.toString({ lineWidth: 0 })}---${body}`;
  const { problems, record } = checkIncident(out, file);
  if (!record)
    throw badInput(
      problems,
      `${file}: cannot resolve ${current.front.id}:\n${problems.map((p) => `${p.file}:${p.line ?? 1}: ${p.message}`).join('\n')}\n(fill them with --description, --cause, --impact, --response, --resolution, --prevention or edit the file)`,
    );
  return { text: out, record };
}

function replaceSection(body: string, name: IncidentSection, value: string): string {
  const lines = body.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^##\\s+${name}\\s*$`, 'i').test(l));
  if (start < 0) return body;
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++)
    if (/^#{1,2}\s/.test(lines[i]!)) {
      end = i;
      break;
    }
  const tail = end < lines.length ? ['', ...lines.slice(end)] : [''];
  return [...lines.slice(0, start + 1), '', value, ...tail].join('\n');
}
