/**
 * Gate scenarios over real repositories: blast radius per dimension (seed 000 Part 3), the append-only guard
 * and the base policy deciding policy changes (DESIGN §3).
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { governedRepos, ids, node, withCapacity, type GovernedRepo } from '../fixtures/governed-repo.js';

const repo = governedRepos();

/** A level-2 change of three gates in park-ticketing / us-east-1, approved by the quorum. */
async function threeGates(r: GovernedRepo): Promise<void> {
  r.branch();
  r.commit('three gates', {
    ...r.manifest({ id: 'CHG-3', proposer: 'ops-agent', level: 2 }),
    'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 3),
  });
  await r.approve('CHG-3', ['alice', 'bob']);
}

describe('gate: blast radius', () => {
  // 36 resources: 12 per service, 12 per region. Three affected in one service and one region.
  const cases = [
    {
      dimension: 'percent',
      policy: 'limits: { percent: 0.05, service: 1, region: 1 }\n',
      id: 'blast-radius/percent',
      reason: '3 resources affected in the repository; allowed 2 (ceil(36 × 0.05))',
    },
    {
      dimension: 'service',
      policy: 'limits: { percent: 1, service: 0.10, region: 1 }\n',
      id: 'blast-radius/service:park-ticketing',
      reason: '3 resources affected in service park-ticketing; allowed 2 (ceil(12 × 0.10))',
    },
    {
      dimension: 'region',
      policy: 'limits: { percent: 1, service: 1, region: 0.10 }\n',
      id: 'blast-radius/region:us-east-1',
      reason: '3 resources affected in region us-east-1; allowed 2 (ceil(12 × 0.10))',
    },
    {
      dimension: 'an absolute cap',
      policy:
        'limits: { percent: 1, service: 1, region: 1 }\nservices: { park-ticketing: { max_affected: 2 } }\n',
      id: 'blast-radius/service:park-ticketing',
      reason:
        '3 resources affected in service park-ticketing; allowed 2 (max_affected 2; ceil(12 × 1.00) = 12)',
    },
  ];
  for (const c of cases)
    it(`denies a change over ${c.dimension}, naming that dimension`, async () => {
      const r = repo({ blastRadius: c.policy });
      await threeGates(r);
      const { code, doc } = await r.check();
      expect(code).toBe(1);
      const br = node(doc.root, 'blast-radius');
      expect(br.status).toBe('fail');
      expect(br.reason).toBe(c.reason); // the binding dimension
      expect(br.numbers).toEqual({ affected: 3, allowed: 2, total: c.id.endsWith('percent') ? 36 : 12 });
      expect(br.fix).toMatch(/^needs at most 2 resources in /);
      expect(node(doc.root, c.id)).toMatchObject({
        status: 'fail',
        source: { file: 'policies/blast-radius.yaml' },
      });
      const failing = br.children.filter((n) => n.status === 'fail').map((n) => n.id);
      expect(failing).toEqual([c.id]);
    });
});

describe('gate: emergency overrides', () => {
  it('lets an active override with its role quorum bypass blast radius, and record names it', async () => {
    const r = repo({ blastRadius: 'limits: { percent: 0.05, service: 1, region: 1 }\n' });
    await threeGates(r);
    expect((await r.check()).code).toBe(1);
    const { made, signed } = await r.blastRadiusOverride();
    expect(made.err).toBe('');
    expect(made.code).toBe(0);
    for (const s of signed) expect(s.code, s.err).toBe(0);
    r.commit('override OVR-1');
    // The override files are part of the PR, so its digest moved: the quorum approves the final content.
    expect((await r.check()).doc.root.children.find((c) => c.id === 'quorum')!.status).toBe('pending');
    await r.approve('CHG-3', ['alice', 'bob']);
    const { code, doc } = await r.check();
    expect(code, JSON.stringify(ids(doc.root))).toBe(0);
    expect(node(doc.root, 'blast-radius').reason).toMatch(
      /^overridden by OVR-1: 3 resources affected in the repository/,
    );
    expect(node(doc.root, 'overrides').reason).toBe('active: OVR-1 (blast-radius)');
    // After its window the override no longer applies.
    expect((await r.check('--now', '2026-01-18T16:30:00Z')).code).toBe(1);

    const landed = await r.land();
    expect(landed.code, landed.out + landed.err).toBe(0);
    expect(r.ledger()[1]!.body.overrides).toEqual(['OVR-1']);
  });
});

