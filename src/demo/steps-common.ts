/**
 * What the demo's steps share: the facts they find, the options they get, and small helpers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { AnomalyWindow } from '../detect/detect.js';
import type { Decision } from '../gate/evaluate.js';
import { renderText } from '../gate/render/index.js';
import type { Candidate } from '../rca/rank.js';
import type { ResultNode } from '../core/result.js';
import { DemoFailure, type DemoDriver } from './driver.js';

/** What the steps found, for the closing summary and for tests. */
export interface DemoFacts {
  /** Ledger size after each record, in order. */
  ledgerSizes: number[];
  batch?: { change: string; seq: number; decision: Decision };
  levelThree?: { change: string; seq: number };
  metricsFile?: string;
  anomaly?: AnomalyWindow;
  rcaFirst?: Candidate;
  incident?: string;
  rollback?: { change: string; seq: number; decision: Decision };
  overrideId?: string;
  overrideDenied?: Decision;
  overridden?: { change: string; seq: number; decision: Decision };
  verifyOk?: boolean;
  reportIndex?: string;
}

export interface DemoOptions {
  color: boolean;
  reportDir: string;
  keyFile: (actor: string) => string;
}

export interface DemoStep {
  title: string;
  run(d: DemoDriver, facts: DemoFacts, o: DemoOptions): Promise<void>;
}

export const BATCH = 'CHG-0001';
export const LEVEL3 = 'CHG-0002';
export const BIG = 'CHG-0003';
export const round = (x: number): number => Math.round(x * 10_000) / 10_000;

export function writeManifest(d: DemoDriver, manifest: Record<string, unknown>): string {
  const file = join(d.dir, 'changes', String(manifest.id), 'change.yaml');
  mkdirSync(join(d.dir, 'changes', String(manifest.id)), { recursive: true });
  writeFileSync(file, stringify(manifest, { lineWidth: 0 }));
  return file;
}

export function lastSeq(
  facts: DemoFacts,
  entries: { seq: number; type: string }[],
  type: string,
  what: string,
): number {
  const e = entries.find((x) => x.type === type);
  if (!e) throw new DemoFailure(`record wrote no ${type} entry for ${what}`);
  const last = entries[entries.length - 1];
  if (last) facts.ledgerSizes.push(last.seq + 1);
  return e.seq;
}

export function find(node: ResultNode, id: string): ResultNode | undefined {
  if (node.id === id) return node;
  for (const c of node.children) {
    const f = find(c, id);
    if (f) return f;
  }
  return undefined;
}

export const tree = (decision: Decision, color: boolean): string[] =>
  renderText(decision, { color, depth: 1 })
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`);

/** The example's override quorum (DESIGN §2.6): ethics, security and charter, by three different people. */
export const OVERRIDE_SIGNERS = [
  ['carol', 'ethics'],
  ['dave', 'security'],
  ['bob', 'charter'],
] as const;

/** `override sign` by each of OVERRIDE_SIGNERS, a minute apart from `minute`; returns the next minute. */
export async function signOverride(
  d: DemoDriver,
  id: string,
  keyFile: (actor: string) => string,
  minute: number,
): Promise<number> {
  for (const [actor, role] of OVERRIDE_SIGNERS)
    await d.gatehouse(
      ['override', 'sign', id, '--ssh-key', keyFile(actor), '--actor', actor, '--role', role],
      minute++,
    );
  return minute;
}
