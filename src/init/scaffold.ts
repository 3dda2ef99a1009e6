/**
 * What `init` writes, as data: the files of a new governed repository (starter policies or the worked
 * example), its checkpoint key, and the workflow to copy. Writing happens in src/init/write.ts.
 */
import { generateKeyPairSync } from 'node:crypto';
import { stringify } from 'yaml';
import {
  ed25519Blob,
  encodeOpenSshEd25519,
  rawEd25519Public,
  sshPublicKeyLine,
} from '../identity/ssh-keys.js';
import { generateNoteKey, verifierKeyOf } from '../ledger/note.js';
import {
  EXAMPLE_ORIGIN,
  exampleCheckpointSignerKey,
  exampleConfig,
  examplePolicyFiles,
  exampleStateFiles,
} from '../example/park.js';

export interface Scaffold {
  /** Files to commit, by path relative to the repository root. */
  files: Map<string, string>;
  /** Secrets written under .gatehouse/ (git-ignored) with mode 0600: never commit them. */
  secrets: Map<string, string>;
  /** The checkpoint signer key text (also in `secrets`). */
  checkpointSignerKey: string;
  origin: string;
}

export const SECRETS_DIR = '.gatehouse';
export const CHECKPOINT_SECRET = `${SECRETS_DIR}/checkpoint.key`;
export const CHECKPOINT_PUBLIC = 'policies/keys/checkpoint.pub';

export function workflowTemplate(actionRef: string): string {
  return `# Gatehouse: the gate on every pull request, the ledger on every merge, invariants on a schedule.
# Store the checkpoint signer key (${CHECKPOINT_SECRET}) as the secret GATEHOUSE_CHECKPOINT_KEY.
# Use pull_request, never pull_request_target: the gate reads PR files as data, with policy from the base.
name: gatehouse
on:
  pull_request:
    types: [opened, synchronize, reopened, ready_for_review]
  pull_request_review:
    types: [submitted, dismissed]
  merge_group:
  push:
    branches: [main]
  schedule:
    - cron: '17 */6 * * *'
  workflow_dispatch:
permissions: {}
jobs:
  check:
    if: github.event_name != 'push' && github.event_name != 'schedule' && github.event_name != 'workflow_dispatch'
    runs-on: ubuntu-latest
    permissions: { contents: read, checks: write, pull-requests: read }
    steps:
      - uses: actions/checkout@v4
        with: { fetch-depth: 0 }
      - uses: ${actionRef}
        with: { command: check }
  record:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    concurrency: { group: 'gatehouse-ledger-\${{ github.ref }}', cancel-in-progress: false }
    permissions: { contents: write, pull-requests: read }
    steps:
      - uses: actions/checkout@v4
        with: { fetch-depth: 0 }
      - uses: ${actionRef}
        with:
          command: record
          checkpoint-key: \${{ secrets.GATEHOUSE_CHECKPOINT_KEY }}
  monitor:
    if: github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'
    runs-on: ubuntu-latest
    permissions: { contents: read, issues: write }
    steps:
      - uses: actions/checkout@v4
        with: { fetch-depth: 0 }
      - uses: ${actionRef}
        with: { command: monitor }
`;
}

/**
 * What judges a change is itself governed: the policy folder, gatehouse.yaml (where policy, state and the
 * ledger live) and the workflow that runs the gate. Edits of them are policy changes: capped at level 2 and
 * approved by the policy-change rule.
 */
const JUDGE_PATHS = '"gatehouse.yaml", ".github/workflows/**", "policies/**"';

const STARTER_QUORUM = `# Every matching rule must hold. policy-change governs the judge: its policy, gatehouse.yaml and workflow.
rules:
  - name: approval
    when: { levels: [1, 2] }
    require: { count: 1, humans_only: true, accept: [signed, github] }
  - name: batch-two-roles
    when: { levels: [2] }
    require: { count: 2, roles_any: [operator, sre, security] }
  - name: policy-change
    when: { paths: [${JUDGE_PATHS}] }
    require: { count: 2, roles_all: [security, charter], accept: [signed] }
  - name: emergency-override
    when: { kind: override }
    require: { count: 3, roles_all: [ethics, security, charter], accept: [signed] }
`;