describe('gate: append-only history', () => {
  it('denies a PR that edits an existing ledger line', async () => {
    const r = repo();
    r.branch();
    r.commit('raise', {
      ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }),
      'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 1),
    });
    await r.approve('CHG-1', ['alice']);
    await r.land();
    const file = 'ledger/events/000000000000.jsonl';
    r.branch();
    r.commit('edit the ledger', {
      ...r.manifest({ id: 'CHG-2', proposer: 'alice', level: 1 }),
      [file]: r.read(file).replace('"after":900', '"after":500'),
    });
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(node(doc.root, `append-only/${file}`)).toMatchObject({
      status: 'fail',
      reason: 'modified under ledger/: only `record` appends to ledger/',
      source: { file },
    });
  });

  it('denies a PR whose commits rewrite a ledger line and then restore it (net diff zero)', async () => {
    const r = repo();
    r.branch();
    r.commit('raise', {
      ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }),
      'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 1),
    });
    await r.approve('CHG-1', ['alice']);
    await r.land();
    const file = 'ledger/events/000000000000.jsonl';
    const original = r.read(file);
    r.branch();
    const tamper = r.commit('tidy the ledger', { [file]: original.replace('"after":900', '"after":500') });
    r.commit('restore the ledger', { [file]: original, 'NOTES.md': 'notes\n' });
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(node(doc.root, `append-only/${file}`)).toMatchObject({
      status: 'fail',
      reason: expect.stringContaining(`commit ${tamper.slice(0, 12)} (tidy the ledger) changes ${file}`),
      source: { file },
    });
  });

  it('denies a PR that edits an incident record already on the base branch', async () => {
    const r = repo({
      files: { 'incidents/INC-20260101-120000.md': '---\nid: INC-20260101-120000\n---\n## Description\nx\n' },
    });
    r.branch();
    r.commit('soften', {
      ...r.manifest({ id: 'CHG-4', proposer: 'alice', level: 1 }),
      'incidents/INC-20260101-120000.md':
        '---\nid: INC-20260101-120000\n---\n## Description\nnothing happened\n',
    });
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(node(doc.root, 'append-only/incidents/INC-20260101-120000.md').reason).toBe(
      'modified: incident records are immutable; add a new record with `amends`',
    );
  });

  it('denies a PR that rewrites an approval already on the base branch', async () => {
    const r = repo();
    r.branch();
    r.commit('raise', {
      ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }),
      'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 1),
    });
    await r.approve('CHG-1', ['alice']);
    await r.land();
    r.branch();
    r.commit('rewrite approval', {
      ...r.manifest({ id: 'CHG-5', proposer: 'alice', level: 1 }),
      'changes/CHG-1/approvals/alice.yaml': r
        .read('changes/CHG-1/approvals/alice.yaml')
        .replace('approve', 'reject'),
    });
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(node(doc.root, 'append-only/changes/CHG-1/approvals/alice.yaml').reason).toBe(
      'modified: approvals on the base branch are immutable',
    );
  });
});

describe('gate: policy changes are judged by the base policy', () => {
  it('denies a PR that edits its own policy to grant itself more', async () => {
    const r = repo();
    r.branch();
    const actors = r.read('policies/actors.yaml').replace(/(- id: erin[\s\S]*?max_level:) 2/, '$1 4');
    const authority = r
      .read('policies/authority.yaml')
      .replace('4: { enabled: false }', '4: { enabled: true }');
    const quorum = stringify({ rules: [] });
    r.commit('grant myself level 4', {
      ...r.manifest({ id: 'POL-1', proposer: 'erin', level: 4, kind: 'policy' }),
      'policies/actors.yaml': actors,
      'policies/authority.yaml': authority,
      'policies/quorum.yaml': quorum,
    });
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    // The base policy decides: level 4 disabled, erin capped at 2, policy paths capped at level 2,
    // and the base's policy-change quorum (security + charter) still applies.
    expect(node(doc.root, 'authority/level-enabled').reason).toBe('level 4 is disabled');
    expect(node(doc.root, 'authority/proposer').reason).toBe('erin may act up to level 2, not 4');
    expect(node(doc.root, 'authority/rules').reason).toContain('caps this change at level 2');
    expect(node(doc.root, 'quorum/policy-change').status).toBe('pending');
    expect(node(doc.root, 'policy').reason).toContain("judged by the base branch's policy");
  });
});
