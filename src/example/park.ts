/**
 * The worked example from the seeds (seed 000: theme-park operations): three services across three
 * regions, actors with TEST-ONLY keys derived from fixed seeds, and starter policies. Used by
 * `init --example park`, `demo`, and scripts/gen-example.ts, which regenerates the governed folders at
 * the project root. Everything here is deterministic: same inputs, same bytes.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { stringify } from 'yaml';
import {
  ed25519Blob,
  encodeOpenSshEd25519,
  rawEd25519Public,
  sshPublicKeyLine,
} from '../identity/ssh-keys.js';
import { YAML11_SAFE } from '../formats/yaml-hazards.js';
import { keyIdFor } from '../ledger/note.js';

export const EXAMPLE_ORIGIN = 'gatehouse.example/park';

export const EXAMPLE_SERVICES = ['park-ticketing', 'staff-scheduling', 'parade-schedule'] as const;
export const EXAMPLE_REGIONS = ['us-east-1', 'us-west-2', 'eu-central-1'] as const;
/** Resources per service and region: 3 × 3 × 20 = 180 resources in all. */
export const RESOURCES_PER_CELL = 20;

export interface ExampleActor {
  id: string;
  kind: 'human' | 'agent' | 'service';
  name: string;
  roles: string[];
  max_level: 0 | 1 | 2 | 3 | 4;
  github?: { login: string; id: number };
}

export const EXAMPLE_ACTORS: ExampleActor[] = [
  {
    id: 'alice',
    kind: 'human',
    name: 'Alice Ng (test)',
    roles: ['operator', 'security'],
    max_level: 3,
    github: { login: 'alice-ng-test', id: 9100001 },
  },
  {
    id: 'bob',
    kind: 'human',
    name: 'Bob Osei (test)',
    roles: ['sre', 'charter'],
    max_level: 3,
    github: { login: 'bob-osei-test', id: 9100002 },
  },
  { id: 'carol', kind: 'human', name: 'Carol Diaz (test)', roles: ['charter', 'ethics'], max_level: 2 },
  { id: 'dave', kind: 'human', name: 'Dave Kim (test)', roles: ['supervisor', 'security'], max_level: 3 },
  { id: 'erin', kind: 'human', name: 'Erin Volk (test)', roles: ['ethics', 'operator'], max_level: 2 },
  { id: 'ops-agent', kind: 'agent', name: 'Operations agent (test)', roles: ['automation'], max_level: 3 },
  {
    id: 'recommender',
    kind: 'agent',
    name: 'Read-only recommender (test)',
    roles: ['automation'],
    max_level: 0,
  },
];

/** Deterministic Ed25519 seed for a TEST-ONLY example key. Never use these keys for anything real. */
export function exampleSeed(name: string): Buffer {
  return createHash('sha256').update(`gatehouse worked example TEST-ONLY key: ${name}`).digest();
}

// RFC 8410 PKCS#8 prefix for an Ed25519 private key; the 32-byte seed follows.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function ed25519FromSeed(seed: Buffer): { privateKey: KeyObject; rawPublic: Buffer } {
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return { privateKey, rawPublic: rawEd25519Public(createPublicKey(privateKey)) };
}

/** The OpenSSH public key line of an example actor. */
export function exampleSshPublicKey(actor: string): string {
  const { rawPublic } = ed25519FromSeed(exampleSeed(actor));
  return sshPublicKeyLine({
    type: 'ssh-ed25519',
    blob: ed25519Blob(rawPublic),
    comment: `${actor}-TEST-ONLY-KEY`,
  });
}

/** The unencrypted OpenSSH private key file of an example actor, for `--ssh-key` in the demo. */
export function exampleSshPrivateKey(actor: string): string {
  return encodeOpenSshEd25519(ed25519FromSeed(exampleSeed(actor)).privateKey, `${actor}-TEST-ONLY-KEY`);
}

/** The example ledger's checkpoint signer key (C2SP note key text), TEST-ONLY. */
export function exampleCheckpointSignerKey(name = EXAMPLE_ORIGIN): string {
  const seed = exampleSeed(`checkpoint:${name}`);
  const { rawPublic } = ed25519FromSeed(seed);
  const id = keyIdFor(name, rawPublic).toString(16).padStart(8, '0');
  return `PRIVATE+KEY+${name}+${id}+${Buffer.concat([Buffer.of(1), seed]).toString('base64')}`;
}

function resourceId(service: string, i: number): string {
  const n = String(i + 1).padStart(2, '0');
  if (service === 'park-ticketing') return `gate-${n}`;
  if (service === 'staff-scheduling') return `shift-${n}`;
  return `float-${n}`;
}

function initialSpec(service: string, region: string, i: number): Record<string, unknown> {
  if (service === 'park-ticketing') return { open: false, capacity: 500 + 10 * (i % 5), lanes: 2 + (i % 3) };
  if (service === 'staff-scheduling') return { staff: 8 + (i % 4), start: '08:00', end: '16:00' };
  return {
    route: region === 'eu-central-1' ? 'plaza-loop' : 'main-street',
    start: '15:00',
    enabled: i % 2 === 0,
  };
}

