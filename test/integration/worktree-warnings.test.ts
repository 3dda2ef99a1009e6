/**
 * Commands that read commits say so when the working tree holds governed files no commit has: `check` and
 * `digest` name uncommitted approvals and manifests (stderr, and `warnings` in --json), and `override status`
 * reads the committed tree the gate reads (HEAD or --ref), says which, and warns when the working tree differs.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  OVERRIDE_SIGNERS,
  governedRepos,
  withCapacity,
  type GovernedRepo,
} from '../fixtures/governed-repo.js';

const repo = governedRepos();

const state = (count: number, value = 900): Record<string, string> => ({
  'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', count, value),
});

function levelOne(r: GovernedRepo, id = 'CHG-1'): void {
  r.branch();
  r.commit('raise', { ...r.manifest({ id, proposer: 'ops-agent', level: 1 }), ...state(1) });
}

interface Warning {
  kind: string;
  message: string;
  files: { path: string; status: string }[];
}

describe('check and digest read commits and name what the working tree adds', () => {
  it('warns that an uncommitted approval is ignored, and counts it once committed', async () => {
    const r = repo();
    levelOne(r);
    r.write(await r.approval('CHG-1', 'alice'));
    const before = await r.check();
    expect(before.code).toBe(1);
    expect(before.err).toMatch(
      /warning: 1 governed file in the working tree is not committed and is ignored/,
    );
    expect(before.err).toContain('changes/CHG-1/approvals/alice.yaml (untracked)');
    expect(before.err).toMatch(/git add <files> && git commit/);
    const warnings = (before.doc as unknown as { warnings: Warning[] }).warnings;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.files).toEqual([{ path: 'changes/CHG-1/approvals/alice.yaml', status: 'untracked' }]);

    r.commit('approve');
    const after = await r.check();
    expect(after.code).toBe(0);
    expect(after.err).toBe('');
    expect((after.doc as unknown as { warnings: Warning[] }).warnings).toEqual([]);
  });

  it('names a modified state file and an uncommitted manifest in the text output too', async () => {
    const r = repo();
    r.branch();
    r.write({ ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }), ...state(1) });
    const res = await r.cli('check', '--base', 'main', '--head', 'HEAD');
    expect(res.code).toBe(0); // HEAD is main: nothing committed to judge, whatever the working tree holds
    expect(res.err).toContain('changes/CHG-1/change.yaml (untracked)');
    expect(res.err).toContain('state/park-ticketing/us-east-1.yaml (modified)');
    expect(res.err).toMatch(/check \(head HEAD\) reads commits, not the working tree/);
  });

  it('digest: names the uncommitted manifest it cannot see, before refusing for want of one', async () => {
    const r = repo();
    r.branch();
    r.write(r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }));
    const res = await r.cli('digest', '--base', 'main');
    expect(res.code).toBe(2);
    expect(res.err).toContain('changes/CHG-1/change.yaml (untracked)');
    expect(res.err).toMatch(/digest \(head HEAD\) reads commits/);
  });

  it('digest --json carries the warnings; a clean tree has none', async () => {
    const r = repo();
    levelOne(r);
    const clean = await r.cli('digest', '--base', 'main', '--json');
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.out).warnings).toEqual([]);
    r.write(await r.approval('CHG-1', 'alice'));
    const dirty = await r.cli('digest', '--base', 'main', '--json');
    expect(dirty.code).toBe(0);
    const w = JSON.parse(dirty.out).warnings as Warning[];
    expect(w.map((x) => x.files.map((f) => f.path))).toEqual([['changes/CHG-1/approvals/alice.yaml']]);
  });
});

describe('override status reads what the gate reads', () => {
  const request = {
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
  };

  async function signAll(r: GovernedRepo): Promise<void> {
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
  }

  it('says pending (the committed tree) for signatures still in the working tree, and warns', async () => {
    const r = repo();
    r.commit('override OVR-1', { 'overrides/OVR-1/override.yaml': stringify(request) });
    await signAll(r);
    const s = await r.cli('override', 'status', 'OVR-1', '--json', '--now', '2026-01-18T14:10:00Z');
    expect(s.code, s.err).toBe(0);
    const doc = JSON.parse(s.out) as {
      source: { ref: string; commit: string };
      overrides: { status: string }[];
      warnings: Warning[];
    };
    expect(doc.source).toEqual({ ref: 'HEAD', commit: r.head() });
    expect(doc.overrides[0]!.status).toBe('pending');
    expect(doc.warnings[0]!.files.map((f) => f.path)).toEqual(
      OVERRIDE_SIGNERS.map(([a]) => `overrides/OVR-1/signatures/${a}.yaml`).sort(),
    );
    expect(s.err).toMatch(/override status \(HEAD\) reads commits/);

    const text = await r.cli('override', 'status', '--now', '2026-01-18T14:10:00Z');
    expect(text.out).toMatch(/^overrides read at HEAD \([0-9a-f]{12}\), the committed tree the gate reads:/);

    r.commit('OVR-1 signatures');
    const active = await r.cli('override', 'status', 'OVR-1', '--json', '--now', '2026-01-18T14:10:00Z');
    expect(JSON.parse(active.out).overrides[0].status).toBe('active');
    expect(active.err).toBe('');
    // --ref reads another commit: before the signatures were committed
    const old = await r.cli(
      'override',
      'status',
      'OVR-1',
      '--ref',
      'HEAD~1',
      '--json',
      '--now',
      '2026-01-18T14:10:00Z',
    );
    expect(old.code, old.err).toBe(0);
    expect(JSON.parse(old.out)).toMatchObject({
      source: { ref: 'HEAD~1' },
      overrides: [{ status: 'pending' }],
    });
  });

  it('refuses an unknown --ref with exit 2', async () => {
    const r = repo();
    const before = r.snapshot();
    const s = await r.cli('override', 'status', '--ref', 'no-such-branch');
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/unknown git ref "no-such-branch"/);
    expect(r.snapshot()).toBe(before);
  });
});
