import type { Command } from './command.js';

/**
 * One entry per command; each command lives in its own file under src/cli/commands/ and is loaded only
 * when it runs (DESIGN §7: start-up evaluates no command's modules, e.g. openpgp or the markdown parser,
 * that the run does not use). `summary` is the command's own, for `--help` (a test keeps them equal).
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

const entry = (name: string, summary: string, load: () => Promise<Command>): CommandEntry => ({
  name,
  summary,
  load,
});

export const commands: CommandEntry[] = [
  entry(
    'init',
    'scaffold a governed repo (starter policies, founding actors, workflow), adopt one, or the example',
    async () => (await import('./commands/init.js')).initCommand,
  ),
  entry(
    'digest',
    'print the change id and the digest approvals bind to',
    async () => (await import('./commands/digest.js')).digestCommand,
  ),
  entry(
    'report',
    'write the static HTML audit report (timeline, time travel, incidents, SOC 2 evidence)',
    async () => (await import('./commands/report.js')).reportCommand,
  ),
  entry(
    'simulate',
    'what-if: the ops, state diff and blast radius of going from one state tree to another',
    async () => (await import('./commands/simulate.js')).simulateCommand,
  ),
  entry(
    'validate',
    'schema-check every governed file (policies, state, changes, overrides, incidents, ledger)',
    async () => (await import('./commands/validate.js')).validateCommand,
  ),
  entry(
    'log',
    'the ledger timeline, one line per entry (filter with --type, --actor)',
    async () => (await import('./commands/log.js')).logCommand,
  ),
  entry(
    'replay',
    'print the state replayed from the ledger (after entry --at SEQ, or as of --until TIME)',
    async () => (await import('./commands/replay.js')).replayCommand,
  ),
  entry(
    'verify',
    'verify the ledger: chain, Merkle root, checkpoints, snapshots, drift, and git history in a clone (--no-history skips it)',
    async () => (await import('./commands/verify.js')).verifyCommand,
  ),
  entry(
    'keygen',
    'make a key pair for an actor and print its actors.yaml stanza',
    async () => (await import('./commands/keygen.js')).keygenCommand,
  ),
  entry(
    'sign',
    'sign a change manifest, override or approval in place (adds its signature field)',
    async () => (await import('./commands/sign.js')).signCommand,
  ),
  entry(
    'approve',
    'write a signed approval (or --reject veto) of a change digest',
    async () => (await import('./commands/approve.js')).approveCommand,
  ),
  entry(
    'verify-commits',
    'verify git commit signatures in base..head against the actors of the base policy',
    async () => (await import('./commands/verify-commits.js')).verifyCommitsCommand,
  ),
  entry(
    'incident',
    'incident records (new, resolve), anomaly detection over metrics (detect), causal change ranking (rca)',
    async () => (await import('./commands/incident.js')).incidentCommand,
  ),
  entry(
    'rollback',
    'write the state files and manifest of a rollback change (--event SEQ, or everything after --to SEQ)',
    async () => (await import('./commands/rollback.js')).rollbackCommand,
  ),
  entry(
    'override',
    'emergency overrides: new, sign, status, postmortem',
    async () => (await import('./commands/override.js')).overrideCommand,
  ),
  entry(
    'monitor',
    'check the invariants (ledger, drift, unrecorded merges, overrides, incidents, silence) and print alerts',
    async () => (await import('./commands/monitor.js')).monitorCommand,
  ),
  entry(
    'check',
    'the gate: allow or deny base..head under the base policy, with the decision tree',
    async () => (await import('./commands/check.js')).checkCommand,
  ),
  entry(
    'record',
    'append the ledger entries of a merged change (re-evaluated through the gate)',
    async () => (await import('./commands/record.js')).recordCommand,
  ),
  entry(
    'escalate',
    'write a kind-escalation change: a temporary grant to act at a higher level, through the gate',
    async () => (await import('./commands/escalate.js')).escalateCommand,
  ),
  entry(
    'killswitch',
    'write a kind-killswitch change that activates or deactivates a kill switch, through the gate',
    async () => (await import('./commands/killswitch.js')).killswitchCommand,
  ),
  entry(
    'change',
    'scaffold a change manifest with the next free CHG-NNNN id (change new)',
    async () => (await import('./commands/change.js')).changeCommand,
  ),
  entry(
    'checkpoint',
    'sign the current ledger head as a checkpoint (ledger/checkpoint), e.g. after record without a key',
    async () => (await import('./commands/checkpoint.js')).checkpointCommand,
  ),
  entry(
    'witness',
    'collect witness cosignatures on the latest checkpoint (C2SP tlog-witness): witness add-checkpoint',
    async () => (await import('./commands/witness.js')).witnessCommand,
  ),
  entry(
    'completion',
    'print a shell completion script (bash, zsh or fish) for commands, subcommands and flags',
    async () => (await import('./commands/completion.js')).completionCommand,
  ),
  entry(
    'demo',
    'the whole lifecycle on the worked example, in a fresh repo: propose … verify, report',
    async () => (await import('./commands/demo.js')).demoCommand,
  ),
];

/** The command named `name`, loaded; undefined for an unknown name. */
export async function findCommand(name: string): Promise<Command | undefined> {
  return commands.find((c) => c.name === name)?.load();
}
