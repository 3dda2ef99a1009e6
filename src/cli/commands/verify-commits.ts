/**
 * `gatehouse verify-commits --base REF [--head REF]`: one row per commit in base..head with the actor whose key
 * signed it, or why none did (DESIGN §2.4, §5). Keys come from the base commit's policy. Exit 1 if any commit
 * is unsigned, badly signed, or signed by a key of no actor.
 */
import type { Command } from '../command.js';
import { optionalString, requireString } from '../args.js';
import { GitTree } from '../../git/tree.js';
import { resolveRef } from '../../git/refs.js';
import { keyringFromTree } from '../../repo/policy-keyring.js';
import { verifyCommits } from '../../assembly/commit-signatures.js';

const USAGE = 'gatehouse verify-commits --base REF [--head REF] [--repo DIR] [--json] [--now ISO]';

export const verifyCommitsCommand: Command = {
  name: 'verify-commits',
  summary: 'verify git commit signatures in base..head against the actors of the base policy',
  usage: USAGE,
  options: { base: { type: 'string' }, head: { type: 'string' } },
  async run(ctx, args) {
    const base = requireString(args, 'base', USAGE);
    const head = optionalString(args, 'head') ?? 'HEAD';
    const baseOid = await resolveRef(ctx.repo, base);
    // DESIGN §2.4: a key counts only if it belongs to an actor in the base policy.
    const { keyring, layout } = await keyringFromTree(new GitTree(ctx.repo, baseOid, `${base}:`));
    const rows = await verifyCommits(ctx.repo, baseOid, head, keyring, { at: ctx.now });
    const bad = rows.filter((r) => !r.ok);
    if (ctx.json) {
      ctx.stdout(
        JSON.stringify({
          ok: bad.length === 0,
          base,
          head,
          commits: rows,
          key_problems: keyring.problems.map((p) => ({
            ...p,
            file: p.file ? `${layout.paths.policies}/${p.file}` : undefined,
          })),
        }),
      );
    } else {
      for (const p of keyring.problems)
        ctx.stderr(`warning: ${p.file ? `${layout.paths.policies}/${p.file}: ` : ''}${p.actor}: ${p.reason}`);
      for (const r of rows) {
        const who = r.ok ? `${r.actor} (${r.signatureType} ${r.fingerprint})` : `${r.code}: ${r.reason}`;
        ctx.stdout(`${r.sha.slice(0, 12)} ${r.ok ? 'ok  ' : 'FAIL'} ${who}  ${r.summary}`);
      }
      ctx.stdout(
        `${rows.length} commit${rows.length === 1 ? '' : 's'} in ${base}..${head}: ` +
          `${rows.length - bad.length} signed by an actor, ${bad.length} not`,
      );
    }
    return bad.length === 0 ? 0 : 1;
  },
};
