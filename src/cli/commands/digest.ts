/**
 * `gatehouse digest --base REF [--head REF]`: the change id and its digest (DESIGN §2.2), the value approvals
 * sign. Reads commits only (uncommitted governed files are named in a warning); writes nothing.
 */
import type { Command } from '../command.js';
import { optionalString, requireString } from '../args.js';
import { changeDigest, requireDigest } from '../../app/change-digest.js';
import { cliPorts } from '../app-ports.js';
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
    const result = await changeDigest({ base, head }, cliPorts(ctx));
    // The digest is of commits: uncommitted governed files are named, even when that leaves no manifest.
    const warnings = warnUncommitted(ctx, governedDirs(result.layout), `digest (head ${head})`);
    // No digest without exactly one valid manifest: bad input, exit 2.
    const d = requireDigest(result);
    if (ctx.json) {
      ctx.stdout(
        JSON.stringify({
          change: d.change,
          digest: d.digest,
          ops: d.ops,
          files: d.files,
          base: d.base,
          head: d.head,
          merge_base: d.mergeBase,
          warnings,
        }),
      );
    } else {
      const n = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`;
      ctx.stdout(`${d.change} ${d.digest}`);
      ctx.stdout(
        `${n(d.ops, 'op')}, ${n(d.files, 'file')} outside state ` +
          `(${d.mergeBase.slice(0, 12)}..${d.head.slice(0, 12)})`,
      );
    }
    return 0;
  },
};
