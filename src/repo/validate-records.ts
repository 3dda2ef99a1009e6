/**
 * Validation of the governed files that are not plain YAML documents: incident records (YAML front
 * matter in Markdown), ledger segments (JSON lines) and checkpoint notes. Each returns problems; none
 * throws for bad input.
 */
import { parseDocument, LineCounter } from 'yaml';
import type { Problem } from '../core/errors.js';
import { checkCheckpointText } from '../formats/checkpoint.js';
import type { Locate } from '../core/documents.js';
import { checkSchema, type KindType } from '../formats/validate.js';
import { decodeUtf8, parseYaml } from '../formats/yaml.js';
import { unescapeToken } from '../core/pointer.js';
import { problemsOf } from './load-policy.js';

type Pos = { line: number; col: number };

/** Decode strictly; on failure push the located problem and return undefined. */
export function textOf(bytes: Uint8Array, file: string, problems: Problem[]): string | undefined {
  try {
    return decodeUtf8(bytes, file);
  } catch (e) {
    problems.push(...problemsOf(e));
    return undefined;
  }
}

/**
 * An incident record (DESIGN §2.5): front matter between a leading `---` line and the next `---` (or
 * `...`) line, parsed with the hardened YAML loader, positions offset to the Markdown file.
 */
export function checkIncidentRecord(
  bytes: Uint8Array,
  file: string,
): { problems: Problem[]; value?: KindType<'incident'> } {
  const problems: Problem[] = [];
  const text = textOf(bytes, file, problems);
  if (text === undefined) return { problems };
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const close = lines.findIndex((l, i) => i > 0 && (l === '---' || l === '...'));
  if (lines[0] !== '---' || close === -1) {
    problems.push({
      file,
      line: 1,
      col: 1,
      message:
        'an incident record starts with YAML front matter: a "---" line, the fields (id, type, severity, …), and a closing "---" line',
    });
    return { problems };
  }
  try {
    const { value, locate } = parseYaml(lines.slice(1, close).join('\n'), file, { lineOffset: 1 });
    if (value === null) {
      problems.push({ file, line: 1, col: 1, message: 'the front matter is empty' });
      return { problems };
    }
    const found = checkSchema('incident', value, file, locate);
    problems.push(...found);
    if (found.length > 0) return { problems };
    return { problems, value: value as KindType<'incident'> };
  } catch (e) {
    problems.push(...problemsOf(e));
    return { problems };
  }
}

/** Lazily parsed positions inside one JSON line (only needed when that line has a problem). */
function jsonLineLocate(line: string, lineNo: number): Locate {
  let index: ((p: string) => Pos | undefined) | undefined;
  return (pointer: string) => {
    if (!index) {
      const lc = new LineCounter();
      const doc = parseDocument(line, { lineCounter: lc, schema: 'core', uniqueKeys: false });
      index = (p: string) => {
        const path = p === '' ? [] : p.slice(1).split('/').map(unescapeToken);
        const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
        const range = (node as { range?: [number, number, number] } | undefined)?.range;
        return range ? { line: lineNo, col: lc.linePos(range[0]).col } : undefined;
      };
    }
    return index(pointer) ?? { line: lineNo, col: 1 };
  };
}

/** A ledger segment (DESIGN §4): one JSON object per line, each checked against the ledger-entry schema. */
export function checkLedgerSegment(bytes: Uint8Array, file: string): Problem[] {
  const problems: Problem[] = [];
  const text = textOf(bytes, file, problems);
  if (text === undefined) return problems;
  if (text.length > 0 && !text.endsWith('\n'))
    problems.push({
      file,
      line: text.split('\n').length,
      col: 1,
      message: 'the segment must end with a newline (an unterminated last line means an interrupted write)',
    });
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, i) => {
    const lineNo = i + 1;
    if (line.trim() === '') {
      problems.push({ file, line: lineNo, col: 1, message: 'blank line: every line is one ledger entry' });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      const at = /position (\d+)/.exec((e as Error).message);
      problems.push({
        file,
        line: lineNo,
        col: at ? Number(at[1]) + 1 : 1,
        message: `not valid JSON: ${(e as Error).message}`,
      });
      return;
    }
    problems.push(...checkSchema('ledger-entry', value, file, jsonLineLocate(line, lineNo)));
  });
  return problems;
}

/** A checkpoint note (DESIGN §4, C2SP signed note): structure, then the checkpoint schema. */
export function checkCheckpointNote(bytes: Uint8Array, file: string): Problem[] {
  const problems: Problem[] = [];
  const text = textOf(bytes, file, problems);
  if (text === undefined) return problems;
  problems.push(...checkCheckpointText(text, file).problems);
  return problems;
}

/** A JSON snapshot file: must parse (its contents are checked by `verify`). */
export function checkJsonFile(bytes: Uint8Array, file: string): Problem[] {
  const problems: Problem[] = [];
  const text = textOf(bytes, file, problems);
  if (text === undefined) return problems;
  try {
    JSON.parse(text);
  } catch (e) {
    problems.push({ file, line: 1, col: 1, message: `not valid JSON: ${(e as Error).message}` });
  }
  return problems;
}
