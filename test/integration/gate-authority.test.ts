/**
 * Gate scenarios over real repositories: authority levels (DESIGN §3), proposers, manifest signatures and
 * keys. Each builds a base branch and a PR branch, signs with real keys made at test time, and runs
 * `gatehouse check` in-process.
 */
import { describe, expect, it } from 'vitest';
import { AUTHORITY, firstChanged, governedRepos, node, withCapacity } from '../fixtures/governed-repo.js';

const repo = governedRepos();

const ONE_OP = { 'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 1) };
const TWO_OPS = { 'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 2) };

describe('gate: authority levels', () => {
  it('allows a level-1 change with one eligible approval', async () => {
    const r = repo();
    r.branch();
    r.commit('raise', { ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }), ...ONE_OP });
    await r.approve('CHG-1', ['alice']);
    const { code, doc } = await r.check();
    expect(code).toBe(0);
    expect(doc.allowed).toBe(true);
    expect(node(doc.root, 'authority/ops').reason).toBe('level 1 with exactly one op');
    expect(node(doc.root, 'quorum/approval').numbers).toMatchObject({ approvals: 1, needed: 1 });
    expect(doc.counted).toEqual([
      expect.objectContaining({
        actor: 'alice',
        source: 'signed',
        fingerprint: expect.stringMatching(/^SHA256:/),
      }),
    ]);
  });

  it('denies a level-1 change approved only by its proposer', async () => {
    const r = repo();
    r.branch();
    r.commit('raise', { ...r.manifest({ id: 'CHG-1', proposer: 'alice', level: 1 }), ...ONE_OP });
    await r.approve('CHG-1', ['alice']);
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(doc.allowed).toBe(false);
    const q = node(doc.root, 'quorum/approval');
    expect(q.status).toBe('pending'); // waiting for an eligible approver: denied until then
    expect(q.reason).toMatch(/^0\/1 approvals/);
    expect(node(doc.root, 'quorum/approval/ignored:alice').reason).toContain('is the proposer');
  });

  it('denies a level-1 change with two ops, and says how to split it', async () => {
    const r = repo();
    r.branch();
    r.commit('raise', { ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }), ...TWO_OPS });
    await r.approve('CHG-1', ['alice']);
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    const ops = node(doc.root, 'authority/ops');
    expect(ops).toMatchObject({ status: 'fail', numbers: { ops: 2, max_ops: 1 } });
    expect(ops.fix).toContain('split it into one change per op');
    expect(ops.source?.file).toBe('policies/authority.yaml');
  });

  it('allows a level-2 batch of 100 ops approved by the quorum as one unit', async () => {
    const r = repo({ perCell: 12 });
    r.branch();
    r.commit('batch', {
      ...r.manifest({ id: 'CHG-2', proposer: 'ops-agent', level: 2 }),
      ...firstChanged(12, 100),
    });
    await r.approve('CHG-2', ['alice', 'bob']);
    const { code, doc } = await r.check();
    expect(code).toBe(0);
    expect(node(doc.root, 'authority/ops').numbers).toEqual({ ops: 100, max_ops: 100 });
    expect(node(doc.root, 'quorum/batch-two-roles').numbers).toMatchObject({ approvals: 2, needed: 2 });
  });

  it('denies a level-2 batch of 101 ops', async () => {
    const r = repo({ perCell: 12 });
    r.branch();
    r.commit('batch', {
      ...r.manifest({ id: 'CHG-2', proposer: 'ops-agent', level: 2 }),
      ...firstChanged(12, 101),
    });
    await r.approve('CHG-2', ['alice', 'bob']);
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    const ops = node(doc.root, 'authority/ops');
    expect(ops).toMatchObject({ status: 'fail', numbers: { ops: 101, max_ops: 100 } });
    expect(ops.reason).toBe('level 2 batches hold at most 100 ops; this change has 101');
  });

  it('denies a level-0 change that mutates state', async () => {
    const r = repo();
    r.branch();
    r.commit('mutate', { ...r.manifest({ id: 'REC-1', proposer: 'recommender', level: 0 }), ...ONE_OP });
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(node(doc.root, 'authority/ops').reason).toBe(
      'level 0 (read-only) allows no state mutation; this change has 1 op',
    );
  });

  it('allows a level-0 recommendation that changes no state', async () => {
    const r = repo();
    r.branch();
    r.commit('recommend', {
      ...r.manifest({ id: 'REC-2', proposer: 'recommender', level: 0, kind: 'recommendation' }),
      'docs/recommendations/holiday.md': 'Open gate 3 earlier on holidays.\n',
    });
    const { code, doc } = await r.check();
    expect(code).toBe(0);
    expect(node(doc.root, 'authority/ops').reason).toBe('level 0 with no ops (recommendation)');
  });

  it('allows a level-3 change without approval, and denies the 11th concurrent one', async () => {
    const r = repo();
    r.branch();
    r.commit('act', { ...r.manifest({ id: 'ACT-11', proposer: 'ops-agent', level: 3 }), ...ONE_OP });
    const first = await r.check();
    expect(first.code).toBe(0);
    expect(node(first.doc.root, 'authority/concurrency').numbers).toEqual({
      concurrent: 1,
      max_concurrent: 10,
    });

    // Ten level-3 changes applied in the last 30 minutes, on the base branch's ledger.
    r.checkout('main');
    await r.appendLedger([
      {
        ts: '2026-01-18T14:00:00Z',
        type: 'genesis',
        actor: 'gatehouse',
        body: { state: { resources: {}, switches: {} } },
      },
      ...Array.from({ length: 10 }, (_, i) => ({
        ts: `2026-01-18T14:${String(40 + i).padStart(2, '0')}:00Z`,
        type: 'change.applied' as const,
        actor: 'ops-agent',
        level: 3 as const,
        subject: { change: `ACT-${i + 1}` },
        body: {
          ops: [],
          decision: { affected: { count: 1, services: ['parade-schedule'], regions: ['us-west-2'] } },
        },
      })),
    ]);
    r.checkout('pr');
    const eleventh = await r.check();
    expect(eleventh.code).toBe(1);
    const c = node(eleventh.doc.root, 'authority/concurrency');
    expect(c).toMatchObject({ status: 'fail', numbers: { concurrent: 11, max_concurrent: 10 } });
    expect(c.reason).toContain('10 level-3 changes are already in their 30m observation window');

    // Once the oldest leaves the window, it passes again.
    const later = await r.check('--now', '2026-01-18T15:10:30Z');
    expect(node(later.doc.root, 'authority/concurrency').status).toBe('pass');
  });

  it('denies level 4 while it is disabled', async () => {
    const r = repo({ actors: undefined, authority: AUTHORITY });
    r.branch();
    r.commit('enforce', { ...r.manifest({ id: 'ENF-1', proposer: 'ops-agent', level: 4 }), ...ONE_OP });
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(node(doc.root, 'authority/level-enabled')).toMatchObject({
      status: 'fail',
      reason: 'level 4 is disabled',
    });
  });
});

