/**
 * Incident records (DESIGN §2.5, seed 001 §9): `incidents/INC-YYYYMMDD-HHMMSS.md`, YAML front matter and
 * the six required `##` sections. Parsed with unified + remark-parse + remark-frontmatter; every problem
 * (missing field, missing section, id/filename mismatch, times out of order) is reported at once with
 * file:line. Pure: text in, record or problems out.
 */
import type { Heading, Root, RootContent, Yaml } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { badInput, GatehouseError, type Problem } from '../core/errors.js';
import { positionOf } from '../formats/messages.js';
import type { IncidentFrontMatter, Locate } from '../core/documents.js';
import { checkSchema } from '../formats/validate.js';
import { parseYaml } from '../formats/yaml.js';
import { incidentTimes } from './times.js';

/** seed 001 §9: Description, Cause, Impact, Response, Resolution, Prevention — in this order. */
export const INCIDENT_SECTIONS = [
  'Description',
  'Cause',
  'Impact',
  'Response',
  'Resolution',
  'Prevention',
] as const;
export type IncidentSection = (typeof INCIDENT_SECTIONS)[number];

export const INCIDENT_ID = /^INC-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/;

export interface SectionText {
  /** 1-based line of the `##` heading. */
  line: number;
  /** The Markdown under the heading, up to the next heading of depth ≤ 2, trimmed. */
  text: string;
  /** True when the text holds nothing but whitespace and HTML comments (template placeholders). */
  empty: boolean;
}

export interface IncidentRecord {
  file: string;
  front: IncidentFrontMatter;
  locate: Locate;
  sections: Record<IncidentSection, SectionText>;
  /** Derived (DESIGN §2.5, src/incidents/times.ts): started→resolved and detected→resolved, in ms; undefined while open. */
  durationMs?: number;
  mttrMs?: number;
  open: boolean;
}

