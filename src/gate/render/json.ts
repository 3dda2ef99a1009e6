/**
 * JSON rendering: the Decision as one stable document (`--json`). Every node carries id, status,
 * reason, numbers (integers only) and children; fix and source when present.
 */
import type { ResultNode } from '../../core/result.js';
import type { Decision } from '../evaluate.js';

function normalise(node: ResultNode): ResultNode {
  return {
    id: node.id,
    status: node.status,
    reason: node.reason,
    numbers: node.numbers,
    ...(node.fix !== undefined ? { fix: node.fix } : {}),
    ...(node.source !== undefined ? { source: node.source } : {}),
    children: node.children.map(normalise),
  };
}

export function decisionDocument(d: Decision): Record<string, unknown> {
  return {
    allowed: d.allowed,
    status: d.status,
    ...(d.change !== undefined ? { change: d.change } : {}),
    ...(d.level !== undefined ? { level: d.level } : {}),
    digest: d.digest,
    counted: d.counted,
    root: normalise(d.root),
  };
}

export function renderJson(d: Decision): string {
  return `${JSON.stringify(decisionDocument(d), null, 2)}\n`;
}
