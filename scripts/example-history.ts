/**
 * The pull requests of the worked example, in order: level-2 batches proposed by the operations agent,
 * level-1 single changes, level-3 autonomous changes, a level-0 recommendation, an escalation, a kill
 * switch flipped on and off, and a policy change judged by the old policy. Deterministic by design.
 */
import { EXAMPLE_REGIONS } from '../src/example/park.js';

export interface ExampleStep {
  id: string;
  kind: 'change' | 'recommendation' | 'escalation' | 'killswitch' | 'policy';
  title: string;
  justification: string;
  proposer: string;
  level: 0 | 1 | 2 | 3;
  /** Minutes after the example's start. */
  minute: number;
  signManifest: boolean;
  edits: { service: string; region: string; id: string; field: string; value: unknown }[];
  /** Literal text replacements in policy files (a policy change). */
  policyEdits?: { file: string; from: string; to: string }[];
  approvers: { actor: string; role?: string }[];
  extra?: Record<string, unknown>;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const resourceName = (service: string, region: string, n: number): string =>
  `${region}-${service === 'park-ticketing' ? 'gate' : service === 'staff-scheduling' ? 'shift' : 'float'}-${pad(n)}`;

export function exampleHistory(): ExampleStep[] {
  const steps: ExampleStep[] = [];
  let minute = 0;
  const next = (): number => (minute += 20);
  const id = (): string => `CHG-${String(steps.length + 1).padStart(4, '0')}`;

  for (let round = 0; round < 11; round++) {
    const region = EXAMPLE_REGIONS[round % 3] ?? 'us-east-1';
    // Level 2: the agent proposes a batch inside one service and region; two roles approve it as one unit.
    const batch = [1, 2, 3, 4].map((k) => ({
      service: 'park-ticketing',
      region,
      id: resourceName('park-ticketing', region, ((round * 4 + k - 1) % 20) + 1),
      field: 'open',
      value: true,
    }));
    steps.push({
      id: id(),
      kind: 'change',
      level: 2,
      proposer: 'ops-agent',
      signManifest: true,
      minute: next(),
      title: `Open four ${region} gates`,
      justification: 'Morning opening checklist from the crowd forecast',
      edits: batch,
      approvers: [
        { actor: 'alice', role: 'operator' },
        { actor: 'bob', role: 'sre' },
      ],
    });
    // Level 1: one op, one human approver other than the proposer.
    steps.push({
      id: id(),
      kind: 'change',
      level: 1,
      proposer: 'alice',
      signManifest: true,
      minute: next(),
      title: `Raise capacity of ${resourceName('park-ticketing', region, round + 9)}`,
      justification: 'Holiday crowd forecast',
      edits: [
        {
          service: 'park-ticketing',
          region,
          id: resourceName('park-ticketing', region, round + 9),
          field: 'capacity',
          value: 600 + 10 * round,
        },
      ],
      approvers: [{ actor: 'bob' }],
    });
    // Level 1 on staff scheduling (at most level 2 there).
    steps.push({
      id: id(),
      kind: 'change',
      level: 1,
      proposer: 'bob',
      signManifest: true,
      minute: next(),
      title: `Add staff to ${resourceName('staff-scheduling', region, round + 1)}`,
      justification: 'Parade day needs more hands',
      edits: [
        {
          service: 'staff-scheduling',
          region,
          id: resourceName('staff-scheduling', region, round + 1),
          field: 'staff',
          value: 12 + round,
        },
      ],
      approvers: [{ actor: 'erin' }],
    });
    // Level 3: the agent acts alone on the parade schedule; humans may interrupt.
    steps.push({
      id: id(),
      kind: 'change',
      level: 3,
      proposer: 'ops-agent',
      signManifest: true,
      minute: next(),
      title: `Move the ${region} parade start`,
      justification: 'Weather window',
      edits: [
        {
          service: 'parade-schedule',
          region,
          id: resourceName('parade-schedule', region, round + 1),
          field: 'start',
          value: `15:${pad(10 + round)}`,
        },
      ],
      approvers: [],
    });
    if (round === 2) {
      steps.push({
        id: id(),
        kind: 'recommendation',
        level: 0,
        proposer: 'recommender',
        signManifest: true,
        minute: next(),
        title: 'Recommend opening the east plaza earlier',
        justification: 'Queue lengths at 08:30 exceed the target',
        edits: [],
        approvers: [],
      });
    }
    if (round === 4) {
      steps.push({
        id: id(),
        kind: 'escalation',
        level: 1,
        proposer: 'carol',
        signManifest: true,
        minute: next(),
        title: 'Carol acts at level 3 for the evening parade',
        justification: 'Supervisor on leave',
        edits: [],
        approvers: [{ actor: 'dave', role: 'supervisor' }],
        extra: { escalation: { actor: 'carol', level: 3, ttl: '1h' } },
      });
      steps.push({
        id: id(),
        kind: 'change',
        level: 3,
        proposer: 'carol',
        signManifest: true,
        minute: (minute += 5),
        title: 'Enable the late parade float',
        justification: 'Evening parade under the escalation grant',
        edits: [
          {
            service: 'parade-schedule',
            region: 'eu-central-1',
            id: resourceName('parade-schedule', 'eu-central-1', 20),
            field: 'enabled',
            value: true,
          },
        ],
        approvers: [],
      });
    }
    if (round === 5) {
      steps.push({
        id: id(),
        kind: 'killswitch',
        level: 1,
        proposer: 'bob',
        signManifest: true,
        minute: next(),
        title: 'Freeze ticketing changes during the gate-scanner outage',
        justification: 'Scanner vendor incident',
        edits: [],
        approvers: [{ actor: 'dave', role: 'supervisor' }],
        extra: { killswitch: { id: 'ticketing-freeze', action: 'activate' } },
      });
      steps.push({
        id: id(),
        kind: 'change',
        level: 1,
        proposer: 'erin',
        signManifest: true,
        minute: next(),
        title: 'Shorten the east shift while ticketing is frozen',
        justification: 'Fewer guests expected',
        edits: [
          {
            service: 'staff-scheduling',
            region: 'us-east-1',
            id: resourceName('staff-scheduling', 'us-east-1', 20),
            field: 'end',
            value: '15:00',
          },
        ],
        approvers: [{ actor: 'bob' }],
      });
      steps.push({
        id: id(),
        kind: 'killswitch',
        level: 1,
        proposer: 'bob',
        signManifest: true,
        minute: next(),
        title: 'Lift the ticketing freeze',
        justification: 'Scanner vendor recovered',
        edits: [],
        approvers: [{ actor: 'dave', role: 'supervisor' }],
        extra: { killswitch: { id: 'ticketing-freeze', action: 'deactivate' } },
      });
    }
    if (round === 6) {
      steps.push({
        id: id(),
        kind: 'policy',
        level: 2,
        proposer: 'alice',
        signManifest: true,
        minute: next(),
        title: 'Allow region changes up to 25 %',
        justification: 'Regions grew; the old limit blocks routine openings',
        edits: [],
        policyEdits: [{ file: 'policies/blast-radius.yaml', from: 'region: 0.20', to: 'region: 0.25' }],
        approvers: [
          { actor: 'dave', role: 'security' },
          { actor: 'bob', role: 'charter' },
          { actor: 'erin', role: 'operator' },
        ],
      });
    }
  }
  return steps;
}
