/**
 * `verify` against an attacker who can push commits (DESIGN §4, §5): the ledger replaced by an earlier signed
 * prefix, archived checkpoints deleted, the ledger rewritten and re-signed with a swapped checkpoint key, and the
 * ledger moved to a new folder holding only a genesis. In a git clone `verify` proves the history by default and
 * follows the ledger through every gatehouse.yaml; every failure names its findings. Real git, real keys, the
 * CLI in-process.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCheckpointKey, signCheckpoint } from '../../src/ledger/checkpoint.js';
import { leafHash, merkleRoot } from '../../src/ledger/merkle.js';
import { parseNote, signNote } from '../../src/ledger/note.js';
import { openLedger, type AppendDraft } from '../../src/store/ledger-store.js';
import { defaultLayout } from '../../src/repo/layout.js';
import type { Finding } from '../../src/ledger/verify.js';
import { governedRepos, withCapacity, type GovernedRepo } from '../fixtures/governed-repo.js';

const repo = governedRepos();
const ORIGIN = 'gatehouse.local/ledger';
const SEG0 = 'ledger/events/000000000000.jsonl';
const US_EAST = 'state/park-ticketing/us-east-1.yaml';

interface Verified {
  code: number;
  findings: Finding[];
  notes: string[];
  text: string;
}

async function verify(r: GovernedRepo, ...flags: string[]): Promise<Verified> {
  const json = await r.cli('verify', '--json', ...flags);
  const text = await r.cli('verify', ...flags);
  expect(text.code).toBe(json.code);
  const doc = JSON.parse(json.out) as { findings: Finding[]; notes: string[] };
  return { code: json.code, findings: doc.findings, notes: doc.notes, text: text.out };
}

/** A level-3 change by ops-agent (no approval needed at level 3) setting gate r01's capacity, merged and recorded. */
async function landCapacity(r: GovernedRepo, id: string, value: number, env = process.env): Promise<void> {
  r.branch();
  r.commit(`raise ${id}`, {
    ...r.manifest({ id, proposer: 'ops-agent', level: 3 }),
    [US_EAST]: withCapacity(4, 'park-ticketing', 'us-east-1', 1, value),
  });
  const rec = await r.land('pr', [], env);
  expect(rec.code, rec.out + rec.err).toBe(0);
}

/**
 * A repository with a checkpoint key and three recorded changes: genesis + CHG-1..3, signed checkpoints archived
 * at sizes 2, 3 and 4. Returns the commit whose ledger holds 3 entries.
 */
async function checkpointed(): Promise<{ r: GovernedRepo; at3: string; signerKey: string }> {
  const r = repo();
  const { signerKey, verifierKey } = generateCheckpointKey(ORIGIN);
  r.commit('checkpoint key', { 'policies/keys/checkpoint.pub': `${verifierKey}\n` });
  const env = { ...process.env, GATEHOUSE_CHECKPOINT_KEY: signerKey };
  await landCapacity(r, 'CHG-1', 901, env);
  await landCapacity(r, 'CHG-2', 902, env);
  const at3 = r.head();
  await landCapacity(r, 'CHG-3', 903, env);
  return { r, at3, signerKey };
}

const checks = (v: Verified): string[] => v.findings.map((f) => f.check);

