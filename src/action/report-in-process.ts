/**
 * The Action's `report` (DESIGN §5) in process: the report use case (src/app/build-report.ts) over the checkout,
 * never a child process of the CLI. Its outcome is what `gatehouse report --json` tells the Action (folder,
 * index, whether the chain verified, entries); errors reach the caller as GatehouseErrors with the exit code
 * `gatehouse report` would have had.
 */
import { basename, resolve } from 'node:path';
import { buildReport } from '../app/build-report.js';
import { reportPorts } from '../assembly/report-ports.js';
import { exitCodeFor, GatehouseError, internalError } from '../core/errors.js';
import type { GatePort } from './ports.js';

export const inProcessReport: GatePort['report'] = async (req) => {
  const repo = resolve(req.repoDir);
  try {
    const r = await buildReport(
      { out: req.outDir, now: req.now, repoLabel: basename(repo) },
      reportPorts(repo),
    );
    return { path: r.out, index: r.index, chainOk: r.chain.ok, entries: r.entries };
  } catch (e) {
    if (exitCodeFor(e) === 2 && e instanceof GatehouseError)
      throw new GatehouseError('bad-input', `gatehouse report: ${e.message}`, { problems: e.problems });
    throw internalError(`gatehouse report failed: ${e instanceof Error ? e.message : String(e)}`, e);
  }
};
