/**
 * Emergency overrides through the gate (DESIGN §2.6, §3): an override request on the base branch is as
 * immutable as its signatures; a post-mortem counts only when an actor wrote it; an override covers the
 * content of the change its signatures bound (the change digest), not what the PR grows into; and it
 * bypasses exactly the checks it names.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  OVERRIDE_SIGNERS,
  governedRepos,
  node,
  resourceId,
  withCapacity,
  type GovernedRepo,
} from '../fixtures/governed-repo.js';

const repo = governedRepos();

const REQUEST = 'overrides/OVR-1/override.yaml';
const PM = 'incidents/INC-20260118-160000.md';

/** OVR-1 for CHG-3 written as a file (not through `override new`), with its quorum's signatures. */
async function overrideOnMain(r: GovernedRepo): Promise<void> {
  r.commit('override OVR-1', {
    [REQUEST]: stringify({
      id: 'OVR-1',
      change: 'CHG-3',
      checks: ['blast-radius'],
      reason: 'Holiday crowd',
      impact: 'medium',
      requested_by: 'ops-agent',
      requested_at: '2026-01-18T14:00:00Z',
      expires_at: '2026-01-18T16:00:00Z',
      post_mortem_due: '2026-01-19T16:00:00Z',
      change_digest: `sha256:${'ab'.repeat(32)}`,
    }),
  });
  for (const [actor, role] of OVERRIDE_SIGNERS) {
    const s = await r.cli(
      'override',
      'sign',
      'OVR-1',
      '--ssh-key',
      r.keys.get(actor)!.privateFile,
      '--role',
      role,
      '--now',
      '2026-01-18T14:05:00Z',
    );
    expect(s.code, s.err).toBe(0);
  }
  r.commit('OVR-1 signatures');
}

async function status(r: GovernedRepo, now: string): Promise<{ status: string; ignored: { why: string }[] }> {
  const s = await r.cli('override', 'status', 'OVR-1', '--json', '--now', now);
  expect(s.code, s.err).toBe(0);
  return (JSON.parse(s.out) as { overrides: { status: string; ignored: { why: string }[] }[] }).overrides[0]!;
}

/** A level-2 change of `n` gates in park-ticketing / us-east-1, approved by alice and bob. */
async function gates(r: GovernedRepo, n: number): Promise<void> {
  r.commit(`${n} gates`, {
    ...r.manifest({ id: 'CHG-3', proposer: 'ops-agent', level: 2 }),
    'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', n),
  });
  await r.approve('CHG-3', ['alice', 'bob']);
}

describe('gate: override requests on the base branch are append-only', () => {
  for (const [how, content] of [
    [
      'edits',
      (t: string) => t.replace('expires_at: 2026-01-18T16:00:00Z', 'expires_at: 2026-01-25T16:00:00Z'),
    ],
    ['deletes', () => null],
  ] as const)
    it(`denies a PR that ${how} an override request already on the base branch`, async () => {
      const r = repo();
      await overrideOnMain(r);
      r.branch();
      r.commit(`${how} OVR-1`, { [REQUEST]: content(r.read(REQUEST)) });
      const { code, doc } = await r.check();
      expect(code).toBe(1);
      expect(node(doc.root, `append-only/${REQUEST}`)).toMatchObject({
        status: 'fail',
        reason: `${how === 'edits' ? 'modified' : 'deleted'}: override requests on the base branch are immutable; request a new override`,
        source: { file: REQUEST },
      });
    });
});

describe('override post-mortems are written by actors', () => {
  it("denies a post-mortem whose operator is not an actor, and does not count it in the override's status", async () => {
    const r = repo();
    await overrideOnMain(r);
    r.branch();
    const pm = await r.cli(
      'override',
      'postmortem',
      'OVR-1',
      '--incident',
      'INC-20260118-160000',
      '--now',
      '2026-01-18T16:00:00Z',
    );
    expect(pm.code, pm.err).toBe(0);
    r.commit('post-mortem by ops-agent'); // status reads the committed tree, as the gate does
    expect((await status(r, '2026-01-18T16:30:00Z')).status).toBe('reviewed'); // by ops-agent, an actor
    r.write({ [PM]: r.read(PM).replace('operator: ops-agent', 'operator: mallory') });
    r.commit('post-mortem by mallory');
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    const rec = node(doc.root, 'records').children.find((c) => c.source?.file === PM)!;
    expect(rec.reason).toBe(
      '/operator: the post-mortem of OVR-1 is by mallory, who is not an actor of the base policy; a post-mortem must be written by an actor',
    );
    expect(rec.source?.line).toBe(r.read(PM).split('\n').indexOf('operator: mallory') + 1);
    const s = await status(r, '2026-01-18T16:30:00Z');
    expect(s.status).toBe('completed');
    expect(s.ignored.map((i) => i.why)).toContain(
      'post-mortem INC-20260118-160000 is by mallory, who is not an actor of the policy: not counted',
    );
  });

  it('refuses to link a record whose operator is not an actor as a post-mortem (exit 2, nothing written)', async () => {
    const r = repo();
    await overrideOnMain(r);
    const made = await r.cli(
      'incident',
      'new',
      '--type',
      'crowd',
      '--severity',
      'low',
      '--operator',
      'alice',
    );
    expect(made.code, made.err).toBe(0);
    const file = made.out.match(/incidents\/INC-[0-9-]+\.md/)![0];
    const path = join(r.dir, file);
    writeFileSync(path, readFileSync(path, 'utf8').replace('operator: alice', 'operator: mallory'));
    r.commit('an incident by mallory');
    const before = r.snapshot();
    const id = file.slice('incidents/'.length, -'.md'.length);
    const pm = await r.cli('override', 'postmortem', 'OVR-1', '--incident', id);
    expect(pm.code).toBe(2);
    const line = r.read(file).split('\n').indexOf('operator: mallory') + 1;
    expect(pm.err).toContain(
      `${file}:${line}: operator mallory is not an actor of policies/actors.yaml: a post-mortem must be written by an actor; nothing written`,
    );
    expect(r.snapshot()).toBe(before);
  });
});

