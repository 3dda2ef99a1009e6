/** A small, valid governed repository built from YAML strings, for validate tests. */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { SchemaKind } from '../../src/formats/validate.js';

const SIG = { type: 'ssh', value: '-----BEGIN SSH SIGNATURE-----\\nAAAA\\n-----END SSH SIGNATURE-----' };
const sig = `signature: { type: ${SIG.type}, value: "${SIG.value}" }`;
const hex = (c: string) => c.repeat(64);

export const ROOT_B64 = Buffer.alloc(32, 7).toString('base64');
export const NOTE_SIG = Buffer.concat([Buffer.from('0a1b2c3d', 'hex'), Buffer.alloc(64, 9)]).toString(
  'base64',
);

/** The minimal repo: the four required policies and one state file. */
export const MINIMAL: Record<string, string> = {
  'policies/actors.yaml': `actors:
  - id: alice
    kind: human
    name: Alice Ng
    roles: [operator, security]
    max_level: 3
    github: { login: alice-ng, id: 1234567 }
    keys:
      - { type: openpgp, file: keys/alice.asc }
      - { type: ssh, key: "ssh-ed25519 AAAAC3Nza alice@laptop", valid_before: 2027-06-30T00:00:00Z }
  - id: ops-agent
    kind: agent
    roles: [automation]
    max_level: 3
    keys: [ { type: ssh, file: keys/ops-agent.pub } ]
`,
  'policies/keys/alice.asc': '-----BEGIN PGP PUBLIC KEY BLOCK-----\n(test key)\n',
  'policies/keys/ops-agent.pub': 'ssh-ed25519 AAAA test-ops-agent\n',
  'policies/authority.yaml': `environment: staging
levels:
  0: { enabled: true }
  1: { enabled: true, approval_ttl: 1h }
  2: { enabled: true, approval_ttl: 2h, max_ops: 100 }
  3: { enabled: true, max_concurrent: 10, observation_window: 30m }
  4: { enabled: false }
escalation: { ttl: 1h, approvers: { roles_any: [supervisor] } }
rules:
  - { match: { paths: ["policies/**"] }, max_level: 2 }
  - { match: { services: [park-ticketing] }, max_level: 3 }
`,
  'policies/quorum.yaml': `rules:
  - name: approval
    when: { levels: [1, 2] }
    require: { count: 1, humans_only: true, accept: [signed, github] }
  - name: policy-change
    when: { paths: ["policies/**"] }
    require: { count: 2, roles_all: [security, charter], accept: [signed] }
  - name: emergency-override
    when: { kind: override }
    require: { count: 3, roles_all: [ethics, security, charter], accept: [signed] }
`,
  'policies/blast-radius.yaml': `limits: { percent: 0.05, service: 0.10, region: 0.20 }
services: { park-ticketing: { max_affected: 100 } }
regions: { us-east-1: { max_affected: 1000 } }
levels: { 3: { percent: 0.02 } }
window: { duration: 1h, levels: [3, 4] }
`,
  'state/park-ticketing.yaml': `service: park-ticketing
region: us-east-1
resources:
  - id: gate-a
    spec: { open: false, capacity: 500 }
  - id: gate-b
    region: us-west-2
    spec: { open: false, capacity: 500 }
`,
};

const entry = (seq: number, type: string, body: object) =>
  JSON.stringify({
    actor: 'alice',
    body,
    prev: `sha256:${hex(seq === 0 ? '0' : 'a')}`,
    seq,
    ts: '2026-01-18T14:30:45Z',
    type,
    v: 1,
  });

