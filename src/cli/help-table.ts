/**
 * What `gatehouse help COMMAND` says about each command beyond its usage line and summary: a one-line
 * description of every flag in the command's options spec, its subcommands, and worked examples. Keyed by
 * command name; a test keeps the flags here equal to each command's `options` and parses every example
 * against them, so neither can drift from the code.
 */

import { BASE_HEAD, SIGNER, type CommandHelp } from './help-flags.js';
import { RECOVERY_HELP } from './help-table-recovery.js';

export type { CommandHelp, FlagHelp, SubcommandHelp } from './help-flags.js';

export const HELP: Record<string, CommandHelp> = {
  init: {
    flags: {
      example: { arg: 'NAME', text: 'write the worked example instead (only "park"; TEST-ONLY keys)' },
      origin: {
        arg: 'NAME',
        text: 'the ledger origin named in signed checkpoints',
        default: 'gatehouse.local/ledger',
      },
      admin: { arg: 'ID', text: 'the id of the first admin actor', default: 'admin' },
      actor: {
        arg: 'ID:ROLES:KEYFILE',
        text: 'a founding actor (repeatable): roles comma-separated, KEYFILE an SSH or armored OpenPGP public key copied into policies/keys/; init refuses founders who cannot fill the policy-change rule (security and charter, two people)',
      },
      adopt: {
        text: 'write policies around an existing repository and its state/ (genesis = that state); never overwrites a file',
      },
      'action-ref': {
        arg: 'REF',
        text: 'the `uses:` of the generated workflow: pin by commit, OWNER/gatehouse@<40-hex commit sha>',
        default: 'a placeholder commit to replace',
      },
    },
    examples: [
      'gatehouse init governed --admin alice --action-ref acme/gatehouse@8f2c1e0b9d4a7c3e5f6a1b2c3d4e5f6a7b8c9d0e',
      'gatehouse init park --example park',
      'gatehouse init --adopt --actor alice:security,operator:alice.pub --actor bob:charter,operator:bob.pub',
    ],
  },
  digest: {
    flags: { ...BASE_HEAD },
    examples: [
      'gatehouse digest --base origin/main',
      'gatehouse digest --base main --head feature/capacity --json',
    ],
  },
  report: {
    flags: {
      out: { arg: 'DIR', text: 'the directory to write the report into (index.html and data chunks)' },
      'chunk-size': { arg: 'N', text: 'ledger entries per data file, 1-100000', default: '1000' },
    },
    examples: [
      'gatehouse report --out audit',
      'gatehouse report --out /tmp/audit --chunk-size 500 --now 2026-02-01T00:00:00Z',
    ],
  },
  simulate: {
    flags: {
      'base-state': { arg: 'DIR', text: 'a state/ tree to start from (with --head-state)' },
      'head-state': { arg: 'DIR', text: 'the state/ tree to go to (with --base-state)' },
      ...BASE_HEAD,
    },
    examples: [
      'gatehouse simulate --base origin/main',
      'gatehouse simulate --base-state ../prod/state --head-state state --json',
    ],
  },
  validate: { flags: {}, examples: ['gatehouse validate', 'gatehouse validate --repo ../governed --json'] },
  log: {
    flags: {
      type: { arg: 'T', text: 'only entries of this type, e.g. change.applied, incident.opened' },
      actor: { arg: 'A', text: 'only entries by this actor' },
    },
    examples: ['gatehouse log', 'gatehouse log --type change.applied --actor ops-agent --json'],
  },
  replay: {
    flags: {
      at: { arg: 'SEQ', text: 'the state after ledger entry SEQ', default: 'the last entry' },
      until: { arg: 'ISO-8601', text: 'the state as of this time (entries with ts at or before it)' },
    },
    examples: ['gatehouse replay --at 12', 'gatehouse replay --until 2026-01-18T14:30:00Z'],
  },
  verify: {
    flags: {
      history: {
        text: 'walk git history (the default in a git clone): no commit ever rewrote or removed a ledger line or checkpoint',
      },
      'no-history': { text: 'skip the git history proof (an exported copy, a regenerated example)' },
      since: {
        arg: 'CHECKPOINT',
        text: 'verify incrementally from a checkpoint size or a note file kept elsewhere',
      },
      'witnessed-only': {
        text: 'require the quorum of policies/witnesses.yaml on every checkpoint verify relies on, not only the latest',
      },
    },
    examples: [
      'gatehouse verify',
      'gatehouse verify --no-history',
      'gatehouse verify --since 64 --json',
      'gatehouse verify --witnessed-only --json',
    ],
  },
  keygen: {
    flags: {
      actor: { arg: 'ID', text: 'the actor the key is for (names the files and the key)' },
      type: { arg: 'openpgp|ssh', text: 'the kind of key pair', default: 'openpgp' },
      out: { arg: 'DIR', text: 'where to write the key pair (the secret key mode 0600)' },
    },
    examples: [
      'gatehouse keygen --actor alice --out .gatehouse/keys',
      'gatehouse keygen --actor ops-agent --type ssh --out keys',
    ],
  },
  sign: {
    flags: { ...SIGNER },
    examples: [
      'gatehouse sign changes/CHG-0042/change.yaml --gpg alice@example.org',
      'gatehouse sign overrides/OVR-20260118-150000/override.yaml --ssh-key ~/.ssh/id_ed25519',
    ],
  },
  approve: {
    flags: {
      ...SIGNER,
      digest: { arg: 'D', text: 'the change digest to approve (sha256:…), as printed by digest' },
      ...BASE_HEAD,
      actor: { arg: 'ID', text: 'the approving actor', default: 'the actor whose key signs' },
      role: { arg: 'R', text: 'the role this approval fills' },
      reject: { text: 'write a reject (a veto by an eligible approver) instead of an approve' },
      comment: { arg: 'T', text: 'a comment kept in the approval' },
    },
    examples: [
      'gatehouse approve CHG-0042 --base origin/main --gpg alice@example.org --role security',
      'gatehouse approve CHG-0042 --digest sha256:9f2c… --key bob.asc --reject --comment "capacity too high"',
    ],
  },
  'verify-commits': {
    flags: { ...BASE_HEAD },
    examples: [
      'gatehouse verify-commits --base origin/main',
      'gatehouse verify-commits --base main --head feature --json',
    ],
  },
  monitor: {
    flags: {
      branch: { arg: 'REF', text: 'the default branch whose merges must all be recorded', default: 'HEAD' },
      history: {
        arg: 'N',
        text: 'how many first-parent commits to scan for unrecorded merges',
        default: '1000',
      },
      record: {
        text: 'append alert.raised for each alert that starts firing, alert.resolved for each that stopped',
      },
      'checkpoint-key': {
        arg: 'FILE',
        text: 'with --record: the checkpoint signer key',
        default: 'env GATEHOUSE_CHECKPOINT_KEY',
      },
    },
    examples: [
      'gatehouse monitor',
      'gatehouse monitor --branch origin/main --history 200 --json',
      'gatehouse monitor --record --checkpoint-key .gatehouse/checkpoint.key',
    ],
  },
  check: {
    flags: {
      ...BASE_HEAD,
      format: {
        arg: 'text|json|markdown|sarif',
        text: 'how to print the decision',
        default: 'text; json with --json',
      },
      'github-approvals': {
        arg: 'FILE',
        text: 'GitHub review approvals mapped by the Action (docs/action.md)',
      },
      timings: { text: 'print the phase split (start-up, git read, signatures, evaluation) on stderr' },
    },
    examples: [
      'gatehouse check --base origin/main',
      'gatehouse check --base main --head feature/capacity --format markdown',
    ],
  },
  record: {
    flags: {
      ...BASE_HEAD,
      pr: { arg: 'N', text: 'the pull request number recorded with the change' },
      'merged-at': {
        arg: 'ISO-8601',
        text: 'when the change was merged: the gate judges it then (never after --now)',
        default: "the head commit's committer time",
      },
      'merge-commit': {
        arg: 'SHA',
        text: 'the merge commit recorded with the change',
        default: 'the head commit',
      },
      'checkpoint-key': {
        arg: 'FILE',
        text: 'the checkpoint signer key',
        default: 'env GATEHOUSE_CHECKPOINT_KEY',
      },
      'github-approvals': {
        arg: 'FILE',
        text: 'GitHub review approvals mapped by the Action (docs/action.md)',
      },
    },
    examples: [
      'gatehouse record --base HEAD^1 --head HEAD --pr 42',
      'gatehouse record --base main~1 --checkpoint-key .gatehouse/checkpoint.key',
    ],
  },
  demo: {
    flags: {
      out: {
        arg: 'DIR',
        text: 'where to build the demo repository (empty or missing)',
        default: 'a new temp directory',
      },
    },
    examples: ['gatehouse demo', 'gatehouse demo --out /tmp/gatehouse-demo --now 2026-01-18T14:00:00Z'],
  },
  checkpoint: {
    flags: {
      'checkpoint-key': {
        arg: 'FILE',
        text: 'the checkpoint signer key (its public half must be the policy checkpoint key)',
        default: 'env GATEHOUSE_CHECKPOINT_KEY',
      },
    },
    subcommands: [
      {
        name: 'sign',
        summary:
          'sign the ledger head: ledger/checkpoint and ledger/checkpoints/<size>.note (nothing when already signed)',
        examples: [
          'gatehouse checkpoint sign --checkpoint-key .gatehouse/checkpoint.key',
          'gatehouse checkpoint sign --repo ../governed --json',
        ],
      },
    ],
    examples: [],
  },
  witness: {
    flags: {
      witness: {
        arg: 'NAME',
        text: 'ask only this witness of policies/witnesses.yaml (repeatable)',
        default: 'every witness with a url',
      },
      timeout: { arg: 'SECONDS', text: 'how long to wait for each witness', default: '10' },
    },
    subcommands: [
      {
        name: 'add-checkpoint',
        summary:
          'submit ledger/checkpoint with its consistency proof to each witness and store the cosignatures that verify',
        examples: [
          'gatehouse witness add-checkpoint',
          'gatehouse witness add-checkpoint --witness witness.example.org/w1 --timeout 5 --json',
        ],
      },
    ],
    examples: [],
  },
  change: {
    flags: {
      title: { arg: 'TEXT', text: 'the manifest title', for: ['new'] },
      proposer: { arg: 'ID', text: 'the proposing actor (an actor of policies/actors.yaml)', for: ['new'] },
      level: { arg: 'L', text: 'the authority level 0-4 the proposer acts at', for: ['new'] },
      kind: {
        arg: 'change|recommendation|policy',
        text: 'the kind of change',
        default: 'change',
        for: ['new'],
      },
      justification: { arg: 'TEXT', text: 'why the change is needed (shown to approvers)', for: ['new'] },
      id: {
        arg: 'CHG-…',
        text: 'the change id',
        default: 'the next free CHG-NNNN (changes/ folders and ledger entries)',
        for: ['new'],
      },
    },
    subcommands: [
      {
        name: 'new',
        summary:
          'write changes/<next free CHG-NNNN>/change.yaml (proposed_at = --now) and print the sign command',
        examples: [
          'gatehouse change new --title "Raise holiday capacity" --proposer ops-agent --level 2',
          'gatehouse change new --title "Add bob as approver" --proposer alice --level 2 --kind policy --justification "second approver"',
        ],
      },
    ],
    examples: [],
  },
  completion: {
    flags: {},
    examples: [
      'gatehouse completion bash > ~/.local/share/bash-completion/completions/gatehouse',
      'gatehouse completion zsh > "${fpath[1]}/_gatehouse"',
      'gatehouse completion fish > ~/.config/fish/completions/gatehouse.fish',
    ],
  },
  ...RECOVERY_HELP,
};
