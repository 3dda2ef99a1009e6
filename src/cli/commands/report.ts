/**
 * `gatehouse report --out DIR` (DESIGN §5): the static HTML audit report. Reads the working tree,
 * streams the ledger once, writes the site atomically into DIR. Exit 0 when the chain verifies, 1
 * when the report shows chain findings (the report is still written), 2 for bad input (nothing
 * written).
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import cliProgress from 'cli-progress';
import { badInput, isGatehouseError, usageError } from '../../core/errors.js';
import { resolveRef } from '../../git/refs.js';
import { uncommittedFiles } from '../../git/worktree.js';
import { provenanceOf } from '../../report/provenance.js';
import type { Provenance } from '../../report/types.js';
import { readLedgerFiles } from '../../store/ledger-files.js';
import { NoteError, parseVerifierKey } from '../../ledger/note.js';
import { verifyLedger, type VerifyReport } from '../../ledger/verify.js';
import { FsTree } from '../../repo/fs-tree.js';
import { joinPath, loadLayout } from '../../repo/layout.js';
import { loadStateDocuments } from '../../repo/load-state.js';
import { buildState } from '../../state/build.js';
import { buildReport } from '../../report/build.js';
import { ReportWriter } from '../../report/write.js';
import { optionalInt, requireString } from '../args.js';
import type { CliContext, Command } from '../command.js';

const USAGE = 'gatehouse report --out DIR [--chunk-size N] [--repo DIR] [--json] [--now ISO]';

/** Provenance (repository HEAD, tool version, checkpoint key) for the report header. */
async function provenance(ctx: CliContext, tree: FsTree, verified: VerifyReport): Promise<Provenance> {
  const layout = await loadLayout(tree);
  const keyFile = joinPath(layout.paths.policies, layout.ledger.checkpoint_key);
  const keyText = await readFile(join(ctx.repo, keyFile), 'utf8').catch(() => undefined);
  let commit: string | undefined;
  try {
    commit = await resolveRef(ctx.repo, 'HEAD');
  } catch (e) {
    if (!(isGatehouseError(e) && e.code === 'not-found')) throw e;
  }
  const p = layout.paths;
  return provenanceOf({
    ...(commit !== undefined
      ? {
          commit,
          dirty:
            uncommittedFiles(ctx.repo, [p.policies, p.state, p.changes, p.overrides, p.incidents, p.ledger])
              .length > 0,
        }
      : {}),
    ...(keyText !== undefined ? { verifierKey: keyText } : {}),
    verifierKeyFile: keyFile,
    verifiedCheckpoints: verified.checkpoints,
  });
}

/** The same full verification as `gatehouse verify` (chain, root, checkpoint signatures, snapshots, drift). */
async function verify(ctx: CliContext, tree: FsTree): Promise<VerifyReport> {
  const layout = await loadLayout(tree);
  const keyFile = joinPath(layout.paths.policies, layout.ledger.checkpoint_key);
  let keyText: string | undefined;
  try {
    keyText = await readFile(join(ctx.repo, keyFile), 'utf8');
    parseVerifierKey(keyText);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') keyText = undefined;
    else if (err instanceof NoteError)
      throw badInput([
        { file: keyFile, line: 1, message: `${err.message} (expected <name>+<key id>+<base64 key>)` },
      ]);
    else throw err;
  }
  const built = buildState(await loadStateDocuments(tree, layout));
  return verifyLedger({
    ...(await readLedgerFiles(ctx.repo, layout)),
    ...(keyText !== undefined ? { verifierKey: keyText } : {}),
    verifierKeyFile: keyFile,
    layout,
    workingState: built.state,
    workingOrigins: built.origins,
  });
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'write the static HTML audit report (timeline, time travel, incidents, SOC 2 evidence)',
  usage: USAGE,
  options: { out: { type: 'string' }, 'chunk-size': { type: 'string' } },
  async run(ctx, args) {
    if (args.positionals.length > 0) throw usageError(`report takes no arguments\nusage: ${USAGE}`);
    const out = requireString(args, 'out', USAGE);
    const chunkSize = optionalInt(args, 'chunk-size');
    if (chunkSize !== undefined && (chunkSize < 1 || chunkSize > 100_000))
      throw usageError('--chunk-size expects 1 to 100000 entries per data file');
    const tree = new FsTree(ctx.repo);
    const verified = await verify(ctx, tree);
    const writer = ReportWriter.open(out);
    let bar: cliProgress.SingleBar | undefined;
    const started = performance.now();
    try {
      const result = await buildReport(tree, writer, {
        now: ctx.now,
        repoLabel: basename(ctx.repo),
        verified,
        provenance: await provenance(ctx, tree, verified),
        ...(chunkSize ? { chunkSize } : {}),
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
      });
      bar?.stop();
      writer.commit(
        JSON.stringify({ generator: 'gatehouse report', generated_at: ctx.now.toISOString() }) + '\n',
      );
      const m = result.model;
      const summary = {
        out: writer.dir,
        index: `${writer.dir}/index.html`,
        entries: m.size,
        chunks: result.chunks,
        states: result.states,
        files: writer.files + 1,
        bytes: writer.bytes,
        seconds: Math.round(performance.now() - started) / 1000,
        chain: { ok: m.chain.ok, size: m.chain.size, root: m.chain.root, findings: m.chain.findings.length },
      };
      if (ctx.json) ctx.stdout(JSON.stringify(summary));
      else {
        const lines = m.chain.findings.map(
          (f) =>
            `${f.file ? `${f.file}${f.line ? `:${f.line}` : ''}: ` : ''}${f.seq !== undefined ? `seq ${f.seq}: ` : ''}${f.message}`,
        );
        lines.push(
          `report: ${summary.index} (${m.size} entries in ${result.chunks} data files, ${(writer.bytes / 1e6).toFixed(1)} MB); chain ${m.chain.ok ? 'verified' : `FAILED with ${m.chain.findings.length} findings`}`,
        );
        ctx.stdout(lines.join('\n'));
      }
      return m.chain.ok ? 0 : 1;
    } catch (err) {
      bar?.stop();
      writer.abort();
      throw err;
    }
  },
};
