import { describe, expect, it } from 'vitest';
import { changeDigest } from '../../../src/change/digest.js';
import type { ChangeManifest, OverrideRequest } from '../../../src/core/documents.js';
import { bindingProblem, overrideBindingDigest } from '../../../src/overrides/binding.js';
import { updates } from '../gate/helpers.js';

const manifest: ChangeManifest = {
  id: 'CHG-3',
  kind: 'change',
  title: 't',
  proposer: 'ops-agent',
  level: 2,
  proposed_at: '2026-01-18T14:00:00Z',
};
const own = { path: 'overrides/OVR-1/override.yaml', before: null, after: `sha256:${'1'.repeat(64)}` };
const other = { path: 'docs/x.md', before: null, after: `sha256:${'2'.repeat(64)}` };
const request: OverrideRequest = {
  id: 'OVR-1',
  change: 'CHG-3',
  checks: ['blast-radius'],
  reason: 'r',
  impact: 'low',
  requested_by: 'alice',
  requested_at: '2026-01-18T14:00:00Z',
  expires_at: '2026-01-18T16:00:00Z',
  post_mortem_due: '2026-01-19T16:00:00Z',
};

describe('overrideBindingDigest', () => {
  it("is the change digest without the override's own folder, and moves with anything else", () => {
    const ops = updates(3);
    const bound = overrideBindingDigest({ manifest, ops, files: [own] }, 'overrides', 'OVR-1');
    expect(bound).toBe(changeDigest({ manifest, ops, files: [] }));
    expect(overrideBindingDigest({ manifest, ops, files: [own] }, 'overrides/', 'OVR-2')).not.toBe(bound);
    expect(overrideBindingDigest({ manifest, ops: updates(4), files: [own] }, 'overrides', 'OVR-1')).not.toBe(
      bound,
    );
    expect(overrideBindingDigest({ manifest, ops, files: [own, other] }, 'overrides', 'OVR-1')).not.toBe(
      bound,
    );
  });
});

describe('bindingProblem', () => {
  const d = (c: string): string => `sha256:${c.repeat(64)}`;
  it('covers only the bound digest', () => {
    expect(bindingProblem({ ...request, change_digest: d('a') }, d('a'))).toBeUndefined();
    expect(bindingProblem({ ...request, change_digest: d('a') }, d('b'))).toBe(
      'OVR-1 was signed for CHG-3 at sha256:aaaaaaaaaaaa…, but CHG-3 is now sha256:bbbbbbbbbbbb… (the change moved after the override was signed): request a new override for the current content',
    );
    expect(bindingProblem(request, d('a'))).toBe(
      'OVR-1 binds no change digest, so it covers no content of CHG-3: request a new override with `gatehouse override new --change CHG-3 --base REF --head REF`',
    );
  });
});
