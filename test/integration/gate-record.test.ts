/**
 * `record` over real repositories (DESIGN §4): merged changes become ledger entries, `verify` passes after
 * them, recording twice adds nothing, denied changes are refused, and `verify --history` names the commit
 * that rewrote a ledger line. `log` and `simulate --base/--head` read what `record` wrote.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCheckpointKey } from '../../src/ledger/checkpoint.js';
import { NOW, governedRepos, withCapacity, type GovernedRepo } from '../fixtures/governed-repo.js';

const repo = governedRepos();

/** A level-1 change approved by alice, on branch `pr`. */
async function approvedChange(r: GovernedRepo, id = 'CHG-1', value = 900): Promise<void> {
  r.branch();
  r.commit(`raise ${id}`, {
    ...r.manifest({ id, proposer: 'ops-agent', level: 1 }),
    'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 1, value),
  });
  await r.approve(id, ['alice']);
}

describe('record', () => {
  it('records an allowed change (genesis first), verify passes, and a second record adds nothing', async () => {
    const r = repo();
    const { signerKey, verifierKey } = generateCheckpointKey('gatehouse.local/ledger');
    r.commit('checkpoint key', { 'policies/keys/checkpoint.pub': `${verifierKey}\n` });
    await approvedChange(r);
    const env = { ...process.env, GATEHOUSE_CHECKPOINT_KEY: signerKey };
    const rec = await r.land('pr', [], env);
    expect(rec.err).toBe('');
    expect(rec.code).toBe(0);
    expect(rec.out).toContain('genesis written with the base state (adoption)');
    expect(rec.out).not.toContain('PRIVATE+KEY');

    const entries = r.ledger();
    expect(entries.map((e) => e.type)).toEqual(['genesis', 'change.applied']);
    const applied = entries[1]!;
    expect(applied).toMatchObject({
      actor: 'ops-agent',
      level: 1,
      subject: { change: 'CHG-1', commit: rec.after, pr: 1 },
    });
    expect(applied.body).toMatchObject({
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      ops: [
        {
          op: 'update',
          key: 'park-ticketing/us-east-1-r01',
          path: '/spec/capacity',
          before: 500,
          after: 900,
        },
      ],
      approvals: [
        {
          actor: 'alice',
          source: 'signed',
          fingerprint: expect.stringMatching(/^SHA256:/),
          ts: '2026-01-18T14:50:00Z',
          rules: ['approval'],
        },
      ],
      decision: {
        allowed: true,
        status: 'pass',
        affected: { count: 1, services: ['park-ticketing'], regions: ['us-east-1'] },
      },
      signature: { actor: 'ops-agent' },
    });
    expect(existsSync(join(r.dir, 'ledger/checkpoint'))).toBe(true);

    const verify = await r.cli('verify', '--json');
    const report = JSON.parse(verify.out) as {
      ok: boolean;
      entries: number;
      checkpoints: number;
      drift: string[];
    };
    expect(verify.code).toBe(0);
    expect(report).toMatchObject({ ok: true, entries: 2, drift: [] });
    expect(report.checkpoints).toBeGreaterThan(0); // ledger/checkpoint and its archived copy, signature checked

    const segment = readFileSync(join(r.dir, 'ledger/events/000000000000.jsonl'));
    const again = await r.cli('record', '--base', rec.before, '--head', rec.after, '--pr', '1', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ appended: 0, skipped: 1, already: 1, size: 2 });
    expect(readFileSync(join(r.dir, 'ledger/events/000000000000.jsonl')).equals(segment)).toBe(true);
    // ...even when the approvals have expired by then: the change is already recorded.
    const late = await r.cli(
      'record',
      '--base',
      rec.before,
      '--head',
      rec.after,
      '--now',
      '2026-01-18T18:00:00Z',
    );
    expect(late.code).toBe(0);
    expect(late.out).toContain('is already in the ledger at seq 1; nothing appended');

    const log = await r.cli('log');
    expect(log.code).toBe(0);
    const line = log.out.split('\n').find((l) => l.includes('change.applied'))!;
    expect(line).toContain('pr=1');
    expect(line).toContain(`added in ${r.head().slice(0, 12)}`);
  });

  it('finishes a record interrupted before its checkpoint when it is run again with the key', async () => {
    const r = repo();
    const { signerKey, verifierKey } = generateCheckpointKey('gatehouse.local/ledger');
    r.commit('checkpoint key', { 'policies/keys/checkpoint.pub': `${verifierKey}\n` });
    await approvedChange(r);
    // Recorded without the key: the entries are appended, no checkpoint is signed (as after a crash).
    const rec = await r.land('pr');
    expect(rec.code, rec.err).toBe(0);
    expect(existsSync(join(r.dir, 'ledger/checkpoint'))).toBe(false);
    const broken = await r.cli('verify', '--no-history', '--json');
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('has no signed checkpoint');
    const env = { ...process.env, GATEHOUSE_CHECKPOINT_KEY: signerKey };
    const again = await r.cliEnv(env, 'record', '--base', rec.before, '--head', rec.after, '--json');
    expect(again.code, again.err).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({
      appended: 0,
      checkpoint: { size: 2, file: 'ledger/checkpoint' },
    });
    const fixed = await r.cli('verify', '--no-history', '--json');
    expect(fixed.code, fixed.out).toBe(0);
    // A third run has nothing to finish.
    const third = await r.cliEnv(env, 'record', '--base', rec.before, '--head', rec.after, '--json');
    expect(JSON.parse(third.out)).not.toHaveProperty('checkpoint');
  });

  it('appends to an existing ledger and replays to the merged state', async () => {
    const r = repo();
    await approvedChange(r, 'CHG-1', 900);
    expect((await r.land()).code).toBe(0);
    await approvedChange(r, 'CHG-2', 950);
    const second = await r.land('pr', ['--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.out)).toMatchObject({
      appended: 1,
      entries: [{ seq: 2, type: 'change.applied' }],
      size: 3,
    });
    expect((await r.cli('verify')).code).toBe(0);
    const replay = JSON.parse((await r.cli('replay', '--json')).out) as {
      state?: { resources: Record<string, { spec: { capacity: number } }> };
      resources?: Record<string, { spec: { capacity: number } }>;
    };
    const resources = replay.state?.resources ?? replay.resources!;
    expect(resources['park-ticketing/us-east-1-r01']!.spec.capacity).toBe(950);
  });

  it('refuses to record a change the gate denies, and writes nothing', async () => {
    const r = repo();
    r.branch();
    r.commit('unapproved', {
      ...r.manifest({ id: 'CHG-9', proposer: 'ops-agent', level: 1 }),
      'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 1),
    });
    const m = r.merge();
    const before = r.snapshot();
    const rec = await r.cli('record', '--base', m.before, '--head', m.after);
    expect(rec.code).toBe(1);
    expect(rec.out).toContain('record: refused, the gate denies CHG-9; nothing recorded');
    expect(rec.out).toContain('quorum/approval');
    expect(r.snapshot()).toBe(before);
    expect(existsSync(join(r.dir, 'ledger'))).toBe(false);
  });

  it('treats the commit that carries a record as nothing to record', async () => {
    const r = repo();
    await approvedChange(r);
    const landed = await r.land();
    const rec = await r.cli('record', '--base', landed.after, '--head', 'HEAD', '--json');
    expect(rec.code).toBe(0);
    expect(JSON.parse(rec.out)).toMatchObject({ appended: 0, size: 2 });
  });
});

