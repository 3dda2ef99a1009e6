/**
 * A small, realistic governed repository for report tests: the theme-park example of seed 000 with a
 * ledger built through the ledger's own chain functions (JCS lines, prev links), incident records, a
 * signed-off override and an actors policy. Override signature values are placeholders: the report
 * shows signatures as recorded and never verifies them (`gatehouse verify` does).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeEntry, type EntryDraft } from '../../src/ledger/chain.js';
import type { LedgerEntry } from '../../src/core/ledger-entry.js';
import { replay } from '../../src/state/replay.js';
import type { Resource } from '../../src/core/state-types.js';

export const INCIDENT = 'INC-20260118-104000';
export const POSTMORTEM = 'INC-20260118-120000';

const res = (service: string, id: string, region: string, spec: Record<string, unknown>) => ({
  service,
  id,
  region,
  spec,
});

export const GENESIS_STATE = {
  resources: {
    'park-ticketing/gate-a': res('park-ticketing', 'gate-a', 'us-east-1', { open: false, capacity: 500 }),
    'park-ticketing/gate-b': res('park-ticketing', 'gate-b', 'us-west-2', { open: false, capacity: 500 }),
    'staff-scheduling/shift-morning': res('staff-scheduling', 'shift-morning', 'us-east-1', { staff: 40 }),
    'parade-schedule/main-parade': res('parade-schedule', 'main-parade', 'eu-central-1', {
      time: '15:00',
      floats: 12,
    }),
  },
  switches: {},
};

const FP_ALICE = 'SHA256:Vg0cT0P6cq1r5lRr1Hc9oR3m0w6fTq1tC1bI1o8wq3M';
const FP_BOB = '9F2C4A1E7D0B33C2A1D4E5F60718293A4B5C6D7E';
const FP_DAVE = 'SHA256:2wzq8nR9Y3xkQH1m7d0VtZfP4aL6cE5sJ8uG1bN3yKo';
const commit = (n: number): string => n.toString(16).padStart(40, 'a');

function applied(
  seq: number,
  ts: string,
  level: 0 | 1 | 2 | 3,
  change: string,
  title: string,
  ops: unknown[],
  approvals: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): EntryDraft & { seq: number } {
  return {
    seq,
    ts,
    type: 'change.applied',
    actor: 'ops-agent',
    level,
    subject: { change, pr: 10 + seq, commit: commit(seq) },
    body: {
      manifest: {
        id: change,
        kind: 'change',
        title,
        proposer: 'ops-agent',
        level,
        proposed_at: ts,
        justification: `${title} (park ops)`,
      },
      digest: `sha256:${String(seq).repeat(64).slice(0, 64)}`,
      ops,
      approvals,
      decision: { status: 'pass', reason: 'all checks pass' },
      ...extra,
    },
  };
}

/** The drafts, in seq order. Ops carry exact before values so strict replay applies them. */
export function parkDrafts(): (EntryDraft & { seq: number })[] {
  const upd = (key: string, path: string, before: unknown, after: unknown) => ({
    op: 'update',
    key,
    path,
    before,
    after,
  });
  return [
    {
      seq: 0,
      ts: '2026-01-18T08:00:00Z',
      type: 'genesis',
      actor: 'gatehouse',
      body: { state: GENESIS_STATE },
    },
    applied(
      1,
      '2026-01-18T09:00:00Z',
      1,
      'CHG-0001',
      'Open gate A',
      [upd('park-ticketing/gate-a', '/spec/open', false, true)],
      [
        {
          actor: 'alice',
          role: 'operator',
          source: 'signed',
          fingerprint: FP_ALICE,
          ts: '2026-01-18T08:55:00Z',
          rules: ['approval'],
        },
      ],
    ),
    applied(
      2,
      '2026-01-18T10:00:00Z',
      2,
      'CHG-0002',
      'Raise holiday capacity',
      [
        upd('park-ticketing/gate-a', '/spec/capacity', 500, 1000),
        upd('park-ticketing/gate-b', '/spec/capacity', 500, 1000),
      ],
      [
        {
          actor: 'alice',
          role: 'operator',
          source: 'signed',
          fingerprint: FP_ALICE,
          ts: '2026-01-18T09:50:00Z',
          rules: ['approval', 'batch-two-roles'],
        },
        {
          actor: 'bob',
          role: 'sre',
          source: 'github',
          reviewId: 9001,
          ts: '2026-01-18T09:52:00Z',
          rules: ['batch-two-roles'],
        },
      ],
    ),
    {
      seq: 3,
      ts: '2026-01-18T10:30:00Z',
      type: 'escalation.granted',
      actor: 'carol',
      subject: { change: 'CHG-0003' },
      body: {
        actor: 'ops-agent',
        level: 3,
        expires_at: '2026-01-18T11:30:00Z',
        change: 'CHG-0003',
        approvals: [
          {
            actor: 'dave',
            role: 'supervisor',
            source: 'signed',
            fingerprint: FP_DAVE,
            ts: '2026-01-18T10:29:00Z',
            rules: ['escalation'],
          },
        ],
      },
    },
    applied(
      4,
      '2026-01-18T10:35:00Z',
      3,
      'CHG-0004',
      'Add evening shift',
      [
        {
          op: 'create',
          key: 'staff-scheduling/shift-evening',
          path: '',
          after: res('staff-scheduling', 'shift-evening', 'us-east-1', { staff: 25 }),
        },
      ],
      [],
    ),
    {
      seq: 5,
      ts: '2026-01-18T10:40:30Z',
      type: 'alert.raised',
      actor: 'monitor',
      subject: { alert: 'ALR-0001' },
      body: { metric: 'error_rate', value_bp: 1500, baseline_bp: 10 },
    },
    {
      seq: 6,
      ts: '2026-01-18T10:41:00Z',
      type: 'incident.opened',
      actor: 'carol',
      subject: { incident: INCIDENT },
      body: { severity: 'high' },
    },
    {
      seq: 7,
      ts: '2026-01-18T10:41:30Z',
      type: 'killswitch.activated',
      actor: 'carol',
      subject: { change: 'CHG-0005' },
      body: { switch: 'freeze-ticketing', change: 'CHG-0005' },
    },
    {
      seq: 8,
      ts: '2026-01-18T10:42:00Z',
      type: 'rollback.applied',
      actor: 'carol',
      level: 3,
      subject: { change: 'CHG-0006', incident: INCIDENT, pr: 18, commit: commit(8) },
      body: {
        manifest: {
          id: 'CHG-0006',
          kind: 'rollback',
          title: 'Roll back CHG-0002',
          proposer: 'carol',
          level: 3,
          proposed_at: '2026-01-18T10:41:40Z',
          justification: 'Error rate spike after capacity raise',
          related: { incident: INCIDENT, reverts: 2 },
        },
        digest: `sha256:${'8'.repeat(64)}`,
        ops: [
          upd('park-ticketing/gate-a', '/spec/capacity', 1000, 500),
          upd('park-ticketing/gate-b', '/spec/capacity', 1000, 500),
        ],
        approvals: [],
        reverts: [2],
        decision: { status: 'pass', reason: 'level 3 rollback' },
      },
    },
    {
      seq: 9,
      ts: '2026-01-18T10:44:00Z',
      type: 'interrupt',
      actor: 'alice',
      subject: { change: 'CHG-0004' },
      body: { reason: 'evening shift not needed' },
    },
    {
      seq: 10,
      ts: '2026-01-18T10:50:00Z',
      type: 'killswitch.deactivated',
      actor: 'carol',
      subject: { change: 'CHG-0008' },
      body: { switch: 'freeze-ticketing', change: 'CHG-0008' },
    },
    {
      seq: 11,
      ts: '2026-01-18T10:51:00Z',
      type: 'incident.resolved',
      actor: 'carol',
      subject: { incident: INCIDENT },
      body: {},
    },
    {
      seq: 12,
      ts: '2026-01-18T11:00:00Z',
      type: 'override.activated',
      actor: 'gatehouse',
      subject: { override: 'OVR-0001', change: 'CHG-0007' },
      body: { checks: ['blast-radius'] },
    },
    applied(
      13,
      '2026-01-18T11:05:00Z',
      2,
      'CHG-0007',
      'Emergency parade reroute',
      [upd('parade-schedule/main-parade', '/spec/floats', 12, 8)],
      [
        {
          actor: 'alice',
          role: 'operator',
          source: 'signed',
          fingerprint: FP_ALICE,
          ts: '2026-01-18T11:01:00Z',
          rules: ['approval'],
        },
        {
          actor: 'bob',
          role: 'sre',
          source: 'signed',
          fingerprint: FP_BOB,
          ts: '2026-01-18T11:02:00Z',
          rules: ['batch-two-roles'],
        },
      ],
      { overrides: ['OVR-0001'] },
    ),
    {
      seq: 14,
      ts: '2026-01-18T12:30:00Z',
      type: 'override.reviewed',
      actor: 'carol',
      subject: { override: 'OVR-0001', incident: POSTMORTEM },
      body: {},
    },
    applied(
      15,
      '2026-01-18T13:00:00Z',
      1,
      'CHG-0009',
      'Move the parade to 16:00',
      [upd('parade-schedule/main-parade', '/spec/time', '15:00', '16:00')],
      [
        {
          actor: 'alice',
          role: 'operator',
          source: 'signed',
          fingerprint: FP_ALICE,
          ts: '2026-01-18T12:58:00Z',
          rules: ['approval'],
        },
      ],
    ),
  ];
}

