/** A governed repository with a real ledger, built through the store, for the ledger CLI tests. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { generateCheckpointKey } from '../../src/ledger/checkpoint.js';
import { openLedger } from '../../src/store/ledger-store.js';
import { capacityDraft, genesisDraft, layout, ORIGIN, tempRepo } from '../unit/ledger/helpers.js';

export interface LedgerRepo {
  dir: string;
  signerKey: string;
  verifierKey: string;
  cleanup: () => void;
}

export function stateYaml(capacityA: number, capacityB = 500): string {
  return [
    'service: park-ticketing',
    'region: us-east-1',
    'resources:',
    '  - id: gate-a',
    `    spec: { open: false, capacity: ${capacityA} }`,
    '  - id: gate-b',
    `    spec: { open: false, capacity: ${capacityB} }`,
    '',
  ].join('\n');
}

/** genesis + `changes` capacity changes (snapshots every 4, segments of 10), checkpointed; state/ in sync. */
export async function ledgerRepo(changes = 12): Promise<LedgerRepo> {
  const { dir, cleanup } = tempRepo();
  const key = generateCheckpointKey(ORIGIN);
  writeFileSync(
    join(dir, 'gatehouse.yaml'),
    `ledger:\n  origin: ${ORIGIN}\n  segment_size: 10\n  snapshot_every: 4\n  checkpoint_key: keys/checkpoint.pub\n`,
  );
  mkdirSync(join(dir, 'policies/keys'), { recursive: true });
  writeFileSync(join(dir, 'policies/keys/checkpoint.pub'), `${key.verifierKey}\n`);
  mkdirSync(join(dir, 'state'), { recursive: true });
  writeFileSync(join(dir, 'state/park.yaml'), stateYaml(500 + changes));
  const ledger = await openLedger(dir, layout());
  await ledger.append([genesisDraft()]);
  for (let i = 1; i <= changes; i++) {
    await ledger.append([capacityDraft(i)]);
    if (i % 5 === 0) await ledger.writeCheckpoint(key.signerKey);
  }
  await ledger.writeCheckpoint(key.signerKey);
  return { dir, signerKey: key.signerKey, verifierKey: key.verifierKey, cleanup };
}

/** Runs the CLI in-process and captures what it prints. */
export async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
