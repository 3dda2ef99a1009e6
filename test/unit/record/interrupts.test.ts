import { describe, expect, it } from 'vitest';
import type { ChangeManifest } from '../../../src/core/documents.js';
import { interruptDrafts, revertedEntries, type InterruptInput } from '../../../src/record/interrupts.js';

const manifest: ChangeManifest = {
  id: 'RB-7',
  kind: 'rollback',
  title: 'Roll back seq 7',
  proposer: 'alice',
  level: 3,
  proposed_at: '2026-01-18T10:10:00Z',
  justification: 'Wrong parade start',
  related: { reverts: 7 },
};
const applied = {
  seq: 7,
  ts: '2026-01-18T10:00:00Z',
  type: 'change.applied',
  level: 3,
  change: 'CHG-0007',
  actor: 'ops-agent',
};
const input = (over: Partial<InterruptInput> = {}): InterruptInput => ({
  manifest,
  digest: 'sha256:' + 'a'.repeat(64),
  reverted: [applied],
  proposerKind: 'human',
  windowMs: 30 * 60_000,
  at: new Date('2026-01-18T10:20:00Z'),
  subject: { change: 'RB-7', pr: 9 },
  ...over,
});

describe('interrupt entries (DESIGN §3 level 3)', () => {
  it('a human rollback inside the observation window interrupts the level-3 change', () => {
    const [d, ...rest] = interruptDrafts(input());
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      type: 'interrupt',
      actor: 'alice',
      subject: { change: 'RB-7', pr: 9 },
      body: {
        interrupted: 7,
        change: 'CHG-0007',
        proposer: 'ops-agent',
        window_ends_at: '2026-01-18T10:30:00Z',
        rollback: 'RB-7',
      },
    });
  });

  it.each([
    ['after the window', input({ at: new Date('2026-01-18T10:30:01Z') })],
    ['by an agent', input({ proposerKind: 'agent' })],
    ['by a non-actor', input({ proposerKind: undefined })],
    ['of a level-2 change', input({ reverted: [{ ...applied, level: 2 }] })],
    ['of a rollback entry', input({ reverted: [{ ...applied, type: 'rollback.applied' }] })],
    ['of a change, not a rollback', input({ manifest: { ...manifest, kind: 'change' } })],
  ])('no interrupt %s', (_what, i) => {
    expect(interruptDrafts(i)).toEqual([]);
  });

  it('reads the reverted entries from the ledger lines, skipping unreadable ones', () => {
    const lines = [
      '{"seq":0}',
      JSON.stringify({ ...applied, seq: 1, subject: { change: 'CHG-0007' } }),
      'not json',
    ];
    expect(revertedEntries(lines, { ...manifest, related: { reverts: [1, 2, 5] } })).toEqual([
      { seq: 1, ts: applied.ts, type: 'change.applied', actor: 'ops-agent', level: 3, change: 'CHG-0007' },
    ]);
  });
});