describe('verify proves the git history by default in a clone', () => {
  it('passes an honest history and says it proved it', async () => {
    const { r } = await checkpointed();
    const v = await verify(r);
    expect(v.findings).toEqual([]);
    expect(v.code).toBe(0);
    expect(v.text).toContain('git history: ');
    expect(v.text).toContain('ledger append-only (4 entries)');
    expect(v.text.trimEnd()).toMatch(/verify: ok$/);
  });

  it('catches the ledger replaced by an earlier signed checkpoint prefix (which plain file checks cannot)', async () => {
    const { r, at3 } = await checkpointed();
    r.git('checkout', at3, '--', 'ledger', 'state');
    r.write({ 'ledger/checkpoints/4.note': null });
    const bad = r.commit('restore the ledger from checkpoint 3');

    const v = await verify(r);
    expect(v.code).toBe(1);
    expect(new Set(checks(v))).toEqual(new Set(['history']));
    const messages = v.findings.map((f) => f.message);
    const c = `commit ${bad.slice(0, 12)} "restore the ledger from checkpoint 3"`;
    expect(messages).toContain(`${c} decreased the ledger entry count from 4 to 3`);
    expect(messages).toContain(
      `${c} removed the archived checkpoint ledger/checkpoints/4.note: archived checkpoints are kept`,
    );
    expect(messages).toContain(
      `${c} replaced ledger/checkpoint of size 4 with an older one of size 3: the latest checkpoint never goes back`,
    );
    expect(v.text).toContain(`verify: FAILED — ${v.findings.length} findings`);

    // Without history the files are a consistent earlier ledger: nothing in them can tell.
    const files = await verify(r, '--no-history');
    expect(files.code).toBe(0);
    expect(files.notes).toContain('git history not proven (--no-history)');
  });

  it('catches deleted archived checkpoints without history, and names the commit with it', async () => {
    const { r } = await checkpointed();
    rmSync(join(r.dir, 'ledger/checkpoints'), { recursive: true });
    const bad = r.commit('drop the checkpoint archive');

    const plain = await verify(r);
    expect(plain.code).toBe(1);
    expect(plain.findings.filter((f) => f.check === 'checkpoint')).toEqual([
      {
        check: 'checkpoint',
        file: 'ledger/checkpoints/4.note',
        message:
          'missing: ledger/checkpoint (size 4) is not archived as ledger/checkpoints/4.note; every signed checkpoint is kept in the archive',
      },
    ]);

    for (const n of [2, 3, 4])
      expect(plain.findings).toContainEqual({
        check: 'history',
        file: `ledger/checkpoints/${n}.note`,
        message: `commit ${bad.slice(0, 12)} "drop the checkpoint archive" removed the archived checkpoint ledger/checkpoints/${n}.note: archived checkpoints are kept`,
      });
  });

  it('with a configured checkpoint key, a ledger without any checkpoint is a violation', async () => {
    const { r } = await checkpointed();
    rmSync(join(r.dir, 'ledger/checkpoints'), { recursive: true });
    rmSync(join(r.dir, 'ledger/checkpoint'));
    r.commit('drop all checkpoints');
    const plain = await verify(r);
    expect(plain.code).toBe(1);
    expect(plain.findings.filter((f) => f.check === 'checkpoint')).toEqual([
      {
        check: 'checkpoint',
        file: 'ledger/checkpoint',
        message:
          'missing: the checkpoint key policies/keys/checkpoint.pub is configured but the ledger has no signed checkpoint (record with the checkpoint key writes it)',
      },
    ]);
  });

  it('catches a ledger rewritten, re-signed and its checkpoint key swapped in the same commit', async () => {
    const { r } = await checkpointed();
    // The attacker rewrites CHG-3's op (903 → 913) and the state to match, rebuilds the chain, signs every
    // checkpoint with a key of their own and swaps policies/keys/checkpoint.pub.
    const entries = r.ledger();
    rmSync(join(r.dir, 'ledger'), { recursive: true });
    const ledger = await openLedger(r.dir, defaultLayout());
    const drafts: AppendDraft[] = entries.map((e) => {
      const body = JSON.parse(JSON.stringify(e.body).replaceAll('"after":903', '"after":913')) as Record<
        string,
        unknown
      >;
      return {
        ts: (e as unknown as { ts: string }).ts,
        type: e.type as AppendDraft['type'],
        actor: e.actor,
        ...(e.level !== undefined ? { level: e.level as NonNullable<AppendDraft['level']> } : {}),
        ...(e.subject !== undefined ? { subject: e.subject } : {}),
        body,
      };
    });
    await ledger.append(drafts);
    const evil = generateCheckpointKey(ORIGIN);
    const leaves = (await openLedger(r.dir, defaultLayout())).lines.map((l) => leafHash(l));
    const files: Record<string, string> = {
      [US_EAST]: withCapacity(4, 'park-ticketing', 'us-east-1', 1, 913),
      'policies/keys/checkpoint.pub': `${evil.verifierKey}\n`,
    };
    for (const size of [2, 3, 4]) {
      const note = signCheckpoint(
        { origin: ORIGIN, size, root: merkleRoot(leaves.slice(0, size)) },
        evil.signerKey,
      );
      files[`ledger/checkpoints/${size}.note`] = note;
      if (size === 4) files['ledger/checkpoint'] = note;
    }
    const bad = r.commit('tidy the ledger', files);

    const v = await verify(r);
    expect(v.code).toBe(1);
    const c = `commit ${bad.slice(0, 12)} "tidy the ledger"`;
    expect(v.findings).toContainEqual({
      check: 'history',
      file: SEG0,
      message: `${c} rewrote ${SEG0}:4 (seq 3): ledger lines are append-only`,
    });
    expect(v.findings).toContainEqual({
      check: 'history',
      file: 'ledger/checkpoints/4.note',
      message: `${c} changed what ledger/checkpoints/4.note signs: an archived checkpoint's origin, size and root never change`,
    });
    expect(v.findings.map((f) => f.message)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^${c} changed \\(sha256:[0-9a-f]{64} → sha256:[0-9a-f]{64}\\) the checkpoint key policies/keys/checkpoint.pub outside a gated policy change`,
        ),
      ),
    );
    // The files alone are a consistent, signed ledger under the new key.
    expect((await verify(r, '--no-history')).code).toBe(0);
  });

  it('reports a checkpoint key swapped by a direct commit, even when every checkpoint is re-signed to match', async () => {
    const { r } = await checkpointed();
    const evil = generateCheckpointKey(ORIGIN);
    const files: Record<string, string> = { 'policies/keys/checkpoint.pub': `${evil.verifierKey}\n` };
    for (const f of [
      'ledger/checkpoint',
      'ledger/checkpoints/2.note',
      'ledger/checkpoints/3.note',
      'ledger/checkpoints/4.note',
    ])
      files[f] = signNote(parseNote(r.read(f)).text, evil.signerKey);
    const bad = r.commit('rotate the checkpoint key', files);
    const v = await verify(r);
    expect(v.code).toBe(1);
    expect(v.findings).toHaveLength(1);
    expect(v.findings[0]).toMatchObject({ check: 'history', file: 'policies/keys/checkpoint.pub' });
    expect(v.findings[0]!.message).toMatch(
      new RegExp(
        `^commit ${bad.slice(0, 12)} "rotate the checkpoint key" changed .* the checkpoint key policies/keys/checkpoint.pub outside a gated policy change: no policy.changed entry in the ledger records it`,
      ),
    );
    expect((await verify(r, '--no-history')).code).toBe(0);
  });

  it('accepts a checkpoint key added by a gated policy change (record logs policy.changed), not by a direct commit', async () => {
    const make = async (): Promise<{ r: GovernedRepo; signerKey: string; verifierKey: string }> => {
      const r = repo();
      await landCapacity(r, 'CHG-1', 901);
      return { r, ...generateCheckpointKey(ORIGIN) };
    };
    const gated = await make();
    const g = gated.r;
    g.branch();
    g.commit('add the checkpoint key', {
      ...g.manifest({ id: 'CHG-K', kind: 'policy', proposer: 'ops-agent', level: 1 }),
      'policies/keys/checkpoint.pub': `${gated.verifierKey}\n`,
    });
    g.commit('approve', {
      ...(await g.approval('CHG-K', 'alice', { role: 'security' })),
      ...(await g.approval('CHG-K', 'bob', { role: 'charter' })),
    });
    const rec = await g.land('pr', [], { ...process.env, GATEHOUSE_CHECKPOINT_KEY: gated.signerKey });
    expect(rec.code, rec.out + rec.err).toBe(0);
    expect(g.ledger().map((e) => e.type)).toContain('policy.changed');
    const ok = await verify(g);
    expect(ok.findings).toEqual([]);
    expect(ok.code).toBe(0);

    const direct = await make();
    const d = direct.r;
    d.commit('add the checkpoint key', { 'policies/keys/checkpoint.pub': `${direct.verifierKey}\n` });
    const ledger = await openLedger(d.dir, defaultLayout());
    await ledger.writeCheckpoint(direct.signerKey);
    d.commit('checkpoint');
    const v = await verify(d);
    expect(v.code).toBe(1);
    expect(v.findings).toHaveLength(1);
    expect(v.findings[0]!.message).toMatch(
      /"add the checkpoint key" added the checkpoint key policies\/keys\/checkpoint.pub outside a gated policy change/,
    );
  });

  it('outside a git clone says the history is not proven and does not fail for it', async () => {
    const { r } = await checkpointed();
    rmSync(join(r.dir, '.git'), { recursive: true, force: true });
    const v = await verify(r);
    expect(v.code).toBe(0);
    expect(v.notes).toContainEqual(expect.stringMatching(/^git history not proven: .* is not a git clone/));
    const demanded = await r.cli('verify', '--history');
    expect(demanded.code).toBe(2);
  });

  it('refuses --history with --no-history (exit 2)', async () => {
    const { r } = await checkpointed();
    const both = await r.cli('verify', '--history', '--no-history');
    expect(both.code).toBe(2);
    expect(both.err).toContain('--history and --no-history contradict each other');
  });

  it('refuses a shallow clone by default (exit 2, says how to fix) and verifies it with --no-history', async () => {
    const { r } = await checkpointed();
    const shallow = repo();
    rmSync(join(shallow.dir, '.git'), { recursive: true, force: true });
    rmSync(shallow.dir, { recursive: true, force: true });
    r.git('clone', '-q', '--depth', '1', `file://${r.dir}`, shallow.dir);
    const s = await shallow.cli('verify');
    expect(s.code).toBe(2);
    expect(s.err).toContain('is a shallow clone');
    expect(s.err).toContain('--no-history');
    expect((await shallow.cli('verify', '--no-history')).code).toBe(0);
  });
});

describe('verify follows the ledger through every layout gatehouse.yaml gave it', () => {
  it('catches a commit that moves the ledger keeping only a new genesis and resets state/', async () => {
    const r = repo();
    await landCapacity(r, 'CHG-1', 901);
    await landCapacity(r, 'CHG-2', 902);
    const genesis = r.read(SEG0).split('\n')[0]!;
    const first = r.git('rev-list', '--max-parents=0', 'HEAD');
    const initial = r.git('show', `${first}:${US_EAST}`);
    rmSync(join(r.dir, 'ledger'), { recursive: true });
    const bad = r.commit('move the ledger', {
      'gatehouse.yaml': 'paths: { ledger: audit }\n',
      'audit/events/000000000000.jsonl': `${genesis}\n`,
      [US_EAST]: `${initial}\n`,
    });
    const v = await verify(r, '--history');
    expect(v.code).toBe(1);
    const c = `commit ${bad.slice(0, 12)} "move the ledger"`;
    expect(v.findings).toContainEqual({
      check: 'history',
      file: 'audit/events/000000000000.jsonl',
      message: `${c} removed audit/events/000000000000.jsonl:2 (seq 1) and 1 later line(s) (the ledger moved from ledger/ to audit/)`,
    });
    expect(v.findings.map((f) => f.message)).toContain(
      `${c} decreased the ledger entry count from 3 to 1 (the ledger moved from ledger/ to audit/)`,
    );
    // The files at the tip are a consistent new ledger: only the history shows what happened.
    expect((await verify(r, '--no-history')).code).toBe(0);
  });

  it('accepts a ledger moved intact, and later appends to it', async () => {
    const r = repo();
    await landCapacity(r, 'CHG-1', 901);
    r.git('mv', 'ledger', 'audit');
    r.commit('move the ledger', { 'gatehouse.yaml': 'paths: { ledger: audit }\n' });
    const v = await verify(r);
    expect(v.findings).toEqual([]);
    expect(v.code).toBe(0);
  });
});

describe('every verify failure names its findings', () => {
  it('five merges recorded with snapshot_every: 3 verify clean', async () => {
    const r = repo({ files: { 'gatehouse.yaml': 'ledger:\n  snapshot_every: 3\n' } });
    for (let i = 1; i <= 5; i++) await landCapacity(r, `CHG-${i}`, 900 + i);
    expect(
      r
        .ledger()
        .filter((e) => e.type === 'snapshot')
        .map((e) => e.seq),
    ).toEqual([3, 6]);
    const v = await verify(r, '--history');
    expect(v.findings).toEqual([]);
    expect(v.code).toBe(0);
    expect(v.text).toContain('snapshots verified: 2');
  });

  it('a history violation is counted and printed as a finding, in text and JSON', async () => {
    const r = repo();
    await landCapacity(r, 'CHG-1', 901);
    await landCapacity(r, 'CHG-2', 902);
    const lines = r.read(SEG0).split('\n');
    const bad = r.commit('squash', {
      [SEG0]: `${lines[0]}\n${lines[1]!.replace('"after":901', '"after":911')}\n${lines[2]}\n`,
    });
    r.commit('restore', { [SEG0]: lines.join('\n') });
    const v = await verify(r, '--history');
    expect(v.code).toBe(1);
    expect(v.findings.length).toBeGreaterThan(0);
    expect(v.findings.every((f) => f.check === 'history' || f.check === 'prev')).toBe(true);
    expect(v.findings.filter((f) => f.check === 'history').map((f) => f.message)).toContain(
      `commit ${bad.slice(0, 12)} "squash" rewrote ${SEG0}:2 (seq 1): ledger lines are append-only`,
    );
    const summary = v.text.trimEnd().split('\n').pop()!;
    expect(summary).toBe(
      `verify: FAILED — ${v.findings.length} finding${v.findings.length === 1 ? '' : 's'}`,
    );
  });
});
