/**
 * A fast generator of large, valid ledgers for the report's scale tests and bench: lines are written
 * directly in JCS form (keys in sorted order, integers only), chained with the ledger's own leaf hash,
 * and every op's `before` is the replayed value, so strict replay applies them. Mix: level 1–3
 * changes with approvals, rollbacks of the previous change, kill-switch flips and escalations.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZERO_HASH } from '../../src/core/ledger-entry.js';
import { prevOf } from '../../src/ledger/chain.js';
import { jcs } from '../../src/core/jcs.js';
import type { Resource } from '../../src/core/state-types.js';
import { writeStateFiles } from './park-ledger.js';

const SERVICES = ['park-ticketing', 'staff-scheduling', 'parade-schedule'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-central-1'];
const ACTORS = ['ops-agent', 'alice', 'bob', 'carol'];
const START = Date.parse('2024-01-01T00:00:00Z');

export interface GeneratedLedger {
  entries: number;
  bytes: number;
  segments: number;
  resources: number;
}

function ts(i: number): string {
  return `${new Date(START + i * 60_000).toISOString().slice(0, 19)}Z`;
}

/** Writes `n` entries as `ledger/events/<first seq>.jsonl` segments under `repo`. */
export function generateLedger(
  repo: string,
  n: number,
  opts: { resources?: number; segment?: number } = {},
): GeneratedLedger {
  const resources = opts.resources ?? 300;
  const segment = opts.segment ?? 10_000;
  const dir = join(repo, 'ledger', 'events');
  mkdirSync(dir, { recursive: true });
  const keys: string[] = [];
  const capacity: number[] = [];
  const state: Record<string, unknown> = {};
  for (let r = 0; r < resources; r++) {
    const service = SERVICES[r % SERVICES.length]!;
    const id = `res-${String(r).padStart(5, '0')}`;
    keys.push(`${service}/${id}`);
    capacity.push(500);
    state[`${service}/${id}`] = {
      id,
      region: REGIONS[r % REGIONS.length]!,
      service,
      spec: { capacity: 500, open: false },
    };
  }
  let prev = ZERO_HASH;
  let bytes = 0;
  let segments = 0;
  let buf: string[] = [];
  let last = { key: -1, before: 0, after: 0 };
  let switchOn = false;
  const flush = (first: number): void => {
    if (buf.length === 0) return;
    const text = buf.join('');
    writeFileSync(join(dir, `${String(first).padStart(12, '0')}.jsonl`), text);
    bytes += Buffer.byteLength(text);
    segments++;
    buf = [];
  };
  for (let i = 0; i < n; i++) {
    const t = ts(i);
    let line: string;
    if (i === 0) {
      line = jcs({
        actor: 'gatehouse',
        body: { state: { resources: state, switches: {} } },
        prev,
        seq: 0,
        ts: t,
        type: 'genesis',
        v: 1,
      });
    } else if (i % 10_000 === 5_000) {
      line = `{"actor":"carol","body":{"actor":"ops-agent","approvals":[{"actor":"dave","fingerprint":"SHA256:dave-key","role":"supervisor","rules":["escalation"],"source":"signed","ts":"${t}"}],"change":"ESC-${i}","expires_at":"${ts(i + 60)}","level":3},"prev":"${prev}","seq":${i},"subject":{"change":"ESC-${i}"},"ts":"${t}","type":"escalation.granted","v":1}`;
    } else if (i % 2_500 === 1_250) {
      switchOn = !switchOn;
      const type = switchOn ? 'killswitch.activated' : 'killswitch.deactivated';
      line = `{"actor":"carol","body":{"change":"KS-${i}","switch":"freeze-ticketing"},"prev":"${prev}","seq":${i},"subject":{"change":"KS-${i}"},"ts":"${t}","type":"${type}","v":1}`;
    } else if (i % 100 === 50 && last.key >= 0) {
      const k = last.key;
      capacity[k] = last.before;
      line = `{"actor":"carol","body":{"approvals":[],"decision":{"reason":"rollback","status":"pass"},"digest":"sha256:${'0'.repeat(64)}","manifest":{"id":"RB-${i}","justification":"revert #${i - 1}","kind":"rollback","level":3,"proposer":"carol","title":"Roll back #${i - 1}"},"ops":[{"after":${last.before},"before":${last.after},"key":"${keys[k]}","op":"update","path":"/spec/capacity"}],"reverts":[${i - 1}]},"level":3,"prev":"${prev}","seq":${i},"subject":{"change":"RB-${i}"},"ts":"${t}","type":"rollback.applied","v":1}`;
      last = { key: -1, before: 0, after: 0 };
    } else {
      const k = (i * 7919) % resources;
      const before = capacity[k]!;
      const after = before + 1 + (i % 5);
      capacity[k] = after;
      last = { key: k, before, after };
      const level = (i % 3) + 1;
      const actor = ACTORS[i % ACTORS.length]!;
      const approvals =
        level === 3
          ? '[]'
          : `[{"actor":"alice","fingerprint":"SHA256:alice-key","role":"operator","rules":["approval"],"source":"signed","ts":"${t}"}]`;
      line = `{"actor":"${actor}","body":{"approvals":${approvals},"decision":{"reason":"all checks pass","status":"pass"},"digest":"sha256:${'1'.repeat(64)}","manifest":{"id":"CHG-${i}","kind":"change","level":${level},"proposer":"${actor}","title":"Capacity ${before} to ${after}"},"ops":[{"after":${after},"before":${before},"key":"${keys[k]}","op":"update","path":"/spec/capacity"}]},"level":${level},"prev":"${prev}","seq":${i},"subject":{"change":"CHG-${i}","pr":${i}},"ts":"${t}","type":"change.applied","v":1}`;
    }
    buf.push(`${line}\n`);
    prev = prevOf(line);
    if ((i + 1) % segment === 0) flush(i + 1 - segment);
  }
  flush(n - buf.length);
  // the working tree's state/ matches the replayed state, so full verification finds no drift
  const final: Record<string, Resource> = {};
  keys.forEach((key, r) => {
    const [service, id] = key.split('/') as [string, string];
    final[key] = {
      id,
      region: REGIONS[r % REGIONS.length]!,
      service,
      spec: { capacity: capacity[r]!, open: false },
    };
  });
  writeStateFiles(repo, n > 0 ? final : {});
  return { entries: n, bytes, segments, resources };
}
