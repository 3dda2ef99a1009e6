/** Small builders for pure gate inputs: a theme-park world with known actors, policies and state. */
import type {
  Actor,
  AuthorityPolicy,
  BlastRadiusPolicy,
  ChangeManifest,
  KillSwitchPolicy,
  Level,
  QuorumPolicy,
} from '../../../src/core/documents.js';
import type { ApprovalEvidence, GateInputs, SignatureCheck } from '../../../src/core/gate-inputs.js';
import type { GovernedState, Op, Resource } from '../../../src/core/state-types.js';

export const NOW = new Date('2026-01-18T15:00:00Z');
export const DIGEST = `sha256:${'ab'.repeat(32)}`;
export const OTHER_DIGEST = `sha256:${'cd'.repeat(32)}`;

export const ACTORS: Actor[] = [
  { id: 'alice', kind: 'human', roles: ['operator', 'security'], max_level: 3, keys: [] },
  { id: 'bob', kind: 'human', roles: ['sre', 'charter'], max_level: 3, keys: [] },
  { id: 'carol', kind: 'human', roles: ['charter', 'ethics'], max_level: 2, keys: [] },
  { id: 'dave', kind: 'human', roles: ['supervisor', 'security'], max_level: 3, keys: [] },
  { id: 'erin', kind: 'human', roles: ['ethics', 'operator'], max_level: 2, keys: [] },
  { id: 'ops-agent', kind: 'agent', roles: ['automation'], max_level: 3, keys: [] },
  { id: 'recommender', kind: 'agent', roles: ['automation'], max_level: 0, keys: [] },
  { id: 'low', kind: 'human', roles: ['operator'], max_level: 1, keys: [] },
];

export function authority(over: Partial<AuthorityPolicy> = {}): AuthorityPolicy {
  return {
    environment: 'staging',
    levels: {
      '0': { enabled: true },
      '1': { enabled: true, approval_ttl: '1h' },
      '2': { enabled: true, approval_ttl: '2h', max_ops: 100 },
      '3': { enabled: true, max_concurrent: 10, observation_window: '30m' },
      '4': { enabled: false },
    },
    escalation: { ttl: '1h', approvers: { count: 1, roles_any: ['supervisor'] } },
    rules: [{ match: { paths: ['policies/**'] }, max_level: 2 }],
    ...over,
  };
}

export function quorum(): QuorumPolicy {
  return {
    rules: [
      {
        name: 'approval',
        when: { levels: [1, 2] },
        require: { count: 1, humans_only: true, accept: ['signed', 'github'] },
      },
      {
        name: 'batch-two-roles',
        when: { levels: [2] },
        require: { count: 2, roles_any: ['operator', 'sre', 'security'] },
      },
      {
        name: 'policy-change',
        when: { paths: ['policies/**'] },
        require: { count: 2, roles_all: ['security', 'charter'], accept: ['signed'] },
      },
      {
        name: 'emergency-override',
        when: { kind: 'override' },
        require: { count: 3, roles_all: ['ethics', 'security', 'charter'] },
      },
    ],
  };
}

/** Generous limits, so tests that are not about blast radius never trip it. */
export function wideBlast(): BlastRadiusPolicy {
  return { limits: { percent: 1, service: 1, region: 1 } };
}

export function killSwitches(): KillSwitchPolicy {
  return {
    switches: [
      {
        id: 'ticketing-freeze',
        blocks: { services: ['park-ticketing'] },
        flippers: { count: 1, roles_any: ['sre', 'supervisor'] },
      },
      {
        id: 'autonomy-freeze',
        blocks: { levels: [3, 4] },
        flippers: { count: 1, roles_any: ['supervisor', 'security'] },
      },
    ],
  };
}

/** `count` resources per service/region cell. */
export function stateOf(cells: { service: string; region: string; count: number }[]): GovernedState {
  const resources: Record<string, Resource> = {};
  for (const c of cells)
    for (let i = 0; i < c.count; i++) {
      const id = `${c.region}-r${String(i).padStart(4, '0')}`;
      resources[`${c.service}/${id}`] = {
        service: c.service,
        id,
        region: c.region,
        spec: { open: false, capacity: 500 },
      };
    }
  return { resources, switches: {} };
}

export const BASE = stateOf([
  { service: 'park-ticketing', region: 'us-east-1', count: 100 },
  { service: 'park-ticketing', region: 'us-west-2', count: 100 },
  { service: 'staff-scheduling', region: 'us-east-1', count: 50 },
  { service: 'parade-schedule', region: 'eu-central-1', count: 50 },
]);