/** The ledger lines (JCS, chained). */
export function parkLines(): { entries: LedgerEntry[]; lines: string[] } {
  const entries: LedgerEntry[] = [];
  const lines: string[] = [];
  for (const d of parkDrafts()) {
    const { entry, line } = makeEntry(d, lines.length ? lines[lines.length - 1]! : null);
    entries.push(entry);
    lines.push(line);
  }
  return { entries, lines };
}

const ACTORS = `actors:
  - { id: alice, kind: human, name: Alice Ng, roles: [operator, security], max_level: 3, keys: [] }
  - { id: bob, kind: human, roles: [sre], max_level: 3, keys: [] }
  - { id: carol, kind: human, roles: [incident-commander, supervisor], max_level: 3, keys: [] }
  - { id: dave, kind: human, roles: [supervisor], max_level: 3, keys: [] }
  - { id: erin, kind: human, roles: [ethics], max_level: 2, keys: [] }
  - { id: frank, kind: human, roles: [charter], max_level: 2, keys: [] }
  - { id: ops-agent, kind: agent, roles: [automation], max_level: 2, keys: [] }
`;

const incident = (fm: string): string =>
  `---\n${fm}---\n\n## Description\nx\n\n## Cause\nx\n\n## Impact\nx\n\n## Response\nx\n\n## Resolution\nx\n\n## Prevention\nx\n`;

