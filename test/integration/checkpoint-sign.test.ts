/**
 * Checkpoints are never skipped silently (DESIGN §4): `record` without a key says that no checkpoint was signed
 * and how to sign one; `gatehouse checkpoint sign` signs the current head (refusing a ledger that does not verify
 * and a key the policy does not name, idempotent at the head); a committed checkpoint clears the monitor's
 * silence alert on a quiet repository.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCheckpointKey } from '../../src/ledger/checkpoint.js';
import { governedRepos, withCapacity, type GovernedRepo } from '../fixtures/governed-repo.js';

const repo = governedRepos();
const key = generateCheckpointKey('gatehouse.local/ledger');

/** A repository with the checkpoint verifier key in policy and one recorded change, recorded without a key. */
async function recordedWithoutKey(r: GovernedRepo): Promise<{ out: string; json?: Record<string, unknown> }> {
  r.branch();
  r.commit('raise', {
    ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }),
    'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 1, 900),
  });
  await r.approve('CHG-1', ['alice']);
  const env = { ...process.env, GATEHOUSE_CHECKPOINT_KEY: '' };
  const landed = await r.land('pr', ['--json'], env);
  expect(landed.code, landed.err).toBe(0);
  return { out: landed.out, json: JSON.parse(landed.out) as Record<string, unknown> };
}

const keyFile = (r: GovernedRepo): string => {
  const f = join(r.keysDir, 'checkpoint.key');
  writeFileSync(f, `${key.signerKey}\n`, { mode: 0o600 });
  return f;
};

function commitAt(r: GovernedRepo, when: string, message: string): void {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
    GIT_AUTHOR_DATE: when,
    GIT_COMMITTER_DATE: when,
    GIT_CONFIG_NOSYSTEM: '1',
  };
  execFileSync('git', ['add', '-A'], { cwd: r.dir, env });
  execFileSync('git', ['commit', '-q', '-m', message], { cwd: r.dir, env });
}

const withPub = { files: { 'policies/keys/checkpoint.pub': `${key.verifierKey}\n` } };

describe('record without a checkpoint key', () => {
  it('says in --json that no checkpoint was signed and how to sign one', async () => {
    const r = repo(withPub);
    const { json } = await recordedWithoutKey(r);
    expect(json).toMatchObject({ appended: 2, checkpoint: null });
    expect(String(json!.checkpoint_note)).toMatch(/no checkpoint signed .*gatehouse checkpoint sign/);
    expect(existsSync(join(r.dir, 'ledger/checkpoint'))).toBe(false);
  });

  it('says it in the text output too', async () => {
    const r = repo(withPub);
    r.branch();
    r.commit('raise', {
      ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }),
      'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 1, 900),
    });
    await r.approve('CHG-1', ['alice']);
    const landed = await r.land('pr', [], { ...process.env, GATEHOUSE_CHECKPOINT_KEY: '' });
    expect(landed.code, landed.err).toBe(0);
    expect(landed.out).toMatch(
      /note: no checkpoint signed \(no --checkpoint-key FILE or GATEHOUSE_CHECKPOINT_KEY\): sign the ledger head with `gatehouse checkpoint sign --checkpoint-key FILE`/,
    );
  });
});

