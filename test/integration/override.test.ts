import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, makeRepo, type TestRepo } from '../unit/incidents/repo-fixture.js';

let repo: TestRepo;
beforeEach(async () => {
  repo = await makeRepo();
});
afterEach(() => repo.cleanup());

const NOW = '2026-01-18T14:00:00Z';
/** The change digest the overrides bind (`--digest`; the gate tests compute it from git). */
const CHANGE_DIGEST = `sha256:${'ab'.repeat(32)}`;
const base = () => ['--repo', repo.dir];

async function newOverride(extra: string[] = [], impact = 'medium'): Promise<string> {
  const r = await cli([
    'override',
    'new',
    ...base(),
    '--now',
    NOW,
    '--json',
    '--change',
    'CHG-0042',
    '--digest',
    CHANGE_DIGEST,
    '--checks',
    'blast-radius',
    '--impact',
    impact,
    '--reason',
    'Holiday crowd: open every gate at once',
    '--expires',
    '2h',
    '--requested-by',
    'ops-agent',
    ...extra,
  ]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { id: string }).id;
}

async function sign(id: string, actor: string, role: string, minute = 5, extra: string[] = []) {
  const now = new Date(Date.parse(NOW) + minute * 60_000).toISOString().replace('.000Z', 'Z');
  return cli([
    'override',
    'sign',
    id,
    ...base(),
    '--now',
    now,
    '--ssh-key',
    repo.keys[actor]!,
    '--role',
    role,
    ...extra,
  ]);
}

