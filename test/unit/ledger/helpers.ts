/** Shared builders for ledger tests: a temp repository layout, a genesis state, realistic drafts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppendDraft } from '../../../src/store/ledger-store.js';
import type { LedgerLayout } from '../../../src/ledger/layout.js';
import type { GovernedState, Resource } from '../../../src/core/state-types.js';

export const ORIGIN = 'park.example/ledger';

export function layout(over: Partial<LedgerLayout['ledger']> = {}): LedgerLayout {
  return {
    paths: { ledger: 'ledger', state: 'state', policies: 'policies' },
    ledger: {
      origin: ORIGIN,
      segment_size: 10,
      snapshot_every: 4,
      checkpoint_key: 'keys/checkpoint.pub',
      ...over,
    },
  };
}

export function tempRepo(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gh-ledger-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function gate(id: string, capacity: number): Resource {
  return { service: 'park-ticketing', id, region: 'us-east-1', spec: { open: false, capacity } };
}

export function genesisState(): GovernedState {
  return {
    resources: { 'park-ticketing/gate-a': gate('gate-a', 500), 'park-ticketing/gate-b': gate('gate-b', 500) },
    switches: {},
  };
}

const ts = (i: number): string =>
  new Date(Date.UTC(2026, 0, 18, 14, 0, 0) + i * 60_000).toISOString().replace('.000Z', 'Z');

export function genesisDraft(state: GovernedState = genesisState()): AppendDraft {
  return { ts: ts(0), type: 'genesis', actor: 'alice', body: { state } };
}

/** change.applied i: raises gate-a's capacity from 500 + (i - 1) to 500 + i. */
export function capacityDraft(i: number, key = true): AppendDraft {
  return {
    ts: ts(i),
    type: 'change.applied',
    actor: 'ops-agent',
    level: 2,
    subject: { change: `CHG-${String(i).padStart(4, '0')}`, pr: i },
    body: {
      manifest: { id: `CHG-${String(i).padStart(4, '0')}`, kind: 'change', title: `capacity ${500 + i}` },
      digest: `sha256:${String(i).padStart(64, '0')}`,
      ops: [
        {
          op: 'update',
          key: 'park-ticketing/gate-a',
          path: '/spec/capacity',
          before: 499 + i,
          after: 500 + i,
        },
      ],
    },
    ...(key ? { key: `change.applied:CHG-${String(i).padStart(4, '0')}` } : {}),
  };
}
