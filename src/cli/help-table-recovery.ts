/** Help of the incident and recovery commands (incidents, rollback, overrides, escalation, kill switches). */
import { CHANGE_FLAGS, SECTIONS, SIGNER, forAll, type CommandHelp } from './help-flags.js';

export const RECOVERY_HELP: Record<string, CommandHelp> = {
  incident: {
    flags: {
      type: { arg: 'T', text: 'the incident type, e.g. capacity-spike', for: ['new'] },
      severity: { arg: 'critical|high|medium|low', text: 'the severity', for: ['new'] },
      operator: { arg: 'ID', text: 'the actor handling the incident', for: ['new'] },
      'started-at': { arg: 'ISO', text: 'when the incident started', default: '--now', for: ['new'] },
      'detected-at': { arg: 'ISO', text: 'when it was detected', default: '--now', for: ['new'] },
      'resolved-at': { arg: 'ISO', text: 'when it was resolved', default: '--now', for: ['resolve'] },
      services: { arg: 'a,b', text: 'affected services, comma-separated', for: ['new'] },
      regions: { arg: 'r', text: 'affected regions, comma-separated', for: ['new'] },
      culprit: { arg: 'SEQ', text: 'the ledger entry that caused it', for: ['new', 'resolve'] },
      overrides: { arg: 'OVR', text: 'the override this record is the post-mortem for', for: ['new'] },
      amends: {
        arg: 'INC',
        text: 'the earlier record this one corrects (records on main are immutable); its fields are the defaults',
        for: ['new'],
      },
      id: {
        arg: 'INC-…',
        text: 'the record id (resolve: of the amending record written when the record is committed)',
        default: 'INC- and --now as YYYYMMDD-HHMMSS',
        for: ['new', 'resolve'],
      },
      ...SECTIONS(['new', 'resolve']),
      metrics: {
        arg: 'FILE',
        text: 'Prometheus query_range JSON or CSV timestamp,metric,value[,label=value…]',
        for: ['detect'],
      },
      baseline: {
        arg: 'METRIC=VALUE',
        text: 'the normal value of a metric',
        for: ['detect'],
      },
      confirmation: {
        arg: 'DURATION',
        text: 'how long an excursion must last',
        default: 'policies/incident.yaml',
        for: ['detect'],
      },
      at: { arg: 'ISO', text: 'when the anomaly started', for: ['rca'] },
      service: { arg: 'S', text: "the anomaly's service (ranks changes to it first)", for: ['rca'] },
      region: { arg: 'R', text: "the anomaly's region", for: ['rca'] },
      'anomaly-json': {
        arg: 'FILE',
        text: 'the output of incident detect --json (time, service, region)',
        for: ['rca'],
      },
      index: { arg: 'N', text: 'which anomaly of --anomaly-json', default: '0', for: ['rca'] },
      horizon: {
        arg: 'DURATION',
        text: 'how far back before the anomaly to look',
        default: '24h',
        for: ['rca'],
      },
      limit: { arg: 'N', text: 'how many ranked entries to print', default: '10', for: ['rca'] },
    },
    subcommands: [
      {
        name: 'new',
        summary: 'write incidents/INC-YYYYMMDD-HHMMSS.md with its front matter and the required sections',
        examples: [
          'gatehouse incident new --type capacity-spike --severity high --operator alice --services park-ticketing --description "Gate queue over 40 min"',
          'gatehouse incident new --amends INC-20260118-143045 --description "Resolution of the gate queue incident"',
        ],
      },
      {
        name: 'resolve',
        summary:
          'set resolved_at, fill sections, print MTTR (detected→resolved, against mttr_target) and duration (started→resolved); a record committed at HEAD is never edited: a new record amending it is written',
        examples: [
          'gatehouse incident resolve INC-20260118-143045 --culprit 41 --cause "CHG-0042 halved capacity"',
        ],
      },
      {
        name: 'detect',
        summary: 'find confirmed anomalies in metrics (exit 1 when one is found)',
        examples: ['gatehouse incident detect --metrics metrics.csv --baseline queue_minutes=10 --json'],
      },
      {
        name: 'rca',
        summary: 'rank the ledger entries before an anomaly as its likely cause, every score explained',
        examples: [
          'gatehouse incident rca --at 2026-01-18T14:25:00Z --service park-ticketing',
          'gatehouse incident rca --anomaly-json anomalies.json --horizon 6h',
        ],
      },
    ],
    examples: [],
  },
  rollback: {
    flags: {
      event: { arg: 'SEQ', text: 'revert this one ledger entry' },
      to: { arg: 'SEQ', text: 'revert every change after entry SEQ' },
      incident: { arg: 'INC-…', text: 'the incident this answers (its operator proposes)' },
      id: {
        arg: 'CHG-…',
        text: 'the rollback change id',
        default: 'RB-<SEQ> (--event), RB-<SEQ+1>-<last> (--to)',
      },
      proposer: { arg: 'ID', text: 'the proposing actor', default: "the --incident's operator" },
      level: {
        arg: '2|3|4',
        text: '2 an approved batch, 3 a human interrupt, 4 automatic (production only)',
        default: '3, or 2 where authority.yaml disables level 3 (the starter policy)',
      },
      title: { arg: 'TEXT', text: 'the manifest title', default: 'one naming what is reverted' },
    },
    examples: [
      'gatehouse rollback --event 41 --incident INC-20260118-143045',
      'gatehouse rollback --to 37 --proposer bob --id RB-JAN18',
    ],
  },
  override: {
    flags: {
      ...forAll(SIGNER, ['sign']),
      change: { arg: 'CHG-…', text: 'the change the override lets through', for: ['new'] },
      base: {
        arg: 'REF',
        text: 'base of the change: the override binds its change digest (or give --digest)',
        for: ['new'],
      },
      head: { arg: 'REF', text: 'head of the change', default: 'HEAD', for: ['new'] },
      digest: { arg: 'D', text: 'the change digest to bind, instead of --base/--head', for: ['new'] },
      checks: {
        arg: 'C[,…]',
        text: 'the gate checks it bypasses, comma-separated (e.g. blast-radius)',
        for: ['new'],
      },
      impact: {
        arg: 'critical|high|medium|low',
        text: 'impact; high or critical also opens an incident',
        for: ['new'],
      },
      reason: { arg: 'TEXT', text: 'why the override is needed', for: ['new'] },
      expires: {
        arg: 'ISO|DURATION',
        text: 'when it stops applying (a time, or a duration from --now)',
        for: ['new'],
      },
      'post-mortem-due': {
        arg: 'ISO|DURATION',
        text: 'when the post-mortem is due (a duration counts from expiry)',
        default: '24h after expiry',
        for: ['new'],
      },
      'requested-by': { arg: 'ID', text: 'the requesting actor', for: ['new'] },
      id: {
        arg: 'OVR-…',
        text: 'the override id',
        default: 'OVR- and --now as YYYYMMDD-HHMMSS',
        for: ['new'],
      },
      role: { arg: 'R', text: 'the role the signature fills (the signer must hold it)', for: ['sign'] },
      actor: { arg: 'ID', text: 'the signing actor', default: 'the actor whose key signs', for: ['sign'] },
      reject: { text: 'sign a rejection instead of an approval', for: ['sign'] },
      incident: { arg: 'INC-…', text: 'the incident record that is the post-mortem', for: ['postmortem'] },
      ref: {
        arg: 'REF',
        text: 'the commit whose overrides, incidents and policy to read (what the gate reads)',
        default: 'HEAD',
        for: ['status'],
      },
    },
    subcommands: [
      {
        name: 'new',
        summary: 'write overrides/<ID>/override.yaml (high or critical impact also opens an incident)',
        examples: [
          'gatehouse override new --change CHG-0042 --base main --checks blast-radius --impact high --reason "holiday crowd" --expires 4h --requested-by alice',
        ],
      },
      {
        name: 'sign',
        summary: "write overrides/<ID>/signatures/<actor>.yaml, bound to the override's digest",
        examples: ['gatehouse override sign OVR-20260118-150000 --gpg carol@example.org --role ethics'],
      },
      {
        name: 'status',
        summary: 'the derived status of each override (or one) with its signers, read from a commit',
        examples: [
          'gatehouse override status',
          'gatehouse override status OVR-20260118-150000 --ref origin/main --json',
        ],
      },
      {
        name: 'postmortem',
        summary:
          'link the post-mortem incident record to an override (a record committed at HEAD gets a new amending record with overrides: OVR)',
        examples: ['gatehouse override postmortem OVR-20260118-150000 --incident INC-20260119-090000'],
      },
    ],
    examples: [],
  },
  escalate: {
    flags: {
      ...SIGNER,
      actor: { arg: 'A', text: 'the actor granted the higher level' },
      ...CHANGE_FLAGS(),
      ttl: { arg: 'DURATION', text: 'how long the grant lasts, e.g. 30m, 1h, 2h30m' },
      proposer: { arg: 'ID', text: 'the proposing actor', default: 'the key owner, else --actor' },
    },
    examples: [
      'gatehouse escalate --actor ops-agent --level 3 --id ESC-0001 --ttl 1h --justification "holiday surge"',
    ],
  },
  killswitch: {
    flags: { ...SIGNER, ...CHANGE_FLAGS('0') },
    subcommands: [
      {
        name: 'activate',
        summary: 'propose turning a kill switch on (its flippers approve)',
        examples: ['gatehouse killswitch activate ticketing-freeze --id KS-0001 --proposer erin'],
      },
      {
        name: 'deactivate',
        summary: 'propose turning it off again',
        examples: [
          'gatehouse killswitch deactivate ticketing-freeze --id KS-0002 --ssh-key ~/.ssh/id_ed25519',
        ],
      },
    ],
    examples: [],
  },
};