async function status(id: string, now: string) {
  const r = await cli(['override', 'status', id, ...base(), '--now', now, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (
    JSON.parse(r.stdout) as {
      overrides: { status: string; reason: string; missing: string[]; ignored: { why: string }[] }[];
    }
  ).overrides[0]!;
}

const files = (rel: string): string[] =>
  existsSync(join(repo.dir, rel))
    ? readdirSync(join(repo.dir, rel), { recursive: true }).map(String).sort()
    : [];

describe('emergency overrides', () => {
  it('goes pending → active once three distinct actors fill ethics, security and charter', async () => {
    const id = await newOverride();
    expect(id).toBe('OVR-20260118-140000');
    expect((await status(id, '2026-01-18T14:01:00Z')).status).toBe('pending');
    expect((await sign(id, 'alice', 'security')).code).toBe(0);
    expect((await sign(id, 'bob', 'charter')).code).toBe(0);
    const two = await status(id, '2026-01-18T14:06:00Z');
    expect(two).toMatchObject({ status: 'pending', missing: ['ethics'] });
    expect(two.reason).toMatch(/2\/3 signatures \(missing role: ethics/);
    expect((await sign(id, 'erin', 'ethics', 7)).code).toBe(0);
    expect((await status(id, '2026-01-18T14:08:00Z')).status).toBe('active');
    // before the last signature, it was not active yet (status is derived with --now)
    expect((await status(id, '2026-01-18T14:06:30Z')).status).toBe('pending');
  });

  it('does not let one person holding two roles fill both, nor two signers fill one role twice', async () => {
    const id = await newOverride();
    await sign(id, 'carol', 'charter'); // carol holds charter and ethics; one signature fills one role
    await sign(id, 'alice', 'security');
    await sign(id, 'dave', 'security');
    const s = await status(id, '2026-01-18T14:10:00Z');
    expect(s).toMatchObject({ status: 'pending', missing: ['ethics'] });
  });

  it('completes when its window ends, is review_overdue past post_mortem_due, and reviewed once a post-mortem is linked', async () => {
    const id = await newOverride();
    await sign(id, 'alice', 'security');
    await sign(id, 'bob', 'charter');
    await sign(id, 'erin', 'ethics');
    expect((await status(id, '2026-01-18T16:30:00Z')).status).toBe('completed');
    expect((await status(id, '2026-01-19T16:30:00Z')).status).toBe('review_overdue');
    const pm = await cli([
      'override',
      'postmortem',
      id,
      ...base(),
      '--now',
      '2026-01-19T17:00:00Z',
      '--incident',
      'INC-20260119-170000',
    ]);
    expect(pm.code, pm.stderr).toBe(0);
    expect((await status(id, '2026-01-19T17:00:00Z')).status).toBe('reviewed');
    const before = readFileSync(join(repo.dir, 'incidents/INC-20260119-170000.md'), 'utf8');
    const again = await cli([
      'override',
      'postmortem',
      id,
      ...base(),
      '--now',
      '2026-01-19T18:00:00Z',
      '--incident',
      'INC-20260119-180000',
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already recorded in incidents\/INC-20260119-170000\.md; nothing changed/);
    expect(files('incidents')).toEqual(['INC-20260119-170000.md']);
    expect(readFileSync(join(repo.dir, 'incidents/INC-20260119-170000.md'), 'utf8')).toBe(before);
  });

  it('expires without its quorum', async () => {
    const id = await newOverride();
    await sign(id, 'alice', 'security');
    expect((await status(id, '2026-01-18T16:00:00Z')).status).toBe('expired');
  });

  it('is rejected by a veto from an eligible signer', async () => {
    const id = await newOverride();
    await sign(id, 'alice', 'security');
    await sign(id, 'bob', 'charter', 6, ['--reject']);
    await sign(id, 'erin', 'ethics', 7);
    const s = await status(id, '2026-01-18T14:10:00Z');
    expect(s.status).toBe('rejected');
    expect(s.reason).toMatch(/rejected by bob \(charter\)/);
  });

  it('stops counting signatures once the override text changes', async () => {
    const id = await newOverride();
    for (const [a, r] of [
      ['alice', 'security'],
      ['bob', 'charter'],
      ['erin', 'ethics'],
    ] as const)
      await sign(id, a, r);
    const file = join(repo.dir, `overrides/${id}/override.yaml`);
    writeFileSync(file, readFileSync(file, 'utf8').replace('- blast-radius', '- blast-radius\n  - quorum'));
    const s = await status(id, '2026-01-18T14:10:00Z');
    expect(s.status).toBe('pending');
    expect(s.ignored.map((i) => i.why)).toEqual(
      Array(3).fill('signed a different text of the override (digest mismatch): sign again'),
    );
  });

  it('opens an incident for a high or critical impact override', async () => {
    await newOverride([], 'critical');
    expect(files('incidents')).toEqual(['INC-20260118-140000.md']);
    const text = readFileSync(join(repo.dir, 'incidents/INC-20260118-140000.md'), 'utf8');
    expect(text).toMatch(/severity: critical/);
    expect(text).toMatch(/Emergency override OVR-20260118-140000 requested by ops-agent for CHG-0042/);
  });

  it('links a post-mortem to a committed incident record by writing a new record that amends it, never editing it', async () => {
    const id = await newOverride([], 'high'); // opens INC-20260118-140000
    await sign(id, 'alice', 'security');
    await sign(id, 'bob', 'charter');
    await sign(id, 'erin', 'ethics');
    const git = (...a: string[]) =>
      execFileSync('git', ['-C', repo.dir, '-c', 'user.name=t', '-c', 'user.email=t@example.org', ...a], {
        encoding: 'utf8',
      });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'override and its incident');
    const committed = readFileSync(join(repo.dir, 'incidents/INC-20260118-140000.md'), 'utf8');
    const pm = await cli([
      'override',
      'postmortem',
      id,
      ...base(),
      '--now',
      '2026-01-19T09:00:00Z',
      '--incident',
      'INC-20260118-140000',
      '--json',
    ]);
    expect(pm.code, pm.stderr).toBe(0);
    expect(JSON.parse(pm.stdout)).toEqual({
      id,
      incident: 'INC-20260118-140000',
      file: 'incidents/INC-20260119-090000.md',
      record: 'INC-20260119-090000',
      amends: 'INC-20260118-140000',
      changed: true,
    });
    expect(readFileSync(join(repo.dir, 'incidents/INC-20260118-140000.md'), 'utf8')).toBe(committed);
    const text = readFileSync(join(repo.dir, 'incidents/INC-20260119-090000.md'), 'utf8');
    for (const line of [
      'severity: high',
      'started_at: 2026-01-18T14:00:00Z',
      'operator: ops-agent',
      'documented_at: 2026-01-19T09:00:00Z',
      `overrides: ${id}`,
      'amends: INC-20260118-140000',
    ])
      expect(text).toContain(line);
    expect(text).toContain(`Emergency override ${id} requested by ops-agent`); // sections carried over
    git('add', '-A');
    git('commit', '-q', '-m', 'post-mortem');
    expect((await status(id, '2026-01-19T09:00:00Z')).status).toBe('reviewed');
  });

  it('refuses bad input with exit 2 and writes nothing', async () => {
    const r = await cli([
      'override',
      'new',
      ...base(),
      '--now',
      NOW,
      '--change',
      'CHG-1',
      '--digest',
      CHANGE_DIGEST,
      '--checks',
      'blast-radius',
      '--impact',
      'huge',
      '--reason',
      'x',
      '--expires',
      '1h',
      '--requested-by',
      'ops-agent',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--impact must be critical, high, medium or low/);
    const bad = await cli([
      'override',
      'new',
      ...base(),
      '--now',
      NOW,
      '--change',
      'not an id',
      '--digest',
      CHANGE_DIGEST,
      '--checks',
      'blast-radius',
      '--impact',
      'low',
      '--reason',
      'x',
      '--expires',
      '1h',
      '--requested-by',
      'ops-agent',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/overrides\/OVR-20260118-140000\/override\.yaml:\d+:\d+: \/change: /);
    expect(files('overrides')).toEqual([]);
    const id = await newOverride();
    const wrongRole = await sign(id, 'alice', 'charter');
    expect(wrongRole.code).toBe(2);
    expect(wrongRole.stderr).toMatch(/alice does not hold role "charter"/);
    expect(files(`overrides/${id}`)).toEqual(['override.yaml']);
  });
});
