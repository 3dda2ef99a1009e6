/** Helpers for report tests: build a model into memory, and run the page script's pure helpers in a VM. */
import vm from 'node:vm';
import { APP_JS } from '../../../src/report/app.js';
import { ChainChecker } from '../../../src/report/chain.js';
import { chunkScriptText } from '../../../src/report/chunks.js';
import { ReportBuilder, type BuilderOptions } from '../../../src/report/model.js';
import type { IncidentRecord, OverrideRecord, Provenance, ReportModel } from '../../../src/report/types.js';
import type { LedgerEntry } from '../../../src/core/ledger-entry.js';

export interface MemorySite {
  chunks: Map<number, string>;
  states: Map<number, string>;
  rare: Map<number, string>;
  model: ReportModel;
}

export function buildInMemory(
  lines: string[],
  opts: BuilderOptions & {
    incidents?: IncidentRecord[];
    overrides?: OverrideRecord[];
    now?: string;
    mttrTargetSeconds?: number;
    provenance?: Provenance;
  } = {},
): MemorySite {
  const chunks = new Map<number, string>();
  const states = new Map<number, string>();
  const rare = new Map<number, string>();
  const builder = new ReportBuilder(
    {
      chunk: (i, s) => chunks.set(i, chunkScriptText(s)),
      state: (seq, s) => states.set(seq, s),
      rare: (c, s) => rare.set(c, s),
    },
    opts,
  );
  const chain = new ChainChecker();
  lines.forEach((line, i) => {
    const e = JSON.parse(line) as LedgerEntry;
    chain.add(line, e, { file: 'ledger/events/000000000000.jsonl', line: i + 1 });
    builder.add(e, line);
  });
  const model = builder.finish({
    chain: chain.finish(),
    incidents: opts.incidents ?? [],
    overrides: opts.overrides ?? [],
    now: new Date(opts.now ?? '2026-01-20T00:00:00Z'),
    repo: 'park',
    ...(opts.mttrTargetSeconds !== undefined ? { mttrTargetSeconds: opts.mttrTargetSeconds } : {}),
    ...(opts.provenance ? { provenance: opts.provenance } : {}),
  });
  return { chunks, states, rare, model };
}

/** Evaluates a data script (`gatehouseChunk(i,[…])` etc.) and returns the arguments it passes. */
export function evalDataScript(script: string): unknown[] {
  let args: unknown[] = [];
  const capture = (...a: unknown[]): void => {
    args = JSON.parse(JSON.stringify(a)) as unknown[];
  };
  vm.runInNewContext(script, {
    gatehouseChunk: capture,
    gatehouseState: capture,
    gatehouseIndex: capture,
    gatehouseRare: capture,
  });
  return args;
}

export interface ClientInternals {
  applyEntry(state: unknown, e: unknown): void;
  matches(e: unknown, f: Record<string, unknown>): boolean;
  services(e: unknown): string[];
  overridesOf(e: unknown): string[];
}

/** The page script's pure helpers, run in a fresh VM context with a bare `window`. */
export function clientInternals(): ClientInternals {
  const window: Record<string, unknown> = {};
  vm.runInNewContext(APP_JS, { window });
  return window.gatehouseInternals as ClientInternals;
}
