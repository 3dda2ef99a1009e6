/**
 * The two clocks of `record` (DESIGN §4, §5): `--now` stamps the entries and may never be earlier than the
 * ledger's last entry (bad input: exit 2, file:line, nothing written); the merged change is judged at its merge
 * time (the merge commit's committer time, or `--merged-at`), so a PR merged just before its approvals expired
 * and recorded minutes later is recorded, not refused. Real git (merge commits dated on purpose), real keys.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { governedRepos, withCapacity, type GovernedRepo } from '../fixtures/governed-repo.js';

const repo = governedRepos();
const US_EAST = 'state/park-ticketing/us-east-1.yaml';

/** A level-1 change approved by alice at 14:50 (approval_ttl 1h: it expires at 15:50), on branch `pr`. */
async function approved(r: GovernedRepo, id: string, value: number): Promise<void> {
  r.branch();
  r.commit(`raise ${id}`, {
    ...r.manifest({ id, proposer: 'ops-agent', level: 1 }),
    [US_EAST]: withCapacity(4, 'park-ticketing', 'us-east-1', 1, value),
  });
  await r.approve(id, ['alice']);
}

/** Merge `pr` into main with a merge commit committed at `at` (as the forge's merge button dates it). */
function mergeAt(r: GovernedRepo, at: string): { before: string; after: string } {
  r.checkout('main');
  const before = r.head();
  execFileSync('git', ['merge', '-q', '--no-ff', '-m', 'Merge pr', 'pr'], {
    cwd: r.dir,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Forge',
      GIT_AUTHOR_EMAIL: 'forge@example.invalid',
      GIT_COMMITTER_NAME: 'Forge',
      GIT_COMMITTER_EMAIL: 'forge@example.invalid',
      GIT_AUTHOR_DATE: at,
      GIT_COMMITTER_DATE: at,
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: r.dir,
    },
  });
  return { before, after: r.head() };
}

describe('record --now earlier than the last ledger entry', () => {
  it('is bad input: exit 2 naming the last entry file:line, whatever the gate would say, and nothing written', async () => {
    const r = repo();
    await approved(r, 'CHG-1', 901);
    expect((await r.land('pr')).code).toBe(0); // entries stamped 15:00
    await approved(r, 'CHG-2', 902);
    const m = r.merge();
    // At 14:40 the approval (14:50) would be future-dated and the gate would deny (exit 1): the clock is
    // checked first.
    for (const now of ['2026-01-18T14:40:00Z', '2026-01-18T14:59:59Z']) {
      const before = r.snapshot();
      const rec = await r.cli('record', '--base', m.before, '--head', m.after, '--now', now);
      expect(rec.code).toBe(2);
      expect(rec.err).toContain(
        `ledger/events/000000000000.jsonl:2: the ledger's last entry (seq 1) is dated 2026-01-18T15:00:00Z, after --now ${now}: ledger time never goes back; record with --now at or after 2026-01-18T15:00:00Z`,
      );
      expect(r.snapshot()).toBe(before);
    }
    // The same merge recorded at a later time goes through.
    const ok = await r.cli('record', '--base', m.before, '--head', m.after, '--now', '2026-01-18T15:01:00Z');
    expect(ok.code, ok.out + ok.err).toBe(0);
  });
});

describe('record judges the merged change at its merge time', () => {
  it('records a PR merged at 15:40 and recorded at 16:10, after its approval expired (15:50)', async () => {
    const r = repo();
    await approved(r, 'CHG-1', 901);
    const m = mergeAt(r, '2026-01-18T15:40:00Z');
    const rec = await r.cli(
      'record',
      '--base',
      m.before,
      '--head',
      m.after,
      '--json',
      '--now',
      '2026-01-18T16:10:00Z',
    );
    expect(rec.err).toBe('');
    expect(rec.code).toBe(0);
    expect(JSON.parse(rec.out)).toMatchObject({ judged_at: '2026-01-18T15:40:00Z', appended: 2 });
    const applied = r.ledger().find((e) => e.type === 'change.applied')!;
    expect((applied as unknown as { ts: string }).ts).toBe('2026-01-18T16:10:00Z');
    expect(applied.body).toMatchObject({ decision: { allowed: true }, approvals: [{ actor: 'alice' }] });
  });

  it('takes --merged-at (the push event time) over the commit date', async () => {
    const r = repo();
    await approved(r, 'CHG-1', 901);
    const m = mergeAt(r, '2026-01-18T16:05:00Z');
    const rec = await r.cli(
      'record',
      '--base',
      m.before,
      '--head',
      m.after,
      '--json',
      '--merged-at',
      '2026-01-18T15:45:00Z',
      '--now',
      '2026-01-18T16:10:00Z',
    );
    expect(rec.code, rec.out + rec.err).toBe(0);
    expect(JSON.parse(rec.out)).toMatchObject({ judged_at: '2026-01-18T15:45:00Z' });
  });

  it('still refuses a change merged after its approval expired, and writes nothing', async () => {
    const r = repo();
    await approved(r, 'CHG-1', 901);
    const m = mergeAt(r, '2026-01-18T16:00:00Z');
    const before = r.snapshot();
    const rec = await r.cli('record', '--base', m.before, '--head', m.after, '--now', '2026-01-18T16:10:00Z');
    expect(rec.code).toBe(1);
    expect(rec.out).toContain('record: refused, the gate denies CHG-1; nothing recorded');
    expect(r.snapshot()).toBe(before);
  });

  it('refuses --merged-at after --now or without a zone (exit 2, nothing written)', async () => {
    const r = repo();
    await approved(r, 'CHG-1', 901);
    const m = mergeAt(r, '2026-01-18T15:40:00Z');
    const before = r.snapshot();
    const late = await r.cli(
      'record',
      '--base',
      m.before,
      '--head',
      m.after,
      '--merged-at',
      '2026-01-18T15:01:00Z',
    );
    expect(late.code).toBe(2);
    expect(late.err).toContain('--merged-at 2026-01-18T15:01:00Z is after --now 2026-01-18T15:00:00Z');
    const bad = await r.cli(
      'record',
      '--base',
      m.before,
      '--head',
      m.after,
      '--merged-at',
      '2026-01-18 14:00',
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--merged-at expects an ISO-8601 time with a zone');
    expect(r.snapshot()).toBe(before);
  });
});
