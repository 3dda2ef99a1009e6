/**
 * `gatehouse monitor [--branch REF] [--history N] [--record]` (seed 001 §3–5): checks the invariants and
 * prints the alerts (text, or --json for the Action, which opens one issue per fingerprint). Exit 1 when any
 * alert fires, 0 when none. With `--record` it also appends `alert.raised` for each alert that starts firing
 * and `alert.resolved` for each raised alert that stopped (src/monitor/ledger-alerts.ts), with a checkpoint
 * when a signer key is given (as `record`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { changedFiles } from '../../git/diff.js';
import { firstParentHistory } from '../../git/log.js';
import { GitTree } from '../../git/tree.js';
import { keyringFromTree } from '../../repo/policy-keyring.js';
import { loadIncidents } from '../../incidents/load.js';
import { openIncidents } from '../../incidents/open.js';
import type { LedgerEntry } from '../../core/ledger-entry.js';
import { readLedgerFiles, readLedgerLines } from '../../store/ledger-files.js';
import { checkpointPath, segmentPath } from '../../ledger/layout.js';
import { lineTs } from '../../ledger/replay-at.js';
import { openLedger } from '../../store/ledger-store.js';
import { alertDrafts, lastActivityTs } from '../../monitor/ledger-alerts.js';
import { isoSeconds } from '../../record/build.js';
import { checkpointSignerKey } from '../checkpoint-key.js';
import { assertNowAfterLedger } from '../ledger-time.js';
import { verifyLedger } from '../../ledger/verify.js';
import { evaluateMonitor, formatAlert, type MonitorFacts } from '../../monitor/invariants.js';
import { deriveStatus } from '../../overrides/lifecycle.js';
import { loadOverrides } from '../../overrides/load.js';
import { loadDocument } from '../../formats/validate.js';
import { FsTree } from '../../repo/fs-tree.js';
import { joinPath, loadLayout, type RepoLayout } from '../../repo/layout.js';
import { loadStateDocuments } from '../../repo/load-state.js';
import { buildState } from '../../state/build.js';
import { optionalInt, optionalString } from '../args.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';
import { loadIncidentPolicy as loadPolicyOf } from '../../app/work-files.js';
import { FsWorkTree } from '../../assembly/fs-work-files.js';

// The work-tree port (src/app/ports.ts), until this command calls its use case.
const readTextRel = (repo: string, rel: string) => new FsWorkTree(repo).readText(rel);
const loadIncidentPolicy = (repo: string, layout: RepoLayout) => loadPolicyOf(new FsWorkTree(repo), layout);
import { conflict } from '../../core/errors.js';

const USAGE =
  'gatehouse monitor [--branch REF] [--history N] [--record [--checkpoint-key FILE]] [--repo DIR] [--json] [--now ISO]';

/** Commits on the default branch that changed state/ or policies/ and that no ledger entry accounts for. */
async function unrecordedMerges(
  repo: string,
  layout: RepoLayout,
  recorded: ReadonlySet<string>,
  branch: string,
  limit: number,
): Promise<{ merges: MonitorFacts['unrecordedMerges']; lastCheckpointAt?: string }> {
  const out: MonitorFacts['unrecordedMerges'] = [];
  const history = await firstParentHistory(repo, branch, { limit });
  const genesisFile = segmentPath(layout, 0);
  const governed = [layout.paths.state, layout.paths.policies].map((p) => `${p}/`);
  let started = false;
  let lastCheckpointAt: string | undefined;
  for (const c of history) {
    const parent = c.parents[0];
    if (!parent) {
      // A root commit: the ledger starts with it when it carries the genesis segment.
      if ((await new GitTree(repo, c.oid).read(genesisFile)) !== undefined) started = true;
      continue;
    }
    const files = await changedFiles(repo, parent, c.oid);
    const at = new Date(c.committer.timestamp * 1000).toISOString().replace('.000Z', 'Z');
    if (files.some((f) => f.path === checkpointPath(layout))) lastCheckpointAt = at;
    if (files.some((f) => f.path === genesisFile && f.status === 'added')) {
      started = true; // adoption: the commit that starts the ledger records the state as genesis
      continue;
    }
    if (!started) continue;
    const touched = files.filter((f) => governed.some((g) => f.path.startsWith(g))).map((f) => f.path);
    if (touched.length === 0 || recorded.has(c.oid)) continue;
    // A commit that appends to the ledger together with its change records itself.
    if (files.some((f) => f.path.startsWith(`${layout.paths.ledger}/events/`))) continue;
    out.push({ commit: c.oid, subject: c.subject, at, paths: touched });
  }
  return { merges: out, ...(lastCheckpointAt ? { lastCheckpointAt } : {}) };
}

