/**
 * SARIF 2.1.0 rendering (OASIS SARIF v2.1.0 §3.13 run, §3.27 result) for GitHub code scanning: one result
 * per deepest node that does not pass (fail and error as `error`, pending as `warning`), each with exactly
 * one physical location and a line (GitHub refuses a file whose results lack one), partialFingerprints,
 * and rules with short and full descriptions and help. tool.driver is "gatehouse" with one rule per check.
 */
import { createHash } from 'node:crypto';
import type { ResultNode, SourceRef, Status } from '../../core/result.js';
import type { Decision } from '../evaluate.js';
import { ruleText } from './sarif-rules.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const BAD: readonly Status[] = ['fail', 'error', 'pending'];

/** The stable rule a node belongs to: `blast-radius/service:x` → `blast-radius/service`. */
export function ruleIdFor(nodeId: string): string {
  const [top, second] = nodeId.split('/');
  if (top === undefined) return nodeId;
  if (second !== undefined && (top === 'authority' || top === 'blast-radius' || top === 'quorum'))
    return `${top}/${second.split(':')[0]}`;
  if (top === 'kill-switches' && second?.startsWith('flip:')) return 'kill-switches/flip';
  return top;
}

function deepestBad(node: ResultNode, out: ResultNode[]): void {
  if (!BAD.includes(node.status)) return;
  const badChildren = node.children.filter((c) => BAD.includes(c.status));
  if (badChildren.length === 0) out.push(node);
  else for (const c of badChildren) deepestBad(c, out);
}

/** `changes/CHG-1/change.yaml:3:1` at a line start or after a space: a finding's own file:line:col. */
const FILE_LINE = /(?:^|[\s(])((?:[\w.@-]+\/)*[\w.@-]+\.[A-Za-z]+):(\d+)(?::(\d+))?(?=[:\s)]|$)/;

/** One finding as code scanning wants it: a message and exactly one file:line. */
interface Finding {
  node: ResultNode;
  text: string;
  where: SourceRef;
}

/** A repository path as a relative URI (SARIF §3.4.3; GitHub resolves it against the repository root). */
const relativeUri = (file: string): string =>
  file
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '');

/**
 * The findings of one node. A node with a source is located there; a node whose reason lists problems as
 * `file:line:col: …` lines (schema and YAML errors) yields one finding per line, each at its own place;
 * a node naming one file:line is located there; anything else sits at the change manifest, or at the
 * repository's root file for repository-wide findings.
 */
function findings(n: ResultNode, fallback: SourceRef): Finding[] {
  const text = n.fix ? `${n.id}: ${n.reason}. To pass: ${n.fix}` : `${n.id}: ${n.reason}`;
  if (n.source) return [{ node: n, text, where: n.source }];
  const lines = n.reason.split('\n').filter((l) => l.trim() !== '');
  const located = lines.map((l) => ({ l, m: FILE_LINE.exec(l) })).filter((x) => x.m && x.m.index === 0);
  if (lines.length > 1 && located.length === lines.length)
    return located.map(({ l, m }) => ({
      node: n,
      text: n.fix ? `${n.id}: ${l}. To pass: ${n.fix}` : `${n.id}: ${l}`,
      where: placeOf(m!),
    }));
  const m = FILE_LINE.exec(n.reason);
  return [{ node: n, text, where: m ? placeOf(m) : fallback }];
}

function placeOf(m: RegExpExecArray): SourceRef {
  const where: SourceRef = { file: m[1]!, line: Number(m[2]) };
  if (m[3] !== undefined) where.col = Number(m[3]);
  return where;
}

/** GitHub code scanning tracks an alert across runs by these (SARIF §3.27.17); stable while the finding is. */
function fingerprint(ruleId: string, f: Finding, uri: string): Record<string, string> {
  const h = createHash('sha256').update(`${ruleId}\0${f.node.id}\0${uri}\0${f.node.source ? '' : f.text}`);
  return { 'gatehouseFinding/v1': h.digest('hex').slice(0, 32) };
}

export interface SarifOptions {
  version?: string;
  /**
   * Where repository-wide findings (no file of their own, no manifest) are located: the repository's root
   * configuration file. Defaults to `gatehouse.yaml`.
   */
  rootFile?: string;
}

export function renderSarifLog(d: Decision, opts: SarifOptions = {}): Record<string, unknown> {
  const nodes: ResultNode[] = [];
  for (const c of d.root.children) deepestBad(c, nodes);
  const manifest = d.root.children.find((c) => c.id === 'manifest')?.source;
  const fallback: SourceRef = manifest ?? { file: opts.rootFile ?? 'gatehouse.yaml', line: 1 };
  const all = nodes.flatMap((n) => findings(n, fallback));
  const ruleIds = [...new Set(all.map((f) => ruleIdFor(f.node.id)))].sort();
  const rules = ruleIds.map((id) => {
    const t = ruleText(id);
    return {
      id,
      name: id.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : '')),
      shortDescription: { text: t.short },
      fullDescription: { text: t.full },
      help: { text: t.help, markdown: t.help },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['gatehouse', 'governance'] },
    };
  });
  const results = all.map((f) => {
    const ruleId = ruleIdFor(f.node.id);
    const uri = relativeUri(f.where.file);
    return {
      ruleId,
      ruleIndex: ruleIds.indexOf(ruleId),
      level: f.node.status === 'pending' ? 'warning' : 'error',
      message: { text: f.text },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri },
            // GitHub needs a line to place an annotation; a finding about a whole file sits on its line 1.
            region: {
              startLine: f.where.line !== undefined && f.where.line >= 1 ? f.where.line : 1,
              ...(f.where.col !== undefined && f.where.col >= 1 ? { startColumn: f.where.col } : {}),
            },
          },
        },
      ],
      partialFingerprints: fingerprint(ruleId, f, uri),
      properties: { nodeId: f.node.id, status: f.node.status, numbers: f.node.numbers },
    };
  });
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gatehouse',
            ...(opts.version ? { version: opts.version } : {}),
            rules,
          },
        },
        results,
        properties: {
          allowed: d.allowed,
          status: d.status,
          digest: d.digest,
          ...(d.change ? { change: d.change } : {}),
        },
      },
    ],
  };
}

export function renderSarif(d: Decision, opts: SarifOptions = {}): string {
  return `${JSON.stringify(renderSarifLog(d, opts), null, 2)}\n`;
}
