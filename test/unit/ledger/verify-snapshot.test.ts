import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fastJcs } from '../../../src/ledger/fast-jcs.js';
import { CanonicalState } from '../../../src/ledger/verify-snapshot.js';
import { diffResources } from '../../../src/state/ops.js';
import { applyEntry, emptyState } from '../../../src/state/replay.js';
import { buildLedger, stateArb, stepArb } from '../state/helpers.js';

describe('the replayed state kept canonical between snapshots', () => {
  it('gives the bytes of fastJcs(state) after any entries, asked at any points', () => {
    fc.assert(
      fc.property(
        stateArb,
        fc.array(stepArb, { maxLength: 10 }),
        fc.array(fc.boolean(), { minLength: 11, maxLength: 11 }),
        (genesis, steps, askAt) => {
          const entries = buildLedger(genesis, steps, diffResources);
          const state = emptyState();
          const canon = new CanonicalState();
          expect(canon.text(state)).toBe(fastJcs(state));
          entries.forEach((entry, i) => {
            applyEntry(state, entry);
            canon.applied(entry);
            if (askAt[i] || i === entries.length - 1) expect(canon.text(state)).toBe(fastJcs(state));
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sees a state changed behind its back only once told to reset', () => {
    const state = emptyState();
    state.resources['s/a'] = { service: 's', id: 'a', spec: { n: 1 } };
    const canon = new CanonicalState();
    expect(canon.text(state)).toBe(fastJcs(state));
    (state.resources['s/a'] as unknown as { spec: { n: number } }).spec.n = 2;
    canon.reset();
    expect(canon.text(state)).toBe(fastJcs(state));
  });

  it('serialises a state of another shape, or with a lone surrogate in a key, as a whole', () => {
    const odd = { ...emptyState(), extra: 1 } as unknown as ReturnType<typeof emptyState>;
    expect(new CanonicalState().text(odd)).toBe(fastJcs(odd));
    const lone = emptyState();
    lone.resources['s/\ud800'] = { service: 's', id: '\ud800' };
    lone.resources['s/b'] = { service: 's', id: 'b' };
    // JCS has no form for a lone surrogate: both refuse it the same way.
    expect(() => fastJcs(lone)).toThrow(/surrogate/i);
    expect(() => new CanonicalState().text(lone)).toThrow(/surrogate/i);
  });
});