function starterPolicies(adminId: string, adminKeyLine: string): Map<string, string> {
  const park = examplePolicyFiles();
  const files = new Map<string, string>();
  files.set(
    'policies/actors.yaml',
    `# Who may propose and approve. Add people with \`gatehouse keygen --actor ID --out DIR\`, before the first\n# commit: after it, adding an actor is a policy change that two people (security and charter) approve.\n${stringify(
      {
        actors: [
          {
            id: adminId,
            kind: 'human',
            roles: ['operator', 'security', 'charter', 'supervisor'],
            max_level: 2,
            keys: [{ type: 'ssh', file: `keys/${adminId}.pub` }],
          },
        ],
      },
      { lineWidth: 0 },
    )}`,
  );
  files.set(`policies/keys/${adminId}.pub`, `${adminKeyLine}\n`);
  // The example's blast-radius and incident policies as they are; quorum, authority and kill switches are
  // the starter's own (the judge governed, levels 3 and 4 off, one freeze switch), below.
  for (const name of ['blast-radius', 'incident']) {
    const text = park.get(`policies/${name}.yaml`);
    if (text !== undefined) files.set(`policies/${name}.yaml`, text);
  }
  files.set('policies/quorum.yaml', STARTER_QUORUM);
  files.set(
    'policies/authority.yaml',
    `environment: staging             # level 4 requires production
levels:
  0: { enabled: true }
  1: { enabled: true, approval_ttl: 1h }
  2: { enabled: true, approval_ttl: 2h, max_ops: 100 }
  3: { enabled: false, max_concurrent: 10, observation_window: 30m }
  4: { enabled: false }
escalation: { ttl: 1h, approvers: { count: 1, roles_any: [supervisor] } }
rules:
  - { match: { paths: [${JUDGE_PATHS}] }, max_level: 2 }
`,
  );
  files.set(
    'policies/kill-switches.yaml',
    `switches:
  - id: autonomy-freeze
    description: Stop all autonomous (level 3 and 4) changes
    blocks: { levels: [3, 4] }
    flippers: { count: 1, roles_any: [supervisor, security] }
`,
  );
  return files;
}

/** The worked example of DESIGN §8, with its TEST-ONLY checkpoint key. */
export function exampleScaffold(): Scaffold {
  const files = new Map<string, string>([['gatehouse.yaml', exampleConfig()]]);
  for (const [p, t] of examplePolicyFiles()) files.set(p, t);
  for (const [p, t] of exampleStateFiles()) files.set(p, t);
  const checkpointSignerKey = exampleCheckpointSignerKey();
  files.set(CHECKPOINT_PUBLIC, `${verifierKeyOf(checkpointSignerKey)}\n`);
  files.set('.gitignore', `${SECRETS_DIR}/\n`);
  return {
    files,
    secrets: new Map([[CHECKPOINT_SECRET, `${checkpointSignerKey}\n`]]),
    checkpointSignerKey,
    origin: EXAMPLE_ORIGIN,
  };
}

/** A new governed repository: starter policies, one admin with a fresh SSH key, a fresh checkpoint key. */
export function starterScaffold(options: { origin: string; adminId: string; actionRef: string }): Scaffold {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const comment = `${options.adminId}@gatehouse`;
  const adminKeyLine = sshPublicKeyLine({
    type: 'ssh-ed25519',
    blob: ed25519Blob(rawEd25519Public(publicKey)),
    comment,
  });
  const checkpoint = generateNoteKey(options.origin);
  const files = new Map<string, string>([
    ['gatehouse.yaml', `ledger:\n  origin: ${options.origin}\n`],
    ...starterPolicies(options.adminId, adminKeyLine),
    ['state/.gitkeep', ''],
    [CHECKPOINT_PUBLIC, `${checkpoint.verifierKey}\n`],
    ['.github/workflows/gatehouse.yml', workflowTemplate(options.actionRef)],
    ['.gitignore', `${SECRETS_DIR}/\n`],
  ]);
  return {
    files,
    secrets: new Map([
      [CHECKPOINT_SECRET, `${checkpoint.signerKey}\n`],
      [`${SECRETS_DIR}/${options.adminId}_ed25519`, encodeOpenSshEd25519(privateKey, comment)],
    ]),
    checkpointSignerKey: checkpoint.signerKey,
    origin: options.origin,
  };
}