/** state/<service>/<region>.yaml, with file-level service and region defaults (DESIGN §2.1). */
export function exampleStateFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const service of EXAMPLE_SERVICES) {
    for (const region of EXAMPLE_REGIONS) {
      const resources = Array.from({ length: RESOURCES_PER_CELL }, (_, i) => ({
        id: `${region}-${resourceId(service, i)}`,
        spec: initialSpec(service, region, i),
      }));
      files.set(
        `state/${service}/${region}.yaml`,
        stringify({ service, region, resources }, { lineWidth: 0, ...YAML11_SAFE }),
      );
    }
  }
  return files;
}

export function examplePolicyFiles(
  options: { environment?: 'production' | 'staging' } = {},
): Map<string, string> {
  const files = new Map<string, string>();
  const actors = EXAMPLE_ACTORS.map((a) => ({
    id: a.id,
    kind: a.kind,
    name: a.name,
    roles: a.roles,
    max_level: a.max_level,
    ...(a.github ? { github: a.github } : {}),
    keys: [{ type: 'ssh', file: `keys/${a.id}-TEST-ONLY.pub` }],
  }));
  files.set(
    'policies/actors.yaml',
    `# Example actors. Their keys are TEST-ONLY keys derived from public seeds.\n${stringify({ actors }, { lineWidth: 0 })}`,
  );
  for (const a of EXAMPLE_ACTORS)
    files.set(`policies/keys/${a.id}-TEST-ONLY.pub`, `${exampleSshPublicKey(a.id)}\n`);
  files.set(
    'policies/authority.yaml',
    `environment: ${options.environment ?? 'production'}
levels:
  0: { enabled: true }
  1: { enabled: true, approval_ttl: 1h }
  2: { enabled: true, approval_ttl: 2h, max_ops: 100 }
  3: { enabled: true, max_concurrent: 10, observation_window: 30m }
  4: { enabled: true }
escalation: { ttl: 1h, approvers: { count: 1, roles_any: [supervisor] } }
rules: # the most restrictive matching rule wins
  - { match: { paths: ["policies/**"] }, max_level: 2 }
  - { match: { services: [park-ticketing] }, max_level: 3 }
  - { match: { services: [staff-scheduling] }, max_level: 2 }
`,
  );
  files.set(
    'policies/quorum.yaml',
    `# Every matching rule must hold.
rules:
  - name: approval
    when: { levels: [1, 2] }
    require: { count: 1, humans_only: true, accept: [signed, github] }
  - name: batch-two-roles
    when: { levels: [2] }
    require: { count: 2, roles_any: [operator, sre, security] }
  - name: policy-change
    when: { paths: ["policies/**"] }
    require: { count: 2, roles_all: [security, charter], accept: [signed] }
  - name: emergency-override
    when: { kind: override }
    require: { count: 3, roles_all: [ethics, security, charter], accept: [signed] }
`,
  );
  files.set(
    'policies/blast-radius.yaml',
    `limits: { percent: 0.05, service: 0.10, region: 0.20 }
services: { park-ticketing: { max_affected: 100 } }
regions: { us-east-1: { max_affected: 1000 } }
levels: { 3: { percent: 0.02 } }
window: { duration: 1h, levels: [3, 4] }
`,
  );
  files.set(
    'policies/incident.yaml',
    `detection:
  confirmation: 30s
  baseline_window: 10m
  error_rate_multiplier: 3
  latency_multiplier: 2
  resource_threshold: 0.9
severities:
  critical: { response_time: 15m, owner: sre }
  high: { response_time: 1h, owner: sre }
  medium: { response_time: 4h, owner: operator }
  low: { response_time: 24h, owner: operator }
playbooks:
  ledger-count-decrease:
    severity: critical
    owner: security
    steps:
      - Block merges to the default branch (activate the merge-freeze kill switch)
      - Run gatehouse verify --history to find the commit that rewrote the ledger
      - Restore the ledger from the last checkpoint and re-verify
  state-drift:
    severity: high
    owner: sre
    steps:
      - Run gatehouse verify to list the drifted resources
      - Open a change that restores state/ or records the change through the gate
monitor: { heartbeat: 24h }
`,
  );
  files.set(
    'policies/kill-switches.yaml',
    `switches:
  - id: ticketing-freeze
    description: Stop all changes to park ticketing during an incident
    blocks: { services: [park-ticketing] }
    flippers: { count: 1, roles_any: [sre, supervisor] }
  - id: autonomy-freeze
    description: Stop all autonomous (level 3 and 4) changes everywhere
    blocks: { levels: [3, 4] }
    flippers: { count: 1, roles_any: [supervisor, security] }
`,
  );
  return files;
}

/** gatehouse.yaml of the worked example: small segments so the example shows several. */
export function exampleConfig(): string {
  return `# Gatehouse settings for the worked example.
ledger:
  origin: ${EXAMPLE_ORIGIN}
  segment_size: 40
  snapshot_every: 25
`;
}