export const monitorCommand: Command = {
  name: 'monitor',
  summary:
    'check the invariants (ledger, drift, unrecorded merges, overrides, incidents, silence) and print alerts',
  usage: USAGE,
  options: {
    branch: { type: 'string' },
    history: { type: 'string' },
    record: { type: 'boolean', default: false },
    'checkpoint-key': { type: 'string' },
  },
  async run(ctx: CliContext, args: ParsedArgs): Promise<number> {
    const recording = args.values.record === true;
    const signerKey = recording ? await checkpointSignerKey(ctx, args) : undefined;
    if (recording) await assertNowAfterLedger(ctx);
    const tree = new FsTree(ctx.repo);
    const layout = await loadLayout(tree);
    const policy = await loadIncidentPolicy(ctx.repo, layout);
    const notes: string[] = [];

    const built = buildState(await loadStateDocuments(tree, layout));
    const keyFile = joinPath(layout.paths.policies, layout.ledger.checkpoint_key);
    const keyText = await readTextRel(ctx.repo, keyFile);
    const files = await readLedgerFiles(ctx.repo, layout);
    const report = verifyLedger({
      ...files,
      ...(keyText !== undefined ? { verifierKey: keyText } : {}),
      verifierKeyFile: keyFile,
      layout,
      workingState: built.state,
      workingOrigins: built.origins,
    });
    const { lines } = await readLedgerLines(ctx.repo, layout);
    const recorded = new Set<string>();
    for (const l of lines) {
      const i = l.indexOf('"commit":"');
      if (i < 0) continue;
      try {
        const c = (JSON.parse(l) as LedgerEntry).subject?.commit;
        if (c) recorded.add(c);
      } catch {
        // unreadable lines are reported by verify
      }
    }
    let checkpoint: MonitorFacts['checkpoint'];
    const cpText = files.latestCheckpoint?.text;
    const cpSize = cpText?.split('\n')[1];
    if (cpSize !== undefined && /^\d+$/.test(cpSize))
      checkpoint = { size: Number(cpSize), file: checkpointPath(layout) };

    let merges: MonitorFacts['unrecordedMerges'] = [];
    let lastCheckpointAt: string | undefined;
    if (existsSync(join(ctx.repo, '.git'))) {
      const r = await unrecordedMerges(
        ctx.repo,
        layout,
        recorded,
        optionalString(args, 'branch') ?? 'HEAD',
        optionalInt(args, 'history') ?? 1000,
      );
      merges = r.merges;
      lastCheckpointAt = r.lastCheckpointAt;
    } else notes.push('not a git repository: unrecorded merges not checked');

    const { layout: _l, actors, keyring } = await keyringFromTree(tree, layout);
    const quorumFile = joinPath(layout.paths.policies, 'quorum.yaml');
    const quorumText = await readTextRel(ctx.repo, quorumFile);
    const quorum =
      quorumText === undefined ? { rules: [] } : loadDocument('quorum', quorumText, quorumFile).value;
    const incidents = await loadIncidents(tree, layout);
    for (const p of incidents.problems)
      notes.push(`${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`);
    const ovr = await loadOverrides(tree, layout, {
      actors,
      quorum,
      keyring,
      incidents: incidents.records,
      now: ctx.now,
    });
    for (const p of ovr.problems)
      notes.push(`${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`);

    // Silence (seed 001): the monitor's own alert entries are not a sign of life.
    const lastEntryTs = lastActivityTs(lines, lineTs);
    const activity = [lastEntryTs, lastCheckpointAt]
      .filter((x): x is string => x !== undefined)
      .sort((a, b) => Date.parse(a) - Date.parse(b));
    const facts: MonitorFacts = {
      now: ctx.now,
      verify: {
        ok: report.findings.every((f) => f.check === 'drift'),
        findings: report.findings.filter((f) => f.check !== 'drift'),
      },
      ledgerSize: report.size,
      ...(checkpoint ? { checkpoint } : {}),
      drift: report.drift,
      unrecordedMerges: merges,
      overrides: ovr.records.map((r) => deriveStatus(r, ctx.now)),
      // An incident closes when any record of its `amends` chain is resolved (src/incidents/open.ts).
      openIncidents: openIncidents(incidents.records).map((r) => ({
        id: r.front.id,
        file: r.file,
        severity: r.front.severity,
        detected_at: r.front.detected_at,
      })),
      ...(activity.length ? { lastActivity: activity[activity.length - 1]! } : {}),
    };
    const alerts = evaluateMonitor(facts, policy);
    let appendedAlerts:
      { raised: string[]; resolved: string[]; entries: { seq: number; type: string }[] } | undefined;
    if (recording) {
      // Refuse to append to a ledger that does not verify: a monitor entry must never extend a broken chain.
      if (!facts.verify.ok)
        throw conflict(
          'the ledger does not verify, so no alert entry was appended; run `gatehouse verify` and repair it first',
        );
      const ledger = await openLedger(ctx.repo, layout);
      const planned = alertDrafts(alerts, ledger.lines, isoSeconds(ctx.now));
      const result = planned.drafts.length > 0 ? await ledger.append(planned.drafts) : { appended: [] };
      if (signerKey !== undefined && result.appended.length > 0) await ledger.writeCheckpoint(signerKey);
      appendedAlerts = {
        raised: planned.raised,
        resolved: planned.resolved,
        entries: result.appended.map((e) => ({ seq: e.seq, type: e.type })),
      };
    }
    if (ctx.json)
      ctx.stdout(
        JSON.stringify({
          ok: alerts.length === 0,
          now: ctx.now.toISOString(),
          alerts,
          notes,
          ...(appendedAlerts ? { recorded: appendedAlerts } : {}),
        }),
      );
    else
      ctx.stdout(
        [
          ...alerts.map(formatAlert),
          ...notes.map((n) => `note: ${n}`),
          ...(appendedAlerts?.entries ?? []).map((e) => `appended seq ${e.seq}: ${e.type}`),
          alerts.length === 0
            ? 'monitor: ok — every invariant holds'
            : `monitor: ${alerts.length} alert${alerts.length === 1 ? '' : 's'}`,
        ].join('\n'),
      );
    return alerts.length > 0 ? 1 : 0;
  },
};
