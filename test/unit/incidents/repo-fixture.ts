/**
 * A governed repository in a temp dir for the incident, rollback, override, monitor and chaos tests: the
 * worked example's policies and state (3 services × 3 regions), actor keys made fresh at test time, and a
 * real ledger written through the store. `applyChange` edits state/ and appends the matching
 * change.applied entry, the way `record` does after a merge.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { EXAMPLE_ACTORS, examplePolicyFiles, exampleStateFiles } from '../../../src/example/park.js';
import { generateCheckpointKey } from '../../../src/ledger/checkpoint.js';
import { openLedger, type AppendDraft } from '../../../src/store/ledger-store.js';
import { encodeOpenSshEd25519, rawEd25519Public, ed25519Blob } from '../../../src/identity/ssh-keys.js';
import { FsTree } from '../../../src/repo/fs-tree.js';
import { loadLayout, type RepoLayout } from '../../../src/repo/layout.js';
import { loadStateDocuments } from '../../../src/repo/load-state.js';
import { buildState } from '../../../src/state/build.js';
import { diffResources } from '../../../src/state/ops.js';
import type { GovernedState } from '../../../src/core/state-types.js';

export interface TestRepo {
  dir: string;
  layout: RepoLayout;
  /** Private key file (OpenSSH) per actor, outside the repository. */
  keys: Record<string, string>;
  checkpointKey: string;
  cleanup: () => void;
}

export const T0 = Date.parse('2026-01-18T14:00:00Z');
export const at = (minutes: number): string =>
  new Date(T0 + minutes * 60_000).toISOString().replace('.000Z', 'Z');

export function write(dir: string, rel: string, text: string): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

export const read = (dir: string, rel: string): string => readFileSync(join(dir, rel), 'utf8');

export async function stateOf(dir: string): Promise<GovernedState> {
  const tree = new FsTree(dir);
  return buildState(await loadStateDocuments(tree, await loadLayout(tree))).state;
}

export async function makeRepo(
  opts: { segmentSize?: number; snapshotEvery?: number } = {},
): Promise<TestRepo> {
  const dir = mkdtempSync(join(tmpdir(), 'gh-inc-'));
  const keyDir = mkdtempSync(join(tmpdir(), 'gh-inc-keys-'));
  for (const [rel, text] of examplePolicyFiles()) write(dir, rel, text);
  for (const [rel, text] of exampleStateFiles()) write(dir, rel, text);
  const keys: Record<string, string> = {};
  for (const a of EXAMPLE_ACTORS) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const line = `ssh-ed25519 ${ed25519Blob(rawEd25519Public(publicKey)).toString('base64')} ${a.id}@test`;
    write(dir, `policies/keys/${a.id}-TEST-ONLY.pub`, `${line}\n`);
    keys[a.id] = join(keyDir, a.id);
    writeFileSync(keys[a.id]!, encodeOpenSshEd25519(privateKey, `${a.id}@test`), { mode: 0o600 });
  }
  const cp = generateCheckpointKey('park.test/ledger');
  write(dir, 'policies/keys/checkpoint.pub', `${cp.verifierKey}\n`);
  write(
    dir,
    'gatehouse.yaml',
    `ledger:\n  origin: park.test/ledger\n  segment_size: ${opts.segmentSize ?? 10}\n  snapshot_every: ${opts.snapshotEvery ?? 5}\n`,
  );
  const layout = await loadLayout(new FsTree(dir));
  const ledger = await openLedger(dir, layout);
  await ledger.append([{ ts: at(0), type: 'genesis', actor: 'alice', body: { state: await stateOf(dir) } }]);
  await ledger.writeCheckpoint(cp.signerKey);
  return {
    dir,
    layout,
    keys,
    checkpointKey: cp.signerKey,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(keyDir, { recursive: true, force: true });
    },
  };
}

/** Edits state/ files (by text replacement) and appends the change.applied entry with the derived ops. */
export async function applyChange(
  repo: TestRepo,
  change: {
    id: string;
    minute: number;
    level?: number;
    actor?: string;
    edits: Record<string, (text: string) => string>;
    type?: 'change.applied' | 'rollback.applied';
  },
): Promise<number> {
  const before = await stateOf(repo.dir);
  for (const [rel, edit] of Object.entries(change.edits)) {
    const next = edit(read(repo.dir, rel));
    if (next === read(repo.dir, rel)) throw new Error(`edit of ${rel} changed nothing`);
    write(repo.dir, rel, next);
  }
  const after = await stateOf(repo.dir);
  const ops = diffResources(before.resources, after.resources);
  const draft: AppendDraft = {
    ts: at(change.minute),
    type: change.type ?? 'change.applied',
    actor: change.actor ?? 'ops-agent',
    level: (change.level ?? 3) as 3,
    subject: { change: change.id },
    body: {
      manifest: { id: change.id, kind: 'change', title: `change ${change.id}` },
      digest: `sha256:${'0'.repeat(64)}`,
      ops,
    },
    key: `change.applied:${change.id}`,
  };
  const ledger = await openLedger(repo.dir, repo.layout);
  const { appended } = await ledger.append([draft]);
  return appended[appended.length - 1]!.seq;
}

/** Sets a numeric field of one resource in a state file written by the example (`spec: {…, field: N, …}`). */
export function setField(id: string, field: string, value: number | string | boolean) {
  return (text: string): string => {
    const lines = text.split('\n');
    const i = lines.findIndex((l) => l.trim() === `- id: ${id}`);
    if (i < 0) throw new Error(`no resource ${id}`);
    for (let j = i + 1; j < lines.length && !lines[j]!.trim().startsWith('- id:'); j++) {
      const re = new RegExp(`^(\\s+${field}: ).*$`);
      if (re.test(lines[j]!)) {
        lines[j] = lines[j]!.replace(re, `$1${typeof value === 'string' ? `"${value}"` : String(value)}`);
        return lines.join('\n');
      }
    }
    throw new Error(`no field ${field} under ${id}`);
  };
}

/** Runs the CLI in-process and captures what it prints. */
export async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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
    return { code: await main(argv), stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
