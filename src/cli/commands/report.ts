/**
 * `gatehouse report --out DIR` (DESIGN §5; src/app/build-report.ts): the static HTML audit report. Reads the
 * working tree, streams the ledger once, writes the site atomically into DIR. Exit 0 when the chain verifies,
 * 1 when the report shows chain findings (the report is still written), 2 for bad input (nothing written).
 */
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import { buildReport, type BuildReportResult } from '../../app/build-report.js';
import { reportPorts } from '../../assembly/report-ports.js';
import { usageError } from '../../core/errors.js';
import { optionalInt, requireString } from '../args.js';
import type { CliContext, Command } from '../command.js';

const USAGE = 'gatehouse report --out DIR [--chunk-size N] [--repo DIR] [--json] [--now ISO]';

/** The text summary: one line per chain finding, then where the report is. */
function reportText(r: BuildReportResult): string {
  const lines = r.chain.findings.map(
    (f) =>
      `${f.file ? `${f.file}${f.line ? `:${f.line}` : ''}: ` : ''}${f.seq !== undefined ? `seq ${f.seq}: ` : ''}${f.message}`,
  );
  lines.push(
    `report: ${r.index} (${r.entries} entries in ${r.chunks} data files, ${(r.bytes / 1e6).toFixed(1)} MB); chain ${r.chain.ok ? 'verified' : `FAILED with ${r.chain.findings.length} findings`}`,
  );
  return lines.join('\n');
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'write the static HTML audit report (timeline, time travel, incidents, SOC 2 evidence)',
  usage: USAGE,
  options: { out: { type: 'string' }, 'chunk-size': { type: 'string' } },
  async run(ctx: CliContext, args) {
    if (args.positionals.length > 0) throw usageError(`report takes no arguments\nusage: ${USAGE}`);
    const out = requireString(args, 'out', USAGE);
    const chunkSize = optionalInt(args, 'chunk-size');
    if (chunkSize !== undefined && (chunkSize < 1 || chunkSize > 100_000))
      throw usageError('--chunk-size expects 1 to 100000 entries per data file');
    let bar: cliProgress.SingleBar | undefined;
    try {
      const r = await buildReport(
        { out, now: ctx.now, repoLabel: basename(ctx.repo), ...(chunkSize ? { chunkSize } : {}) },
        {
          ...reportPorts(ctx.repo),
          onProgress: (done, total) => {
            // conventions: a progress bar on long work, TTY only
            if (!bar && ctx.isTTY && !ctx.json && total >= 20) {
              bar = new cliProgress.SingleBar({
                format: 'report |{bar}| {value}/{total} segments',
                clearOnComplete: true,
              });
              bar.start(total, 0);
            }
            bar?.update(done);
          },
        },
      );
      bar?.stop();
      const summary = { ...r, chain: { ...r.chain, findings: r.chain.findings.length } };
      ctx.stdout(ctx.json ? JSON.stringify(summary) : reportText(r));
      return r.chain.ok ? 0 : 1;
    } catch (err) {
      bar?.stop();
      throw err;
    }
  },
};
