import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jcs } from '../../../src/core/jcs.js';
import { diffResources } from '../../../src/state/ops.js';
import { applyEntry, emptyState } from '../../../src/state/replay.js';
import { buildLedger, stateArb, stepArb } from '../state/helpers.js';
import { clientInternals } from './helpers.js';

describe('the page script', () => {
  it('parses as a script and exposes its pure helpers', () => {
    const c = clientInternals();
    expect(typeof c.applyEntry).toBe('function');
    expect(typeof c.matches).toBe('function');
  });

  it('replays every entry to the same state as src/state/replay, entry by entry', () => {
    const client = clientInternals();
    fc.assert(
      fc.property(stateArb, fc.array(stepArb, { maxLength: 8 }), (genesis, steps) => {
        const entries = buildLedger(genesis, steps, diffResources);
        const ours = emptyState();
        const page = { resources: {}, switches: {} };
        for (const e of entries) {
          applyEntry(ours, e);
          client.applyEntry(page, JSON.parse(JSON.stringify(e)));
          expect(jcs(JSON.parse(JSON.stringify(page)))).toBe(jcs(ours));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('filters by type, actor, level, service and time range', () => {
    const { matches } = clientInternals();
    const e = {
      seq: 3,
      ts: '2026-01-18T10:00:00Z',
      type: 'change.applied',
      actor: 'ops-agent',
      level: 2,
      body: { ops: [{ op: 'update', key: 'park-ticketing/gate-a', path: '/spec/open' }] },
    };
    const none = { type: '', actor: '', level: '', service: '', from: NaN, to: NaN };
    expect(matches(e, none)).toBe(true);
    expect(matches(e, { ...none, type: 'change.applied', level: '2', service: 'park-ticketing' })).toBe(true);
    expect(matches(e, { ...none, actor: 'alice' })).toBe(false);
    expect(matches(e, { ...none, level: 'none' })).toBe(false);
    expect(matches(e, { ...none, service: 'parade-schedule' })).toBe(false);
    expect(matches(e, { ...none, from: Date.parse('2026-01-18T10:00:01Z') })).toBe(false);
    expect(matches(e, { ...none, to: Date.parse('2026-01-18T10:00:00Z') })).toBe(true);
  });
});
