/**
 * SARIF 2.1.0 rendering (OASIS SARIF v2.1.0 §3.13 run, §3.27 result): one result per deepest node
 * that does not pass (fail and error as `error`, pending as `warning`), located at its file:line, or at
 * the change manifest when the node has no source. tool.driver is "gatehouse" with one rule per check.
 */
import type { ResultNode, SourceRef, Status } from '../../result/node.js';
import type { Decision } from '../evaluate.js';

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

const RULE_TEXT: Record<string, string> = {
  manifest: 'The change carries a valid manifest',
  authority: 'The proposer may act at the level of the change',
  quorum: 'Every matching quorum rule is met',
  'blast-radius': 'The change stays within blast-radius limits',
  'kill-switches': 'No active kill switch blocks the change',
  'append-only': 'Ledger, incidents, approvals and override signatures are append-only',
  policy: 'The change is judged by the base branch policy',
  commits: 'Commits are signed by known actors',
  keys: 'Keys of involved actors are readable',
  overrides: 'Overrides apply only to the checks they name',
};

function deepestBad(node: ResultNode, out: ResultNode[]): void {
  if (!BAD.includes(node.status)) return;
  const badChildren = node.children.filter((c) => BAD.includes(c.status));
  if (badChildren.length === 0) out.push(node);
  else for (const c of badChildren) deepestBad(c, out);
}

export function renderSarifLog(d: Decision, opts: { version?: string } = {}): Record<string, unknown> {
  const nodes: ResultNode[] = [];
  for (const c of d.root.children) deepestBad(c, nodes);
  const fallback: SourceRef | undefined = d.root.children.find((c) => c.id === 'manifest')?.source;
  const ruleIds = [...new Set(nodes.map((n) => ruleIdFor(n.id)))].sort();
  const rules = ruleIds.map((id) => ({
    id,
    name: id.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : '')),
    shortDescription: { text: RULE_TEXT[id.split('/')[0] as string] ?? id },
    defaultConfiguration: { level: 'error' },
  }));
  const results = nodes.map((n) => {
    const src = n.source ?? fallback;
    const text = n.fix ? `${n.id}: ${n.reason}. To pass: ${n.fix}` : `${n.id}: ${n.reason}`;
    const ruleId = ruleIdFor(n.id);
    return {
      ruleId,
      ruleIndex: ruleIds.indexOf(ruleId),
      level: n.status === 'pending' ? 'warning' : 'error',
      message: { text },
      ...(src
        ? {
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: src.file },
                  ...(src.line !== undefined
                    ? {
                        region: {
                          startLine: src.line,
                          ...(src.col !== undefined ? { startColumn: src.col } : {}),
                        },
                      }
                    : {}),
                },
              },
            ],
          }
        : {}),
      properties: { nodeId: n.id, status: n.status, numbers: n.numbers },
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

export function renderSarif(d: Decision, opts: { version?: string } = {}): string {
  return `${JSON.stringify(renderSarifLog(d, opts), null, 2)}\n`;
}
