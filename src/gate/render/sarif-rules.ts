/**
 * The SARIF rules (OASIS SARIF v2.1.0 §3.49 reportingDescriptor) of Gatehouse's checks: one per top-level
 * check, with the short and full descriptions and the help GitHub code scanning shows on an alert.
 */

export interface RuleText {
  short: string;
  full: string;
  help: string;
}

const RULES: Record<string, RuleText> = {
  manifest: {
    short: 'The change carries a valid manifest',
    full: 'A pull request that changes governed paths carries exactly one changes/<ID>/change.yaml, valid against its schema and signed by its proposer (DESIGN §2.2).',
    help: 'Add or fix changes/<ID>/change.yaml (id, kind, title, proposer, level, proposed_at, justification) and sign it with `gatehouse sign`. `gatehouse validate` names every bad field with file:line:column.',
  },
  authority: {
    short: 'The proposer may act at the level of the change',
    full: "The change's level is enabled, within the proposer's max_level (or an unexpired escalation), within every path and service rule it touches, and within the level's op limits (DESIGN §3).",
    help: 'Lower the level, split the change, or ask for an escalation; policies/authority.yaml holds the levels and rules.',
  },
  quorum: {
    short: 'Every matching quorum rule is met',
    full: 'Approvals count once per actor, only when signed, bound to the current digest, unexpired, by an actor eligible under the base policy, and from different people for each required role (DESIGN §3).',
    help: 'Ask the eligible approvers named in the message to run `gatehouse approve` on the current head; a new push changes the digest and needs new approvals.',
  },
  'blast-radius': {
    short: 'The change stays within blast-radius limits',
    full: 'Resources created, updated or deleted stay within the percent, service and region fractions, absolute caps, per-level limits and rolling window of policies/blast-radius.yaml (seed 000, Part 3).',
    help: 'Touch fewer resources (split the change), or request an emergency override for blast-radius.',
  },
  'kill-switches': {
    short: 'No active kill switch blocks the change',
    full: 'An active switch in policies/kill-switches.yaml blocks the kinds, levels or paths it names; flipping a switch is itself a change by its listed flippers.',
    help: 'Wait for the switch to be deactivated, or propose the deactivation as a killswitch change.',
  },
  'append-only': {
    short: 'Ledger, incidents, approvals and override signatures are append-only',
    full: 'Ledger lines, incident records, approvals and override signatures already on the base branch are never modified or deleted by a pull request; only `record` appends to the ledger, after merge (DESIGN §3).',
    help: 'Revert the named paths; history is corrected by new records (an incident with `amends`, a new approval), never by edits.',
  },
  policy: {
    short: 'The change is judged by the base branch policy',
    full: 'Policy comes from the base branch; a pull request that edits policies/ or gatehouse.yaml is judged by the old policy under the rules matching policy paths (DESIGN §3).',
    help: 'Make sure a quorum rule covers the policy paths the change edits, and gather its approvals.',
  },
  commits: {
    short: 'Commits are signed by known actors',
    full: "When policy requires signed commits, every commit in base..head carries an OpenPGP or SSH signature, verified from the raw commit bytes as git does, by a key of an actor in the base policy that was valid at the commit's time (DESIGN §2.4).",
    help: 'Sign the commits (git commit -S) with a key listed for you in policies/actors.yaml, then force-push; `gatehouse verify-commits` names each commit and why it fails.',
  },
  keys: {
    short: 'Keys of involved actors are readable',
    full: 'Every key the base policy lists for an actor the change involves can be read; an unreadable key fails closed rather than being skipped.',
    help: 'Fix the key file named in the message under policies/keys/ (on the base branch, through a policy change).',
  },
  overrides: {
    short: 'Overrides apply only to the checks they name',
    full: 'An emergency override lets one named change bypass named checks for a limited time, with a signature quorum from distinct roles (DESIGN §2.6); it never masks an error or the append-only check.',
    help: 'Check the override request and its signatures with `gatehouse override status`.',
  },
  records: {
    short: 'Governed records the change adds are valid',
    full: 'Incident records, overrides and other governed files a pull request adds are valid against their schemas and naming rules.',
    help: 'Run `gatehouse validate` and fix each file:line it names.',
  },
  rollback: {
    short: 'A rollback reverts exactly what it names',
    full: 'A rollback change carries the exact inverse ops of the ledger entries it reverts.',
    help: 'Regenerate the rollback with `gatehouse rollback --event SEQ`.',
  },
  'case-variants': {
    short: 'No path is a case variant of a governed folder',
    full: 'A path that differs from a governed folder only by letter case could escape governance on case-insensitive file systems.',
    help: 'Rename the path to the governed folder spelling, or move it elsewhere.',
  },
  'applied-once': {
    short: 'A change is applied once',
    full: 'A change already recorded in the ledger is not applied again.',
    help: 'Use a new change id for a new change.',
  },
};

/** The rule text for a rule id (`blast-radius/service` → the `blast-radius` text); unknown ids get a generic one. */
export function ruleText(ruleId: string): RuleText {
  const top = ruleId.split('/')[0] ?? ruleId;
  return (
    RULES[top] ?? {
      short: `Gatehouse check ${top}`,
      full: `The Gatehouse gate check ${top} did not pass.`,
      help: 'Run `gatehouse check` locally for the full decision tree.',
    }
  );
}