describe('verify --history', () => {
  it('exits 0 on an honest history and 1 naming the commit that rewrote an old ledger line', async () => {
    const r = repo();
    await approvedChange(r, 'CHG-1', 900);
    await r.land();
    await approvedChange(r, 'CHG-2', 950);
    await r.land();
    const honest = await r.cli('verify', '--history');
    expect(honest.code).toBe(0);
    expect(honest.out).toContain('ledger append-only (3 entries)');

    const file = 'ledger/events/000000000000.jsonl';
    const lines = r
      .read(file)
      .split('\n')
      .filter((l) => l !== '');
    // Rewrite entry 1 and drop entry 2 ...
    const rewritten = lines[1]!.replace('"after":900', '"after":990');
    const bad = r.commit('tidy the ledger', { [file]: `${lines[0]}\n${rewritten}\n` });
    // ... then restore the count, so the tip alone looks fine.
    r.commit('restore', { [file]: `${lines[0]}\n${rewritten}\n${lines[2]}\n` });
    const tampered = await r.cli('verify', '--history');
    expect(tampered.code).toBe(1);
    expect(tampered.out).toContain(`commit ${bad.slice(0, 12)} "tidy the ledger" rewrote ${file}:2 (seq 1)`);
  });
});

describe('simulate --base --head', () => {
  it('replays the base ledger, applies the ops in memory, shows the blast radius, and writes nothing', async () => {
    const r = repo();
    await approvedChange(r, 'CHG-1', 900);
    await r.land();
    await approvedChange(r, 'CHG-2', 950);
    const before = r.snapshot();
    const sim = await r.cli('simulate', '--base', 'main', '--head', 'pr', '--json');
    expect(sim.code).toBe(0);
    const doc = JSON.parse(sim.out) as Record<string, unknown>;
    expect(doc).toMatchObject({
      change: 'CHG-2',
      from: 'ledger',
      ledger_size: 2,
      ops: [
        {
          op: 'update',
          key: 'park-ticketing/us-east-1-r01',
          path: '/spec/capacity',
          before: 900,
          after: 950,
        },
      ],
      diff: { updated: [{ key: 'park-ticketing/us-east-1-r01' }] },
      blast_radius: { id: 'blast-radius', status: 'pass' },
    });
    const text = await r.cli('simulate', '--base', 'main', '--head', 'pr', '--now', NOW);
    expect(text.out).toContain(
      'simulate CHG-2: 1 op over 1 resource (base state replayed from 2 ledger entries)',
    );
    expect(text.out).toContain('~ park-ticketing/us-east-1-r01/spec/capacity: 900 → 950');
    expect(text.out).toContain('blast radius:');
    expect(r.snapshot()).toBe(before);
  });
});
