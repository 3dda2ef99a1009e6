/**
 * The demo's first steps: the worked example in a fresh repository, the agent's level-2 batch approved by two
 * roles, checked, merged and recorded, and a level-3 change the agent makes alone.
 */
import { setSpecField, type SpecEdit } from './edit-state.js';
import { BATCH, LEVEL3, lastSeq, tree, writeManifest, type DemoStep } from './steps-common.js';
/** The agent's batch: open four us-east-1 gates. */
const batchEdits: SpecEdit[] = [1, 2, 3, 4].map((n) => ({
  service: 'park-ticketing',
  region: 'us-east-1',
  id: `us-east-1-gate-0${n}`,
  field: 'open',
  value: true,
}));

export const CHANGE_STEPS: DemoStep[] = [
  {
    title: 'start: the worked example in a fresh git repository',
    async run(d) {
      d.git(['init', '-q', '-b', 'main'], 0);
      const run = await d.gatehouse(['init', '.', '--example', 'park', '--json'], 0);
      const r = JSON.parse(run.stdout) as { written: string[]; ledgerSize: number };
      d.commit(['.'], 'Adopt Gatehouse: the park example, genesis entry and first checkpoint', 0);
      d.print(
        `    ${r.written.length} files: 7 actors, 3 services × 3 regions (180 resources), genesis at seq 0`,
      );
    },
  },
  {
    title: 'an agent (ops-agent) proposes a level-2 batch',
    async run(d, _f, o) {
      d.branch('pr-1', 10);
      for (const e of batchEdits) setSpecField(d.dir, e);
      const manifest = writeManifest(d, {
        id: BATCH,
        kind: 'change',
        title: 'Open four us-east-1 gates',
        proposer: 'ops-agent',
        level: 2,
        proposed_at: d.iso(10),
        justification: 'Morning opening checklist from the crowd forecast',
      });
      await d.gatehouse(['sign', manifest, '--ssh-key', o.keyFile('ops-agent')], 10);
      d.commit(['state', 'changes'], `${BATCH}: Open four us-east-1 gates`, 10);
      d.print(
        `    ${BATCH}: 4 ops on park-ticketing/us-east-1 (open: false → true), manifest signed by ops-agent`,
      );
    },
  },
  {
    title: 'two approvers of different roles sign the batch digest',
    async run(d, _f, o) {
      let minute = 11;
      for (const [actor, role] of [
        ['alice', 'operator'],
        ['bob', 'sre'],
      ] as const) {
        const args = ['approve', BATCH, '--base', 'main', '--ssh-key', o.keyFile(actor), '--actor', actor];
        await d.gatehouse([...args, '--role', role], minute++);
      }
      d.commit(['changes'], `${BATCH}: approvals`, 13);
      d.print(
        '    changes/CHG-0001/approvals/alice.yaml (operator), bob.yaml (sre): bound to the change digest',
      );
    },
  },
  {
    title: '`check` allows the batch',
    async run(d, facts, o) {
      const decision = await d.check('main', 'pr-1', 14, true);
      for (const l of tree(decision, o.color)) d.print(l);
      facts.batch = { change: BATCH, seq: -1, decision };
    },
  },
  {
    title: 'merge, then `record` appends the ledger',
    async run(d, facts) {
      const r = await d.mergeAndRecord('pr-1', 1, 'Open four us-east-1 gates', 14);
      const seq = lastSeq(facts, r.entries, 'change.applied', BATCH);
      if (facts.batch) facts.batch.seq = seq;
      d.print(`    appended ${r.entries.map((e) => `seq ${e.seq} ${e.type}`).join(', ')}; checkpoint signed`);
    },
  },
  {
    title: 'a level-3 change: the agent acts alone, binding the digest itself',
    async run(d, facts, o) {
      d.branch('pr-2', 30);
      setSpecField(d.dir, {
        service: 'park-ticketing',
        region: 'us-west-2',
        id: 'us-west-2-gate-05',
        field: 'capacity',
        value: 1200,
      });
      const manifest = writeManifest(d, {
        id: LEVEL3,
        kind: 'change',
        title: 'Raise us-west-2 gate-05 capacity for the lunch peak',
        proposer: 'ops-agent',
        level: 3,
        proposed_at: d.iso(30),
        justification: 'Queue at gate-05 above target',
      });
      await d.gatehouse(['sign', manifest, '--ssh-key', o.keyFile('ops-agent')], 30);
      d.commit(['state', 'changes'], `${LEVEL3}: Raise us-west-2 gate-05 capacity`, 30);
      // No one else approves at level 3: the agent binds the change digest itself.
      await d.gatehouse(['approve', LEVEL3, '--base', 'main', '--ssh-key', o.keyFile('ops-agent')], 30);
      d.commit(['changes'], `${LEVEL3}: ops-agent binds the digest`, 30);
      const decision = await d.check('main', 'pr-2', 31, true);
      d.print(`    ${decision.root.reason}`);
      const r = await d.mergeAndRecord('pr-2', 2, 'Raise us-west-2 gate-05 capacity', 31);
      const seq = lastSeq(facts, r.entries, 'change.applied', LEVEL3);
      facts.levelThree = { change: LEVEL3, seq };
      d.print(`    recorded at seq ${seq}`);
    },
  },
];