/** Every governed file kind, each valid. */
export const FULL: Record<string, string> = {
  ...MINIMAL,
  'gatehouse.yaml': `ledger:
  origin: example.com/park-ops
  segment_size: 10000
`,
  'policies/incident.yaml': `detection: { confirmation: 30s, error_rate_multiplier: 3, resource_threshold: 0.9 }
severities:
  critical: { response_time: 15m, owner: sre }
playbooks:
  rollback: { steps: [find the change, roll it back], severity: high }
monitor: { heartbeat: 1h }
`,
  'policies/kill-switches.yaml': `switches:
  - id: freeze-ticketing
    description: Stop all ticketing changes
    blocks: { services: [park-ticketing], levels: [2, 3, 4] }
    flippers: { count: 1, roles_any: [sre] }
`,
  'changes/CHG-0042/change.yaml': `id: CHG-0042
kind: change
title: Raise holiday capacity
proposer: ops-agent
level: 2
proposed_at: 2026-01-18T14:00:00Z
justification: Holiday crowd forecast
related: { incident: INC-20260118-143045, reverts: 5001 }
${sig}
`,
  'changes/CHG-0042/approvals/alice.yaml': `change: CHG-0042
digest: sha256:${hex('9')}
actor: alice
decision: approve
role: security
ts: 2026-01-18T14:10:00Z
comment: Checked the forecast
${sig}
`,
  'overrides/OVR-0001/override.yaml': `id: OVR-0001
change: CHG-0042
checks: [blast-radius]
reason: Parade safety
impact: high
requested_by: alice
requested_at: 2026-01-18T14:00:00Z
expires_at: 2026-01-18T18:00:00Z
post_mortem_due: 2026-01-25T14:00:00Z
`,
  'overrides/OVR-0001/signatures/alice.yaml': `override: OVR-0001
actor: alice
role: security
decision: approve
ts: 2026-01-18T14:05:00Z
${sig}
`,
  'incidents/INC-20260118-143045.md': `---
id: INC-20260118-143045
type: capacity
severity: high
started_at: 2026-01-18T14:30:45Z
detected_at: 2026-01-18T14:31:15Z
resolved_at: null
operator: alice
documented_at: 2026-01-18T16:00:00Z
services: [park-ticketing]
culprit: 1
---

## Description
Gates stuck.

## Cause
Under investigation.

## Impact
Guests queued at two gates.

## Response
Paged the on-call operator.

## Resolution
Open.

## Prevention
To be decided.
`,
  'ledger/events/000000000000.jsonl': `${entry(0, 'genesis', { state: { resources: {}, switches: {} } })}\n${entry(1, 'alert.raised', { metric: 'errors', value: 3 })}\n`,
  'ledger/checkpoint': `example.com/park-ops\n2\n${ROOT_B64}\n\n\u2014 example.com/park-ops ${NOTE_SIG}\n`,
  'ledger/checkpoints/2.note': `example.com/park-ops\n2\n${ROOT_B64}\n\n\u2014 example.com/park-ops ${NOTE_SIG}\n`,
  'ledger/snapshots/1000.json': '{"resources":{},"switches":{}}',
};

/** One valid document of each YAML kind, taken from FULL. */
export const SAMPLE_BY_KIND: Partial<Record<SchemaKind, string>> = {
  gatehouse: FULL['gatehouse.yaml'],
  actors: FULL['policies/actors.yaml'],
  authority: FULL['policies/authority.yaml'],
  quorum: FULL['policies/quorum.yaml'],
  'blast-radius': FULL['policies/blast-radius.yaml'],
  'incident-policy': FULL['policies/incident.yaml'],
  'kill-switches': FULL['policies/kill-switches.yaml'],
  state: FULL['state/park-ticketing.yaml'],
  change: FULL['changes/CHG-0042/change.yaml'],
  approval: FULL['changes/CHG-0042/approvals/alice.yaml'],
  override: FULL['overrides/OVR-0001/override.yaml'],
  'override-signature': FULL['overrides/OVR-0001/signatures/alice.yaml'],
};

export async function makeRepo(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-validate-'));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

/** sha256 of every file under `dir`, by relative path: equal before and after means nothing was written. */
export async function treeDigest(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (abs: string): Promise<void> => {
    for (const e of await readdir(abs, { withFileTypes: true })) {
      const p = join(abs, e.name);
      if (e.isDirectory()) await walk(p);
      else
        out[relative(dir, p)] = createHash('sha256')
          .update(await readFile(p))
          .digest('hex');
    }
  };
  await walk(dir);
  return out;
}
