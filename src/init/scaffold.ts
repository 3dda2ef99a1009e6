/**
 * What `init` writes, as data: the files of a new governed repository (starter policies or the worked
 * example), its checkpoint key, and the workflow to copy. Writing happens in src/init/write.ts.
 */
import { generateKeyPairSync } from 'node:crypto';
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
import { founderKeyPath, type Founder } from './founders.js';
import { ADMIN_ROLES, starterPolicies } from './starter.js';

export interface Scaffold {
  /** Files to commit, by path relative to the repository root. */
  files: Map<string, string>;
  /** Secrets written under .gatehouse/ (git-ignored) with mode 0600: never commit them. */
  secrets: Map<string, string>;
  /** The checkpoint signer key text (also in `secrets`). */
  checkpointSignerKey: string;
  origin: string;
  /** Where each founder's key file came from (policies/keys/… → the --actor KEYFILE), for messages. */
  keySources?: Map<string, string>;
}

export const SECRETS_DIR = '.gatehouse';
export const CHECKPOINT_SECRET = `${SECRETS_DIR}/checkpoint.key`;
export const CHECKPOINT_PUBLIC = 'policies/keys/checkpoint.pub';

/** The `uses:` that init writes unless --action-ref names one: a placeholder commit to replace (pin by SHA). */
export const PLACEHOLDER_ACTION_REF = `OWNER/gatehouse@${'0'.repeat(40)}`;

/**
 * Optional code scanning (docs/action.md): the CLI at the Action's own pinned commit prints SARIF, and
 * github/codeql-action/upload-sarif uploads it; enabled by the repository variable GATEHOUSE_SARIF=true.
 */
function sarifJob(actionRef: string, pin: string): string {
  const m = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)@(\S+)$/.exec(actionRef);
  if (!m) return '';
  return `  code-scanning:
    # Optional: set the repository variable GATEHOUSE_SARIF to true to upload the gate's findings to code scanning.
    if: github.event_name == 'pull_request' && vars.GATEHOUSE_SARIF == 'true'
    runs-on: ubuntu-latest
    permissions: { contents: read, security-events: write }
    steps:
      - uses: actions/checkout@v4
        with: { fetch-depth: 0 }
      - uses: actions/checkout@v4 # the Gatehouse CLI at the Action's commit: never the pull request's copy
        with: { repository: ${m[1]}, ref: ${m[2]}, path: .gatehouse-cli }${pin}
      - run: >-
          node .gatehouse-cli/dist/cli.js check --base origin/\${{ github.base_ref }} --head HEAD
          --format sarif > gatehouse.sarif || true
      - uses: github/codeql-action/upload-sarif@v3
        with: { sarif_file: gatehouse.sarif, category: gatehouse }
`;
}

export function workflowTemplate(actionRef: string): string {
  // Pin by commit SHA (a tag can be moved); a placeholder says so where it stands.
  const pin =
    actionRef === PLACEHOLDER_ACTION_REF
      ? ' # pin by commit: replace OWNER and the SHA with the gatehouse commit you install'
      : /@[0-9a-f]{40}$/.test(actionRef)
        ? ' # pin by commit'
        : '';
  return `# Gatehouse: the gate on every pull request, the ledger on every merge, invariants on a schedule.
# Store the checkpoint signer key (${CHECKPOINT_SECRET}) as the secret GATEHOUSE_CHECKPOINT_KEY.
# Use pull_request, never pull_request_target: the gate reads PR files as data, with policy from the base.
# Pin the Action by commit SHA (gatehouse init --action-ref OWNER/gatehouse@<40-hex commit sha>), never a tag.
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
      - uses: ${actionRef}${pin}
        with: { command: check }
  record:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    concurrency: { group: 'gatehouse-ledger-\${{ github.ref }}', cancel-in-progress: false }
    permissions: { contents: write, pull-requests: read }
    steps:
      - uses: actions/checkout@v4
        with: { fetch-depth: 0 }
      - uses: ${actionRef}${pin}
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
      - uses: ${actionRef}${pin}
        with: { command: monitor }
${sarifJob(actionRef, pin)}`;
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

export interface StarterOptions {
  origin: string;
  actionRef: string;
  /** The founding actors (`init --actor`); absent: one admin with every starter role and a fresh SSH key. */
  founders?: Founder[];
  adminId: string;
  /** Adoption (`init --adopt`): the state is already there, so no empty state folder is written. */
  adopt?: boolean;
}

/** A new governed repository: starter policies, its founding actors, a fresh checkpoint key. */
export function starterScaffold(options: StarterOptions): Scaffold {
  const checkpoint = generateNoteKey(options.origin);
  const secrets = new Map<string, string>([[CHECKPOINT_SECRET, `${checkpoint.signerKey}\n`]]);
  let founders = options.founders;
  if (!founders || founders.length === 0) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const comment = `${options.adminId}@gatehouse`;
    const adminKeyLine = sshPublicKeyLine({
      type: 'ssh-ed25519',
      blob: ed25519Blob(rawEd25519Public(publicKey)),
      comment,
    });
    founders = [
      {
        id: options.adminId,
        roles: ADMIN_ROLES,
        keyType: 'ssh',
        keyText: adminKeyLine,
        keySource: 'generated',
      },
    ];
    secrets.set(`${SECRETS_DIR}/${options.adminId}_ed25519`, encodeOpenSshEd25519(privateKey, comment));
  }
  const files = new Map<string, string>([
    ['gatehouse.yaml', `ledger:\n  origin: ${options.origin}\n`],
    ...starterPolicies(founders, examplePolicyFiles().get('policies/incident.yaml')),
    ...(options.adopt ? [] : ([['state/.gitkeep', '']] as [string, string][])),
    [CHECKPOINT_PUBLIC, `${checkpoint.verifierKey}\n`],
    ['.github/workflows/gatehouse.yml', workflowTemplate(options.actionRef)],
    ['.gitignore', `${SECRETS_DIR}/\n`],
  ]);
  return {
    files,
    secrets,
    checkpointSignerKey: checkpoint.signerKey,
    origin: options.origin,
    keySources: new Map(founders.map((f) => [`policies/${founderKeyPath(f)}`, f.keySource])),
  };
}