/** `INC-YYYYMMDD-HHMMSS` of a time (UTC). */
export function incidentIdAt(t: Date): string {
  const iso = t.toISOString();
  return `INC-${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

/** The time an incident id names, or undefined when it names no real instant. */
export function incidentIdTime(id: string): Date | undefined {
  const m = INCIDENT_ID.exec(id);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return t.getUTCFullYear() === y &&
    t.getUTCMonth() === mo - 1 &&
    t.getUTCDate() === d &&
    h < 24 &&
    mi < 60 &&
    s < 60
    ? t
    : undefined;
}

function parseMarkdown(text: string): Root {
  return unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).parse(text);
}

const isEmptyText = (s: string): boolean => s.replace(/<!--[\s\S]*?-->/g, '').trim() === '';

/** The last path segment of a repository path. */
function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/**
 * Every problem with an incident record, and the record when there is none. `requireFilled` also demands
 * non-empty sections (a resolved record must be written up; an open one may hold placeholders).
 */
export function checkIncident(text: string, file: string): { problems: Problem[]; record?: IncidentRecord } {
  const problems: Problem[] = [];
  const tree = parseMarkdown(text.replace(/\r\n/g, '\n'));
  const first = tree.children[0];
  if (!first || first.type !== 'yaml') {
    problems.push({
      file,
      line: 1,
      col: 1,
      message:
        'an incident record starts with YAML front matter: a "---" line, the fields (id, type, severity, started_at, detected_at, operator, documented_at), and a closing "---" line',
    });
    return { problems };
  }
  const yamlNode = first as Yaml;
  let front: IncidentFrontMatter | undefined;
  let locate: Locate = () => undefined;
  try {
    const parsed = parseYaml(yamlNode.value, file, { lineOffset: 1 });
    locate = parsed.locate;
    if (parsed.value === null || parsed.value === undefined) {
      problems.push({ file, line: 1, col: 1, message: 'the front matter is empty' });
    } else {
      const found = checkSchema('incident', parsed.value, file, locate);
      problems.push(...found);
      if (found.length === 0) front = parsed.value as IncidentFrontMatter;
    }
  } catch (e) {
    if (e instanceof GatehouseError && e.problems.length > 0) problems.push(...e.problems);
    else throw e;
  }

  const sections = readSections(tree.children, text, file, problems, (yamlNode.position?.end.line ?? 1) + 1);

  if (front) problems.push(...frontProblems(front, file, locate));
  if (front && front.resolved_at)
    for (const name of INCIDENT_SECTIONS) {
      const s = sections[name];
      if (s && s.empty)
        problems.push({
          file,
          line: s.line,
          col: 1,
          message: `section "## ${name}" is empty: a resolved incident is written up in full (seed 001 §9)`,
        });
    }
  if (problems.length > 0 || !front) return { problems };
  const record: IncidentRecord = {
    file,
    front,
    locate,
    sections: sections as Record<IncidentSection, SectionText>,
    open: !front.resolved_at,
    ...derivedTimes(front),
  };
  return { problems, record };
}

/** Parse an incident record or throw bad input listing every problem. */
export function parseIncident(text: string, file: string): IncidentRecord {
  const { problems, record } = checkIncident(text, file);
  if (!record) throw badInput(problems);
  return record;
}

function readSections(
  nodes: readonly RootContent[],
  text: string,
  file: string,
  problems: Problem[],
  afterFrontLine: number,
): Partial<Record<IncidentSection, SectionText>> {
  const out: Partial<Record<IncidentSection, SectionText>> = {};
  const headings = nodes
    .map((n, i) => ({ n, i }))
    .filter((x): x is { n: Heading; i: number } => x.n.type === 'heading' && (x.n as Heading).depth <= 2);
  for (let h = 0; h < headings.length; h++) {
    const { n } = headings[h]!;
    if (n.depth !== 2) continue;
    const title = n.children
      .map((c) => ('value' in c ? c.value : ''))
      .join('')
      .trim();
    const name = INCIDENT_SECTIONS.find((s) => s.toLowerCase() === title.toLowerCase());
    if (!name) continue;
    const line = n.position?.start.line ?? 1;
    if (out[name]) {
      problems.push({
        file,
        line,
        col: 1,
        message: `section "## ${name}" appears twice (first at line ${out[name].line})`,
      });
      continue;
    }
    const start = n.position?.end.offset ?? 0;
    const next = headings[h + 1]?.n.position?.start.offset ?? text.length;
    const body = text.slice(start, next).trim();
    out[name] = { line, text: body, empty: isEmptyText(body) };
  }
  const lastLine = text.replace(/\n+$/, '').split('\n').length;
  let expectedAfter = afterFrontLine;
  for (const name of INCIDENT_SECTIONS) {
    const s = out[name];
    if (s) {
      expectedAfter = s.line;
      continue;
    }
    problems.push({
      file,
      line: Math.min(Math.max(expectedAfter, 1), Math.max(lastLine, 1)),
      col: 1,
      message: `missing section "## ${name}" (required: ${INCIDENT_SECTIONS.map((x) => `## ${x}`).join(', ')})`,
    });
  }
  return out;
}

function frontProblems(front: IncidentFrontMatter, file: string, locate: Locate): Problem[] {
  const out: Problem[] = [];
  const at = (pointer: string, message: string): void => {
    out.push({ file, ...positionOf(locate, pointer), pointer, message });
  };
  const expected = `${front.id}.md`;
  if (baseName(file) !== expected)
    at('/id', `id ${front.id} does not match the file name ${baseName(file)} (expected ${expected})`);
  if (!incidentIdTime(front.id))
    at('/id', `id ${front.id} does not name a real time (INC-YYYYMMDD-HHMMSS, UTC)`);
  const t = (s: string | null | undefined): number | undefined => (s ? Date.parse(s) : undefined);
  const detected = t(front.detected_at);
  const resolved = t(front.resolved_at);
  // detected/resolved against started_at are checked with the schema (src/formats/semantic.ts)
  if (resolved !== undefined && detected !== undefined && resolved < detected)
    at('/resolved_at', `resolved_at ${String(front.resolved_at)} is before detected_at ${front.detected_at}`);
  if (front.amends === front.id) at('/amends', 'a record cannot amend itself');
  return out;
}

/** Duration (started→resolved) and MTTR (detected→resolved), in ms (src/incidents/times.ts); nothing while unresolved. */
export function derivedTimes(front: IncidentFrontMatter): { durationMs?: number; mttrMs?: number } {
  if (!front.resolved_at) return {};
  const { durationMs, mttrMs } = incidentTimes(front);
  return {
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(mttrMs !== undefined ? { mttrMs } : {}),
  };
}
