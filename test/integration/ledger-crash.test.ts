import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { generateCheckpointKey } from '../../src/ledger/checkpoint.js';
import { readLedgerFiles } from '../../src/store/ledger-files.js';
import { openLedger } from '../../src/store/ledger-store.js';
import { verifyLedger } from '../../src/ledger/verify.js';
import { layout } from '../unit/ledger/helpers.js';

const KILLS = 60;
let work: string;
let script: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'gh-crash-'));
  script = join(work, 'appender.mjs');
  // One bundle up front: a child then starts in tens of milliseconds, not a TypeScript loader's second.
  await build({
    entryPoints: [resolve('test/fixtures/ledger-appender.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: script,
    logLevel: 'silent',
  });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runUntilKilled(
  dir: string,
  keyFile: string,
  delayMs: number,
): Promise<{ started: number; reported: number }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, dir, keyFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (timer === undefined && out.includes('start '))
        timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', fail);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') return fail(new Error(`appender exited on its own: ${err}`));
      const started = Number(/start (\d+)/.exec(out)?.[1] ?? NaN);
      const appended = [...out.matchAll(/appended (\d+)/g)].map((m) => Number(m[1]));
      done({ started, reported: appended.length > 0 ? Math.max(...appended) : started });
    });
  });
}

describe('crash safety', () => {
  it(`leaves a verifiable ledger holding n or n+1 changes after each of ${KILLS} SIGKILLs mid-append`, async () => {
    const dir = join(work, 'repo');
    const lay = layout({ segment_size: 5, snapshot_every: 3 });
    const key = generateCheckpointKey(lay.ledger.origin);
    const keyFile = join(work, 'signer.key');
    writeFileSync(keyFile, key.signerKey);
    let staleLockSeen = false;

    for (let i = 0; i < KILLS; i++) {
      const { started, reported } = await runUntilKilled(dir, keyFile, Math.floor(Math.random() * 60));
      const lockPath = join(dir, 'ledger/.lock');
      if (existsSync(lockPath)) {
        // The dead writer's lock is reported, never taken over; clearing it is the operator's call.
        if (!staleLockSeen) {
          const l = await openLedger(dir, lay);
          await expect(l.append([])).rejects.toThrow(/stale ledger lock/);
          staleLockSeen = true;
        }
        unlinkSync(lockPath);
      }
      const files = await readLedgerFiles(dir, lay);
      const report = verifyLedger({ ...files, verifierKey: key.verifierKey, layout: lay });
      expect(report.findings, `after kill ${i + 1}`).toEqual([]);
      const ledger = await openLedger(dir, lay);
      const changes = ledger.lines.filter((l) => l.includes('"type":"change.applied"')).length;
      expect(changes).toBeGreaterThanOrEqual(started);
      expect([reported, reported + 1]).toContain(changes);
    }
    expect(staleLockSeen).toBe(true);
  }, 90_000);
});
