/**
 * The starter policies `init` writes: every command the tool offers (a change, a policy change, rollback,
 * incident, override, kill switch, escalation) can pass the gate with the founding actors alone, and the
 * policy-change rule can be met by them (src/init/founders.ts refuses a policy nobody could change).
 */
import { stringify } from 'yaml';
import { founderKeyPath, type Founder } from './founders.js';

/**
 * What judges a change is itself governed: the policy folder, gatehouse.yaml (where policy, state and the
 * ledger live) and the workflow that runs the gate. Edits of them are policy changes: capped at level 2 and
 * approved by the policy-change rule.
 */
const JUDGE_PATHS = '"gatehouse.yaml", ".github/workflows/**", "policies/**"';

/** The roles the starter policy-change rule (and the override rule) wants, each from a different person. */
export const POLICY_CHANGE_ROLES = ['security', 'charter'] as const;

/** Roles that may flip the starter kill switch and approve escalations: any founder holding one. */
const DECIDER_ROLES = '[supervisor, security, charter]';

// DESIGN §2.7 quorum. Two people for the judge and for overrides, the proposer (or requester) being one
// of them (allow_self), so a founding team of two can change its policy; one other human at levels 1-2.
const starterQuorum = (
  founders: readonly Founder[],
): string => `# Every matching rule must hold. policy-change governs the judge: its policy, gatehouse.yaml and workflow.
# policy-change and emergency-override need security and charter from two different people; the proposer
# (or the override's requester) may be one of them. Add roles (e.g. ethics) here once you have the people.
rules:
  - name: approval
    when: { levels: [1, 2] }
    require: { count: 1, humans_only: true, accept: [signed, github] }
  - name: policy-change
    when: { paths: [${JUDGE_PATHS}] }
    require: { count: 2, roles_all: [${POLICY_CHANGE_ROLES.join(', ')}], allow_self: true, accept: [signed] }
  - name: emergency-override
    when: { kind: override }
    require: { count: 2, roles_all: [${POLICY_CHANGE_ROLES.join(', ')}], allow_self: true, accept: [signed] }
# One time only: until the ledger records its first policy.changed, a policy change (no state ops) that a
# founding actor proposes and every founding actor approves passes quorum. The entry notes it; never again.
bootstrap: { actors: [${founders.map((f) => f.id).join(', ')}] }
`;

// Level 3 stays off: rollbacks act at level 2 (`rollback --level 2`), approved like any batch.
const STARTER_AUTHORITY = `environment: staging             # level 4 requires production
levels:
  0: { enabled: true }
  1: { enabled: true, approval_ttl: 1h }
  2: { enabled: true, approval_ttl: 2h, max_ops: 100 }
  3: { enabled: false, max_concurrent: 10, observation_window: 30m }
  4: { enabled: false }
escalation: { ttl: 1h, approvers: { count: 1, roles_any: ${DECIDER_ROLES} } }
rules:
  - { match: { paths: [${JUDGE_PATHS}] }, max_level: 2 }
`;

// seed 000 Part 3 fractions; min_allowed keeps a small repository workable (ceil(4 × 0.05) would be 1).
const STARTER_BLAST_RADIUS = `# Allowed per dimension = max(min_allowed, ceil(total × fraction)), capped by any absolute max_affected.
limits: { percent: 0.05, service: 0.10, region: 0.25, min_allowed: 5 }
levels: { 3: { percent: 0.02 } }
window: { duration: 1h, levels: [3, 4] }
`;

const STARTER_KILL_SWITCHES = `switches:
  - id: autonomy-freeze
    description: Stop all autonomous (level 3 and 4) changes
    blocks: { levels: [3, 4] }
    flippers: { count: 1, roles_any: ${DECIDER_ROLES} }
`;

/** The single admin of `init` without `--actor`: every role, so the starter rules name them. */
export const ADMIN_ROLES = ['operator', 'security', 'charter', 'supervisor'];

function actorsYaml(founders: readonly Founder[]): string {
  const lone = founders.length === 1;
  const header = lone
    ? `# Who may propose and approve. ADD THE OTHER APPROVERS (\`gatehouse keygen --actor ID\`) before the first commit,\n# or as the first policy change, which the founder alone may approve once (quorum.yaml bootstrap); after\n# that, adding an actor is a policy change that two different people (security and charter) approve.\n`
    : `# Who may propose and approve. Adding or changing an actor is a policy change (policies/quorum.yaml policy-change).\n`;
  return `${header}${stringify(
    {
      actors: founders.map((f) => ({
        id: f.id,
        kind: 'human',
        roles: f.roles,
        max_level: 2,
        keys: [{ type: f.keyType, file: founderKeyPath(f) }],
      })),
    },
    { lineWidth: 0 },
  )}`;
}

/** policies/* for the founders; `incident` is the caller's (the example's incident policy). */
export function starterPolicies(
  founders: readonly Founder[],
  incidentPolicy: string | undefined,
): Map<string, string> {
  const files = new Map<string, string>();
  files.set('policies/actors.yaml', actorsYaml(founders));
  for (const f of founders)
    files.set(`policies/${founderKeyPath(f)}`, f.keyText.endsWith('\n') ? f.keyText : `${f.keyText}\n`);
  files.set('policies/quorum.yaml', starterQuorum(founders));
  files.set('policies/authority.yaml', STARTER_AUTHORITY);
  files.set('policies/blast-radius.yaml', STARTER_BLAST_RADIUS);
  files.set('policies/kill-switches.yaml', STARTER_KILL_SWITCHES);
  if (incidentPolicy !== undefined) files.set('policies/incident.yaml', incidentPolicy);
  return files;
}