describe('gatehouse checkpoint sign', () => {
  it('signs the ledger head so that verify counts it, and is idempotent at the head', async () => {
    const r = repo(withPub);
    await recordedWithoutKey(r);
    const signed = await r.cli('checkpoint', 'sign', '--checkpoint-key', keyFile(r), '--json');
    expect(signed.code, signed.err).toBe(0);
    expect(JSON.parse(signed.out)).toMatchObject({
      signed: true,
      size: 2,
      file: 'ledger/checkpoint',
      archived: 'ledger/checkpoints/2.note',
    });
    expect(readFileSync(join(r.dir, 'ledger/checkpoint'), 'utf8')).toBe(
      readFileSync(join(r.dir, 'ledger/checkpoints/2.note'), 'utf8'),
    );
    expect(signed.out + signed.err).not.toContain(key.signerKey);
    const verified = await r.cli('verify', '--no-history', '--json');
    expect(verified.code, verified.out).toBe(0);
    expect(JSON.parse(verified.out).checkpoints).toBeGreaterThanOrEqual(1);

    const before = readFileSync(join(r.dir, 'ledger/checkpoint'), 'utf8');
    const again = await r.cliEnv(
      { ...process.env, GATEHOUSE_CHECKPOINT_KEY: key.signerKey },
      'checkpoint',
      'sign',
    );
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(/already commits to the ledger head \(size 2\); nothing written/);
    expect(readFileSync(join(r.dir, 'ledger/checkpoint'), 'utf8')).toBe(before);
  });

  it('refuses a ledger that does not verify (exit 1) and writes nothing', async () => {
    const r = repo(withPub);
    await recordedWithoutKey(r);
    const seg = join(r.dir, 'ledger/events/000000000000.jsonl');
    writeFileSync(seg, readFileSync(seg, 'utf8').replace('"capacity":500', '"capacity":501'));
    const before = r.snapshot();
    const res = await r.cli('checkpoint', 'sign', '--checkpoint-key', keyFile(r));
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/ledger\/events\/000000000000\.jsonl:\d+: /);
    expect(res.out).toMatch(/refused, the ledger does not verify; nothing signed/);
    expect(r.snapshot()).toBe(before);
    expect(existsSync(join(r.dir, 'ledger/checkpoint'))).toBe(false);
  });

  it('refuses a key whose public half is not the policy checkpoint key (exit 2, file named, nothing written)', async () => {
    const r = repo(withPub);
    await recordedWithoutKey(r);
    const other = generateCheckpointKey('gatehouse.local/ledger');
    const f = join(r.keysDir, 'other.key');
    writeFileSync(f, other.signerKey);
    const before = r.snapshot();
    const res = await r.cli('checkpoint', 'sign', '--checkpoint-key', f);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/policies\/keys\/checkpoint\.pub:1: the signer key is not the one/);
    expect(res.err).not.toContain(other.signerKey);
    expect(r.snapshot()).toBe(before);
  });

  it('refuses without a key, and with a file that is not a signer key (exit 2, nothing written)', async () => {
    const r = repo(withPub);
    await recordedWithoutKey(r);
    const before = r.snapshot();
    const none = await r.cliEnv({ ...process.env, GATEHOUSE_CHECKPOINT_KEY: '' }, 'checkpoint', 'sign');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(
      /give the checkpoint signer key: --checkpoint-key FILE or env GATEHOUSE_CHECKPOINT_KEY/,
    );
    const bad = join(r.keysDir, 'bad.key');
    writeFileSync(bad, 'not a key\n');
    const wrong = await r.cli('checkpoint', 'sign', '--checkpoint-key', bad);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/--checkpoint-key .*bad\.key: not a checkpoint signer key/);
    const sub = await r.cli('checkpoint', 'verify');
    expect(sub.code).toBe(2);
    expect(sub.err).toMatch(/unknown subcommand "verify": sign/);
    expect(r.snapshot()).toBe(before);
  });

  it('clears the monitor silence alert on a quiet repository once the checkpoint is committed', async () => {
    const r = repo(withPub);
    await recordedWithoutKey(r);
    const monitor = async (now: string): Promise<string[]> => {
      const m = await r.cli('monitor', '--json', '--now', now);
      return (JSON.parse(m.out) as { alerts: { rule: string }[] }).alerts.map((a) => a.rule);
    };
    expect(await monitor('2026-01-21T00:00:00Z')).toContain('silence');
    const signed = await r.cli(
      'checkpoint',
      'sign',
      '--checkpoint-key',
      keyFile(r),
      '--now',
      '2026-01-21T00:00:00Z',
    );
    expect(signed.code, signed.err).toBe(0);
    commitAt(r, '2026-01-21T00:00:00Z', 'ledger: checkpoint at 2');
    expect(await monitor('2026-01-21T01:00:00Z')).not.toContain('silence');
  });
});
