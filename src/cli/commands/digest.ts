/**
 * `gatehouse digest --base REF [--head REF]`: the change id and its digest (DESIGN §2.2), the value approvals
 * sign. Reads commits only (uncommitted governed files are named in a warning); writes nothing.
 */
import type { Command } from '../command.js';
import { optionalString, requireString } from '../args.js';
import { badInput } from '../../core/errors.js';
import { readChangeCore } from '../../assembly/change-read.js';
import { governedDirs, warnUncommitted } from '../worktree-warnings.js';

const USAGE = 'gatehouse digest --base REF [--head REF] [--repo DIR] [--json]';

export const digestCommand: Command = {
  name: 'digest',
  summary: 'print the change id and the digest approvals bind to',
  usage: USAGE,
  options: { base: { type: 'string' }, head: { type: 'string' } },
  async run(ctx, args) {
    const base = requireString(args, 'base', USAGE);
    const head = optionalString(args, 'head') ?? 'HEAD';
    const core = await readChangeCore(ctx.repo, base, head);
    // The digest is of commits: uncommitted governed files are named, even when that leaves no manifest.
    const warnings = warnUncommitted(ctx, governedDirs(core.layout), `digest (head ${head})`);
    if (core.manifest === undefined || core.changeId === undefined) {
      // No digest without exactly one valid manifest: bad input, exit 2.
      throw badInput(
        core.manifestProblems.length > 0
          ? core.manifestProblems
          : [{ file: ctx.repo, message: core.manifestProblem ?? 'no change manifest' }],
      );
    }
    if (ctx.json) {
      ctx.stdout(
        JSON.stringify({
          change: core.changeId,
          digest: core.digest,
          ops: core.ops.length,
          files: core.files.length,
          base: core.baseOid,
          head: core.headOid,
          merge_base: core.mergeBaseOid,
          warnings,
        }),
      );
    } else {
      const n = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`;
      ctx.stdout(`${core.changeId} ${core.digest}`);
      ctx.stdout(
        `${n(core.ops.length, 'op')}, ${n(core.files.length, 'file')} outside state ` +
          `(${core.mergeBaseOid.slice(0, 12)}..${core.headOid.slice(0, 12)})`,
      );
    }
    return 0;
  },
};