/** Update ops on the first `n` resources of a service (in key order), optionally in one region. */
export function updates(n: number, service = 'park-ticketing', region?: string, state = BASE): Op[] {
  const keys = Object.keys(state.resources)
    .filter(
      (k) =>
        state.resources[k]?.service === service &&
        (region === undefined || state.resources[k]?.region === region),
    )
    .sort()
    .slice(0, n);
  if (keys.length < n) throw new Error(`only ${keys.length} resources in ${service}`);
  return keys.map((key) => ({ op: 'update', key, path: '/spec/capacity', before: 500, after: 800 }));
}

export function manifest(over: Partial<ChangeManifest> = {}): ChangeManifest {
  return {
    id: 'CHG-0042',
    kind: 'change',
    title: 'Raise holiday capacity',
    proposer: 'alice',
    level: 1,
    proposed_at: '2026-01-18T14:00:00Z',
    ...over,
  };
}

export function sigOk(actor: string): SignatureCheck {
  return {
    ok: true,
    actor,
    fingerprint: `SHA256:${actor}-fp`,
    signedAt: '2026-01-18T14:30:00Z',
    keyType: 'ssh-ed25519',
  };
}

export function approval(actor: string, over: Partial<ApprovalEvidence> = {}): ApprovalEvidence {
  return {
    source: 'signed',
    file: `changes/CHG-0042/approvals/${actor}.yaml`,
    line: 1,
    change: 'CHG-0042',
    digest: DIGEST,
    actor,
    decision: 'approve',
    ts: '2026-01-18T14:30:00Z',
    signature: sigOk(actor),
    ...over,
  };
}

export interface InputOptions {
  manifest?: Partial<ChangeManifest> | null;
  level?: Level;
  ops?: Op[];
  approvals?: ApprovalEvidence[];
  authority?: AuthorityPolicy;
  blastRadius?: BlastRadiusPolicy;
  quorum?: QuorumPolicy;
  base?: GovernedState;
  extra?: Partial<GateInputs>;
  paths?: GateInputs['changedPaths'];
}

/** The proposer's signed approval of the current digest (DIGEST), as a level-3/4 change carries. */
export function proposerAttestation(change: string, actor: string): ApprovalEvidence {
  return {
    source: 'signed',
    file: `changes/${change}/approvals/${actor}.yaml`,
    change,
    digest: DIGEST,
    actor,
    decision: 'approve',
    ts: '2026-01-18T14:00:00Z',
    signature: sigOk(actor),
  };
}

export function inputs(o: InputOptions = {}): GateInputs {
  const m =
    o.manifest === null
      ? undefined
      : manifest({ ...(o.level !== undefined ? { level: o.level } : {}), ...o.manifest });
  const ops = o.ops ?? updates(1);
  const sig = m ? sigOk(m.proposer) : undefined;
  return {
    now: NOW,
    policy: {
      actors: { actors: ACTORS },
      authority: o.authority ?? authority(),
      quorum: o.quorum ?? quorum(),
      blastRadius: o.blastRadius ?? wideBlast(),
      killSwitches: killSwitches(),
      files: {
        actors: 'policies/actors.yaml',
        authority: 'policies/authority.yaml',
        quorum: 'policies/quorum.yaml',
        blastRadius: 'policies/blast-radius.yaml',
        killSwitches: 'policies/kill-switches.yaml',
      },
      locate: { quorum: (p) => ({ line: 3 + 3 * Number(p.split('/')[2] ?? 0), col: 5 }) },
    },
    ...(m
      ? {
          manifest: {
            file: `changes/${m.id}/change.yaml`,
            value: m,
            line: 1,
            ...(sig ? { signature: sig } : {}),
          },
        }
      : {}),
    ops,
    baseState: o.base ?? BASE,
    changedPaths: o.paths ?? [
      { path: 'state/park-ticketing/us-east-1.yaml', status: 'modified' },
      ...(m ? [{ path: `changes/${m.id}/change.yaml`, status: 'added' as const }] : []),
    ],
    governedPaths: {
      policies: 'policies',
      state: 'state',
      changes: 'changes',
      overrides: 'overrides',
      incidents: 'incidents',
      ledger: 'ledger',
    },
    digest: DIGEST,
    // At levels 3-4 the proposer binds the digest with an approval of their own (authority/signature).
    approvals: o.approvals ?? (m && m.level >= 3 ? [proposerAttestation(m.id, m.proposer)] : []),
    ledgerWindow: [],
    escalations: [],
    keyProblems: [],
    ...o.extra,
  };
}

/** Find a node by id anywhere in a tree. */
export function node<T extends { id: string; children: T[] }>(root: T, id: string): T {
  const stack = [root];
  while (stack.length) {
    const n = stack.pop() as T;
    if (n.id === id) return n;
    stack.push(...n.children);
  }
  throw new Error(`no node ${id}`);
}