describe('gate: an override covers the change digest its signatures bound', () => {
  it('stops covering the change once the PR grows after the override was signed', async () => {
    const r = repo({ blastRadius: 'limits: { percent: 0.05, service: 1, region: 1 }\n' }); // 2 of 36
    r.branch();
    await gates(r, 3);
    const { made, signed } = await r.blastRadiusOverride();
    expect(made.code, made.err).toBe(0);
    for (const s of signed) expect(s.code, s.err).toBe(0);
    expect(r.read('overrides/OVR-1/override.yaml')).toContain(`change_digest: ${await r.digest()}`);
    r.commit('override OVR-1');
    await r.approve('CHG-3', ['alice', 'bob']); // the override's files moved the digest: approve again
    expect((await r.check()).code).toBe(0);

    // The PR grows to four gates; the approvers re-approve, but the override's quorum never saw it.
    r.commit('four gates', {
      'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 4),
    });
    await r.approve('CHG-3', ['alice', 'bob']);
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(node(doc.root, 'blast-radius').status).toBe('fail');
    expect(node(doc.root, 'overrides/OVR-1')).toMatchObject({ status: 'skip' });
    expect(node(doc.root, 'overrides/OVR-1').reason).toMatch(
      /^OVR-1 was signed for CHG-3 at sha256:[0-9a-f]{12}…, but CHG-3 is now sha256:[0-9a-f]{12}… \(the change moved after the override was signed\): request a new override for the current content; it changes nothing$/,
    );
  });

  it('refuses `override new` without the change it binds (exit 2, nothing written)', async () => {
    const r = repo();
    r.branch();
    await gates(r, 1);
    const before = r.snapshot();
    const common = ['--checks', 'blast-radius', '--impact', 'low', '--reason', 'x', '--expires', '1h'];
    const none = await r.cli('override', 'new', '--change', 'CHG-3', ...common, '--requested-by', 'alice');
    expect(none.code).toBe(2);
    expect(none.err).toContain(
      'give --base REF [--head REF] (or --digest D): the override is bound to the digest of CHG-3',
    );
    const other = await r.cli(
      'override',
      'new',
      '--change',
      'CHG-9',
      '--base',
      'main',
      ...common,
      '--requested-by',
      'alice',
    );
    expect(other.code).toBe(2);
    expect(other.err).toContain('main..HEAD is not change CHG-9 (it is CHG-3)');
    const bad = await r.cli(
      'override',
      'new',
      '--change',
      'CHG-3',
      '--digest',
      'sha256:abc',
      ...common,
      '--requested-by',
      'alice',
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--digest must look like sha256:<64 hex digits>, found "sha256:abc"');
    expect(r.snapshot()).toBe(before);
  });
});

describe('gate: an override bypasses exactly the checks it names', () => {
  /** Level 3 may touch 4 of the 36 resources per change and per hour. */
  const BUDGET = `limits: { percent: 1, service: 1, region: 1 }
levels: { 3: { percent: 0.10 } }
window: { duration: 1h, levels: [3] }
`;
  /** CHG-A (3 resources, level 3) recorded, then CHG-3: 3 more at level 3, over the rolling budget only. */
  async function overBudget(r: GovernedRepo): Promise<void> {
    const cell = (service: string): Record<string, string> => ({
      [`state/${service}/us-east-1.yaml`]: stringify(
        {
          service,
          region: 'us-east-1',
          resources: Array.from({ length: 4 }, (_, i) => ({
            id: resourceId('us-east-1', i),
            spec: { capacity: i < 3 ? 900 : 500 },
          })),
        },
        { lineWidth: 0 },
      ),
    });
    r.branch();
    r.commit('CHG-A', {
      ...r.manifest({ id: 'CHG-A', proposer: 'ops-agent', level: 3 }),
      ...cell('park-ticketing'),
    });
    expect((await r.land()).code).toBe(0);
    r.branch();
    r.commit('CHG-3', {
      ...r.manifest({ id: 'CHG-3', proposer: 'ops-agent', level: 3 }),
      ...cell('staff-scheduling'),
    });
  }

  it('does not lift the rolling budget (blast-radius/window) for an override that names only blast-radius', async () => {
    const r = repo({ blastRadius: BUDGET });
    await overBudget(r);
    await r.blastRadiusOverride('blast-radius');
    r.commit('OVR-1');
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(node(doc.root, 'blast-radius/window').status).toBe('fail');
    expect(node(doc.root, 'blast-radius/percent').status).toBe('pass');
    expect(node(doc.root, 'blast-radius').reason).toMatch(
      /^blast-radius\/window not overridden \(OVR-1 does not name it\): 6 resources affected in the last 1h; allowed 4/,
    );
    expect(node(doc.root, 'overrides/OVR-1:blast-radius').reason).toBe(
      'OVR-1 overrides blast-radius but not blast-radius/window, which it does not name',
    );
  });

  it('lifts the rolling budget when the override names blast-radius/window', async () => {
    const r = repo({ blastRadius: BUDGET });
    await overBudget(r);
    await r.blastRadiusOverride('blast-radius/window');
    r.commit('OVR-1');
    const { code, doc } = await r.check();
    expect(code, JSON.stringify(doc.root.children.map((c) => [c.id, c.status, c.reason]))).toBe(0);
    expect(node(doc.root, 'blast-radius/window').reason).toMatch(
      /^overridden by OVR-1: 6 resources affected/,
    );
  });
});
