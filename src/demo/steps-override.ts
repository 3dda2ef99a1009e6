/**
 * The closing steps: a change denied on blast radius, the emergency override under its three-role quorum, the
 * change allowed and recorded under it; then `verify` and `report`.
 */
import { DemoFailure } from './driver.js';
import { setSpecField } from './edit-state.js';
import { BIG, find, lastSeq, signOverride, writeManifest, type DemoStep } from './steps-common.js';

export const OVERRIDE_STEPS: DemoStep[] = [
  {
    title: 'an emergency override with its quorum (ethics, security, charter)',
    async run(d, facts, o) {
      d.branch('pr-5', 70);
      for (let n = 1; n <= 10; n++)
        setSpecField(d.dir, {
          service: 'park-ticketing',
          region: 'eu-central-1',
          id: `eu-central-1-gate-${String(n).padStart(2, '0')}`,
          field: 'open',
          value: true,
        });
      const manifest = writeManifest(d, {
        id: BIG,
        kind: 'change',
        title: 'Open ten eu-central-1 gates to clear the plaza',
        proposer: 'ops-agent',
        level: 2,
        proposed_at: d.iso(70),
        justification: 'Fire alarm: the plaza must empty through every gate',
      });
      await d.gatehouse(['sign', manifest, '--ssh-key', o.keyFile('ops-agent')], 70);
      d.commit(['state', 'changes'], `${BIG}: Open ten eu-central-1 gates`, 70);
      let minute = 71;
      for (const [actor, role] of [
        ['alice', 'operator'],
        ['bob', 'sre'],
      ] as const)
        await d.gatehouse(
          ['approve', BIG, '--base', 'main', '--ssh-key', o.keyFile(actor), '--actor', actor, '--role', role],
          minute++,
        );
      d.commit(['changes'], `${BIG}: approvals`, 73);
      const denied = await d.check('main', 'pr-5', 73, false);
      facts.overrideDenied = denied;
      const br = find(denied.root, 'blast-radius');
      if (br?.status !== 'fail')
        throw new DemoFailure(`expected blast-radius to deny ${BIG}, found ${br?.status}`);
      d.print(`    denied: ${br.reason}`);

      d.branch('override-1', 74);
      const req = await d.gatehouse(
        [
          'override',
          'new',
          '--change',
          BIG,
          // DESIGN §2.6: bound to the change digest of pr-5, as its approvals are
          '--base',
          'main',
          '--head',
          'pr-5',
          '--checks',
          'blast-radius',
          '--impact',
          'medium',
          '--reason',
          'Fire alarm: evacuate the plaza',
          '--expires',
          '2h',
          '--requested-by',
          'alice',
          '--json',
        ],
        74,
      );
      const id = (JSON.parse(req.stdout) as { id: string }).id;
      facts.overrideId = id;
      minute = await signOverride(d, id, o.keyFile, 75);
      // `override status` reads the committed tree, as the gate does: commit the request and signatures first.
      d.commit(['overrides'], `${id}: emergency override for ${BIG}`, 77);
      const status = await d.gatehouse(['override', 'status', id, '--json'], 77);
      const view = (JSON.parse(status.stdout) as { overrides: { status: string }[] }).overrides[0];
      if (view?.status !== 'active')
        throw new DemoFailure(`override ${id} is ${view?.status}, expected active`);
      d.print(`    ${id}: active (3/3 signatures: carol ethics, dave security, bob charter)`);
      await d.check('main', 'override-1', 78, true);
      await d.mergeAndRecord('override-1', 5, `${id}: emergency override`, 78);
    },
  },
  {
    title: '`check` allows the change under the override; merge and record',
    async run(d, facts) {
      // Update the pull request's branch: the digest is unchanged, so its approvals still count.
      d.git(['checkout', '-q', 'pr-5'], 80);
      d.git(['merge', '-q', '--no-ff', 'main', '-m', "Merge branch 'main' into pr-5"], 80);
      d.print('  $ git merge main        # update pr-5: same digest, the approvals still count');
      const allowed = await d.check('main', 'pr-5', 80, true);
      const bn = find(allowed.root, 'blast-radius');
      d.print(`    ${allowed.root.reason}${bn ? `; ${bn.reason}` : ''}`);
      const r = await d.mergeAndRecord('pr-5', 6, 'Open ten eu-central-1 gates', 81);
      const seq = lastSeq(facts, r.entries, 'change.applied', BIG);
      facts.overridden = { change: BIG, seq, decision: allowed };
      d.print(`    recorded at seq ${seq}`);
    },
  },
  {
    title: '`verify`: chain, Merkle root, checkpoints, snapshots, drift, git history',
    async run(d, facts) {
      d.git(['checkout', '-q', 'main'], 90);
      const run = await d.gatehouse(['verify', '--history', '--json'], 90);
      const v = JSON.parse(run.stdout) as {
        ok: boolean;
        entries: number;
        checkpoints: number;
        root: { hex: string };
      };
      facts.verifyOk = v.ok;
      d.print(
        `    ok: ${v.entries} entries, ${v.checkpoints} checkpoints verified, root ${v.root.hex.slice(0, 16)}…`,
      );
    },
  },
  {
    title: '`report`: the static HTML audit report',
    async run(d, facts, o) {
      const run = await d.gatehouse(['report', '--out', o.reportDir, '--json'], 91);
      const r = JSON.parse(run.stdout) as { index: string; entries: number; files: number };
      facts.reportIndex = r.index;
      d.print(`    ${r.entries} entries, ${r.files} files`);
    },
  },
];
