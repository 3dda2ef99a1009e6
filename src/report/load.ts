/**
 * Reads what the report shows from a repository tree (a TreeReader: the working directory or a git
 * commit): the layout, actors, incident records, overrides with their signatures, checkpoint notes,
 * and the ledger segments line by line. Bad input throws badInput with file:line:col before anything
 * is written.
 */
import { badInput, type Problem } from '../core/errors.js';
import { loadCheckpointNote } from '../formats/checkpoint.js';
import type { OverrideSignature } from '../core/documents.js';
import { loadDocument } from '../formats/validate.js';
import { mttrTargetMs, wholeSeconds } from '../incidents/times.js';
import type { LedgerEntry } from '../core/ledger-entry.js';
import { filesIn, segmentList } from '../ledger/segments.js';
import { byteLines } from '../ledger/verify-segment.js';
import { joinPath, loadLayout, type RepoLayout } from '../repo/layout.js';
import type { TreeReader } from '../core/tree.js';
import { checkIncidentRecord } from '../repo/validate-records.js';
import type { CheckpointStatus } from './chain.js';
import { entryShapeProblemsOf } from './entry-facts.js';
import type { ActorInfo, IncidentRecord, OverrideRecord } from './types.js';

export interface ReportSources {
  layout: RepoLayout;
  actors: ActorInfo[];
  incidents: IncidentRecord[];
  overrides: OverrideRecord[];
  checkpoints: CheckpointStatus[];
  /** ledger segment files in seq order, as stored (a committed pending segment by its `.pending` file) */
  segments: string[];
  /** policies/incident.yaml `mttr_target`, seconds (src/incidents/times.ts; seed 000: 2 minutes by default) */
  mttrTargetSeconds: number;
}

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Everything except the ledger lines, which stream later (see segmentLines). */
export async function loadSources(tree: TreeReader): Promise<ReportSources> {
  const layout = await loadLayout(tree);
  const p = layout.paths;
  const problems: Problem[] = [];
  const collect = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      const found = (err as { problems?: Problem[] }).problems;
      if (!found || found.length === 0) throw err;
      problems.push(...found);
      return undefined;
    }
  };

  const actors: ActorInfo[] = [];
  const actorsFile = joinPath(p.policies, 'actors.yaml');
  const actorBytes = await tree.read(actorsFile);
  if (actorBytes) {
    const doc = collect(() => loadDocument('actors', actorBytes, actorsFile));
    for (const a of doc?.value.actors ?? []) actors.push({ id: a.id, kind: a.kind, max_level: a.max_level });
  }

  let mttrTargetSeconds = wholeSeconds(mttrTargetMs(undefined))!;
  const incidentPolicyFile = joinPath(p.policies, 'incident.yaml');
  const incidentPolicyBytes = await tree.read(incidentPolicyFile);
  if (incidentPolicyBytes) {
    const doc = collect(() => loadDocument('incident-policy', incidentPolicyBytes, incidentPolicyFile));
    if (doc) mttrTargetSeconds = wholeSeconds(mttrTargetMs(doc.value))!;
  }

  const incidents: IncidentRecord[] = [];
  for (const file of await tree.list(p.incidents)) {
    if (!/\/INC-[^/]*\.md$/.test(`/${file}`)) continue;
    const bytes = await tree.read(file);
    if (!bytes) continue;
    const r = checkIncidentRecord(bytes, file);
    problems.push(...r.problems);
    if (r.value) incidents.push({ ...r.value, file });
  }

  const overrides: OverrideRecord[] = [];
  const overrideFiles = await tree.list(p.overrides);
  for (const file of overrideFiles) {
    if (!file.endsWith('/override.yaml')) continue;
    const bytes = await tree.read(file);
    if (!bytes) continue;
    const doc = collect(() => loadDocument('override', bytes, file));
    if (!doc) continue;
    const dir = file.slice(0, -'override.yaml'.length);
    const signatures: OverrideSignature[] = [];
    for (const sf of overrideFiles) {
      if (!sf.startsWith(`${dir}signatures/`) || !/\.ya?ml$/.test(sf)) continue;
      const sb = await tree.read(sf);
      const sig = sb && collect(() => loadDocument('override-signature', sb, sf));
      if (sig) signatures.push(sig.value);
    }
    overrides.push({ file, request: doc.value, signatures });
  }

  const checkpoints: CheckpointStatus[] = [];
  const noteFiles = [
    joinPath(p.ledger, 'checkpoint'),
    ...(await tree.list(joinPath(p.ledger, 'checkpoints'))).filter((f) => f.endsWith('.note')),
  ];
  for (const file of noteFiles) {
    const bytes = await tree.read(file);
    if (!bytes) continue;
    const note = collect(() => loadCheckpointNote(text(bytes), file));
    if (note) checkpoints.push({ size: note.value.size, root: note.value.root, file });
  }

  // DESIGN §4: committed pending segments are part of the ledger (segments.ts `segmentList`); each is read as stored.
  const events = filesIn(joinPath(p.ledger, 'events'), await tree.list(joinPath(p.ledger, 'events')));
  const stored = (name: string): string => events.get(name)!;
  const listed = await segmentList(events.keys(), layout.ledger.segment_size, async (name) => {
    const bytes = await tree.read(stored(name));
    return bytes && text(bytes);
  });
  const segments = listed.segments.map((s) => stored(s.stored));
  if (problems.length > 0) throw badInput(problems);
  return { layout, actors, incidents, overrides, checkpoints, segments, mttrTargetSeconds };
}

/** The text of one segment file of the tree. */
export async function segmentText(tree: TreeReader, file: string): Promise<string> {
  const bytes = await tree.read(file);
  if (!bytes) throw badInput([{ file, message: 'ledger segment disappeared while reading' }]);
  return text(bytes);
}

/** The entry on one line; a line that is not JSON or not shaped like an entry is bad input (file:line:col). */
function entryOfLine(file: string, line: string, lineNo: number): LedgerEntry {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    const pos = /position (\d+)/.exec((err as Error).message);
    throw badInput([
      {
        file,
        line: lineNo,
        col: pos ? Number(pos[1]) + 1 : 1,
        message: `not a JSON ledger entry (${(err as Error).message}); every line is one JCS object (DESIGN §4)`,
      },
    ]);
  }
  const shape = entryShapeProblemsOf(parsed);
  if (shape.length > 0)
    throw badInput(
      shape.map((message) => ({ file, line: lineNo, col: 1, message: `ledger entry: ${message}` })),
    );
  return parsed as LedgerEntry;
}

/**
 * Calls `each` for every line of one segment's text, in order, with the parsed entry. A line that is
 * not JSON or not shaped like an entry is bad input (file:line:col).
 */
export function segmentLines(
  file: string,
  body: string,
  each: (entry: LedgerEntry, line: string, lineNo: number, start: number) => void,
): void {
  let start = 0;
  let lineNo = 0;
  while (start < body.length) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    const line = body.slice(start, end);
    const at = start;
    lineNo++;
    start = end + 1;
    each(entryOfLine(file, line, lineNo), line, lineNo, at);
  }
}

/**
 * segmentLines over the segment's bytes, split and decoded line by line as the verifier reads them
 * (ledger/verify-segment.ts `byteLines`), with no segment-sized string.
 */
export function segmentByteLines(
  file: string,
  bytes: Uint8Array,
  each: (entry: LedgerEntry, line: string, lineNo: number) => void,
): void {
  const lines = byteLines(bytes);
  if (!lines) return;
  for (let i = 0; i < lines.count; i++) {
    const line = lines.line(i);
    each(entryOfLine(file, line, i + 1), line, i + 1);
  }
}
