import { describe, expect, it } from 'vitest';
import type { AuthorityPolicy, ChangeManifest } from '../../../src/core/documents.js';
import { leaf, type ResultNode } from '../../../src/core/result.js';
import type { Decision } from '../../../src/gate/evaluate.js';
import { applyOverrides } from '../../../src/gate/overrides.js';
import { mergeDrafts } from '../../../src/record/merge-drafts.js';
import { bypassedOf, overrideIdsUsed } from '../../../src/record/overrides-used.js';

// DESIGN §2.6, §4: what `record` writes about the overrides a change used comes from the gate's typed
// decision.overridesUsed, never from the wording of the result nodes.
const NOW = new Date('2026-01-18T15:00:00Z');
const DIGEST = `sha256:${'cd'.repeat(32)}`;
const blast = (window: 'pass' | 'fail', percent: 'pass' | 'fail'): ResultNode => ({
  id: 'blast-radius',
  status: window === 'fail' || percent === 'fail' ? 'fail' : 'pass',
  reason: 'over',
  numbers: {},
  children: [
    leaf('blast-radius/percent', percent, 'percent'),
    leaf('blast-radius/window', window, '6 of 4 in 1h'),
  ],
});

/** The decision the gate takes with these overrides applied (allowed when nothing stays failing). */
function decide(checks: ResultNode[], overrides: Parameters<typeof applyOverrides>[1]): Decision {
  const ov = applyOverrides(checks, overrides);
  const children = [...ov.checks, ov.node];
  const bad = children.some((c) => c.status === 'fail' || c.status === 'pending');
  return {
    allowed: !bad,
    status: bad ? 'fail' : 'pass',
    digest: DIGEST,
    root: { id: 'gate', status: bad ? 'fail' : 'pass', reason: 'r', numbers: {}, children },
    counted: [],
    overridesUsed: ov.used,
  };
}

/** Every reason in the tree reworded: nothing `record` writes may change. */
function reworded(n: ResultNode): ResultNode {
  return { ...n, reason: `reworded ${n.id}`, children: n.children.map(reworded) };
}

function drafts(decision: Decision) {
  return mergeDrafts({
    manifest: {
      id: 'CHG-3',
      kind: 'change',
      title: 't',
      proposer: 'ops-agent',
      level: 3,
      proposed_at: '2026-01-18T14:00:00Z',
    } as ChangeManifest,
    digest: DIGEST,
    ops: [],
    decision,
    baseState: { resources: {}, switches: {} },
    files: [],
    policiesDir: 'policies',
    authority: { environment: 'staging', levels: {} } as unknown as AuthorityPolicy,
    actors: [],
    lines: [],
    now: NOW,
    judgedAt: NOW,
    commit: 'f'.repeat(40),
  });
}

describe('the overrides a decision used, as typed data', () => {
  const checks = [
    blast('pass', 'fail'),
    leaf('kill-switches', 'pass', 'none active'),
    leaf('quorum', 'fail', '0/1'),
  ];
  const overrides = [
    { id: 'OVR-2', checks: ['quorum'], status: 'active' as const },
    { id: 'OVR-1', checks: ['blast-radius', 'kill-switches'], status: 'active' as const },
  ];

  it('names each override that bypassed a failing check, and not a check that passed without it', () => {
    const d = decide(checks, overrides);
    expect(d.allowed).toBe(true);
    // in the order the gate applied them (OVR-2 is listed first); kill-switches passed without OVR-1
    expect(d.overridesUsed).toEqual([
      { id: 'OVR-2', bypasses: ['quorum'], partial: [] },
      { id: 'OVR-1', bypasses: ['blast-radius'], partial: [] },
    ]);
    expect([...bypassedOf(d.overridesUsed)]).toEqual([
      ['OVR-2', ['quorum']],
      ['OVR-1', ['blast-radius']],
    ]);
    expect(overrideIdsUsed(d.overridesUsed)).toEqual(['OVR-1', 'OVR-2']);
  });

  it('records the same entries when every result reason is reworded', () => {
    const d = decide(checks, overrides);
    const other: Decision = { ...d, root: reworded(d.root) };
    // a parser of the wording would find no `<id> overrides <check>` reason left
    expect(JSON.stringify(other.root)).not.toMatch(/OVR-\d overrides /);
    expect(drafts(other)).toEqual(drafts(d));
    expect(drafts(other)[0]?.body).toMatchObject({ overrides: ['OVR-1', 'OVR-2'] });
    expect([...bypassedOf(other.overridesUsed)]).toEqual([...bypassedOf(d.overridesUsed)]);
  });

  it('keeps an override that leaves a sub-check failing apart from a full bypass', () => {
    const d = decide([blast('fail', 'fail')], [{ id: 'OVR-1', checks: ['blast-radius'], status: 'active' }]);
    expect(d.allowed).toBe(false);
    expect(d.overridesUsed).toEqual([{ id: 'OVR-1', bypasses: [], partial: ['blast-radius'] }]);
    expect(bypassedOf(d.overridesUsed).size).toBe(0); // nothing it activates
    expect(overrideIdsUsed(d.overridesUsed)).toEqual(['OVR-1']);
  });

  it('is empty without an override, and for an inactive or unbound one', () => {
    expect(decide(checks, undefined).overridesUsed).toEqual([]);
    expect(
      decide(checks, [
        { id: 'OVR-1', checks: ['blast-radius'], status: 'expired' },
        { id: 'OVR-2', checks: ['quorum'], status: 'active', unbound: 'signed for another digest' },
      ]).overridesUsed,
    ).toEqual([]);
    expect(drafts(decide(checks, undefined))[0]?.body).toMatchObject({ overrides: [] });
  });
});