describe('gate: proposers, signatures and keys', () => {
  it('denies a change proposed by an unknown actor', async () => {
    const r = repo();
    r.branch();
    r.commit('raise', { ...r.manifest({ id: 'CHG-1', proposer: 'mallory', level: 1 }, false), ...ONE_OP });
    await r.approve('CHG-1', ['alice']);
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    const p = node(doc.root, 'authority/proposer');
    expect(p.reason).toBe('unknown proposer mallory: not in the base actors policy');
    expect(p.source).toEqual({ file: 'changes/CHG-1/change.yaml', line: 1 });
  });

  it("denies an agent's unsigned manifest", async () => {
    const r = repo();
    r.branch();
    r.commit('raise', { ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }, false), ...ONE_OP });
    await r.approve('CHG-1', ['alice']);
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    const s = node(doc.root, 'authority/signature');
    expect(s.reason).toBe('manifest unsigned: ops-agent must sign it with a key of the base actors policy');
    expect(s.fix).toBe(
      'gatehouse sign changes/CHG-1/change.yaml --ssh-key FILE | --gpg KEYID | --key FILE (a key of ops-agent)',
    );
  });

  it("denies an agent's manifest signed with another actor's key", async () => {
    const r = repo();
    r.branch();
    const fields = {
      id: 'CHG-1',
      kind: 'change',
      title: 'x',
      proposed_at: '2026-01-18T14:00:00Z',
      proposer: 'ops-agent',
      level: 1,
    };
    const { stringify } = await import('yaml');
    r.commit('raise', { 'changes/CHG-1/change.yaml': stringify(r.sign(fields, 'alice')), ...ONE_OP });
    await r.approve('CHG-1', ['bob']);
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(node(doc.root, 'authority/signature').reason).toMatch(
      /^manifest signature does not verify: SSH key ssh-ed25519 SHA256:\S+ belongs to alice, not to ops-agent$/,
    );
  });

  it('fails closed with an error when a key of an involved actor is unreadable', async () => {
    const r = repo();
    r.commit('break a key', { 'policies/keys/alice.pub': 'ssh-ed25519 not-base64!!\n' });
    r.branch();
    r.commit('raise', { ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }), ...ONE_OP });
    await r.approve('CHG-1', ['alice', 'bob']);
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(doc.status).toBe('error');
    const keys = node(doc.root, 'keys');
    expect(keys.status).toBe('error');
    expect(keys.reason).toMatch(/^cannot verify signatures: alice: unreadable SSH public key/);
    expect(keys.children[0]!.source).toEqual({ file: 'policies/keys/alice.pub' });
  });
});

describe('gate: signed commits', () => {
  it('denies unsigned commits when policy requires signed ones, and allows commits signed by actors', async () => {
    const r = repo({ authority: `${AUTHORITY}commits: { require_signed: true }\n` });
    r.branch();
    r.commit('raise', { ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }), ...ONE_OP });
    await r.approve('CHG-1', ['alice']);
    const unsigned = await r.check();
    expect(unsigned.code).toBe(1);
    expect(node(unsigned.doc.root, 'commits')).toMatchObject({
      status: 'fail',
      numbers: { commits: 2, unsigned: 2 },
    });

    // The same PR with every commit signed (git's SSH signing, ssh-keygen) by alice.
    r.checkout('main');
    r.git('branch', '-q', '-D', 'pr');
    r.branch();
    r.git('config', 'gpg.format', 'ssh');
    r.git('config', 'user.signingkey', r.keys.get('alice')!.privateFile);
    r.git('config', 'commit.gpgsign', 'true');
    r.commit('raise', { ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }), ...ONE_OP });
    await r.approve('CHG-1', ['alice']);
    const signed = await r.check();
    expect(node(signed.doc.root, 'commits')).toMatchObject({
      status: 'pass',
      reason: '2 commits signed by known actors',
    });
    expect(signed.code).toBe(0);
  });
});
