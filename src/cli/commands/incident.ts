/**
 * `gatehouse incident new|resolve|detect|rca` (DESIGN §2.5, §5; seed 000 Part 4, seed 001 §9):
 * incident records, anomaly detection over metrics, and causal change ranking over the ledger.
 */
import { incidentDetect, incidentRca } from '../../app/incident-analysis.js';
import { incidentNew, incidentResolve } from '../../app/incident.js';
import { FsLedgerFiles } from '../../assembly/fs-ledger-files.js';
import { FsWorkTree } from '../../assembly/fs-work-files.js';
import { GitCommitsOf } from '../../assembly/git-commits.js';
import { usageError } from '../../core/errors.js';
import type { Command } from '../command.js';
import {
  detectRequest,
  INCIDENT_OPTIONS,
  INCIDENT_USAGE as USAGE,
  newRequest,
  rcaRequest,
  resolveRequest,
} from '../incident-flags.js';
import { renderDetect, renderNew, renderRca, renderResolve } from '../render-incident.js';

export const incidentCommand: Command = {
  name: 'incident',
  summary:
    'incident records (new, resolve), anomaly detection over metrics (detect), causal change ranking (rca)',
  usage: USAGE,
  options: INCIDENT_OPTIONS,
  async run(ctx, args) {
    const sub = args.positionals[0];
    const work = new FsWorkTree(ctx.repo);
    if (sub === 'new') {
      ctx.stdout(renderNew(await incidentNew(newRequest(args, ctx.now), { work }), ctx.json));
      return 0;
    }
    if (sub === 'resolve') {
      const request = resolveRequest(args, ctx.now);
      const result = await incidentResolve(request, { work, git: new GitCommitsOf(ctx.repo) });
      ctx.stdout(renderResolve(result, ctx.json));
      return 0;
    }
    if (sub === 'detect') {
      const result = await incidentDetect(detectRequest(args), { work });
      ctx.stdout(renderDetect(result, ctx.json));
      return result.report.anomalies.length > 0 ? 1 : 0;
    }
    if (sub === 'rca') {
      const result = await incidentRca(rcaRequest(args), { work, ledger: new FsLedgerFiles(ctx.repo) });
      ctx.stdout(renderRca(result, ctx.json));
      return 0;
    }
    throw usageError(`incident needs a subcommand: new, resolve, detect or rca\nusage: ${USAGE}`);
  },
};