/** `state/<service>.yaml` files holding `resources` (JSON is YAML), so `verify` finds no drift. */
export function writeStateFiles(dir: string, resources: Record<string, Resource>): void {
  const byService = new Map<string, Resource[]>();
  for (const r of Object.values(resources))
    byService.set(r.service, [...(byService.get(r.service) ?? []), r]);
  mkdirSync(join(dir, 'state'), { recursive: true });
  for (const [service, list] of byService)
    writeFileSync(
      join(dir, 'state', `${service}.yaml`),
      `${JSON.stringify({ service, resources: list.map(({ service: _s, ...rest }) => rest) }, null, 1)}\n`,
    );
}

/** Writes the example repository (ledger, state, incidents, overrides, actors) under `dir`. */
export function writeParkRepo(dir: string, lines: string[] = parkLines().lines): void {
  const w = (rel: string, text: string): void => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  writeStateFiles(dir, replay(lines.map((l) => JSON.parse(l) as LedgerEntry)).resources);
  w('ledger/events/000000000000.jsonl', lines.map((l) => `${l}\n`).join(''));
  w('policies/actors.yaml', ACTORS);
  w(
    `incidents/${INCIDENT}.md`,
    incident(`id: ${INCIDENT}
type: error-rate-spike
severity: high
started_at: 2026-01-18T10:40:00Z
detected_at: 2026-01-18T10:40:30Z
resolved_at: 2026-01-18T10:42:05Z
operator: carol
documented_at: 2026-01-18T11:30:00Z
services: [park-ticketing]
culprit: 2
`),
  );
  w(
    `incidents/${POSTMORTEM}.md`,
    incident(`id: ${POSTMORTEM}
type: override-post-mortem
severity: medium
started_at: 2026-01-18T11:00:00Z
detected_at: 2026-01-18T11:00:10Z
resolved_at: 2026-01-18T11:06:00Z
operator: carol
documented_at: 2026-01-18T12:30:00Z
culprit: 13
overrides: OVR-0001
`),
  );
  w(
    'overrides/OVR-0001/override.yaml',
    `id: OVR-0001
change: CHG-0007
checks: [blast-radius]
reason: Parade route blocked by storm damage
impact: medium
requested_by: ops-agent
requested_at: 2026-01-18T10:55:00Z
expires_at: 2026-01-18T12:55:00Z
post_mortem_due: 2026-01-19T11:00:00Z
`,
  );
  for (const [actor, role] of [
    ['erin', 'ethics'],
    ['alice', 'security'],
    ['frank', 'charter'],
  ])
    w(
      `overrides/OVR-0001/signatures/${actor}.yaml`,
      `override: OVR-0001
actor: ${actor}
role: ${role}
decision: approve
ts: 2026-01-18T10:58:00Z
signature: { type: ssh, value: "placeholder: the report does not verify signatures" }
`,
    );
}
