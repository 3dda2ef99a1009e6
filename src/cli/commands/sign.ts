/**
 * `gatehouse sign FILE (--key FILE | --gpg KEYID | --ssh-key FILE)`: add or replace the `signature` field of a
 * change manifest, override request, override signature or approval, in place (DESIGN §2.4, §5;
 * src/app/sign.ts).
 */
import { relative, resolve, sep } from 'node:path';
import type { Command } from '../command.js';
import { usageError } from '../../core/errors.js';
import { sign } from '../../app/sign.js';
import { FsWorkTree } from '../../assembly/fs-work-files.js';
import { signerFromArgs, SIGNER_OPTIONS } from '../signer-flags.js';

const USAGE =
  'gatehouse sign FILE (--key FILE | --gpg KEYID | --ssh-key FILE) [--repo DIR] [--json] [--now ISO]';

export const signCommand: Command = {
  name: 'sign',
  summary: 'sign a change manifest, override or approval in place (adds its signature field)',
  usage: USAGE,
  options: { ...SIGNER_OPTIONS },
  async run(ctx, args) {
    const arg = args.positionals[0];
    if (arg === undefined || args.positionals.length > 1) throw usageError(`give one FILE\nusage: ${USAGE}`);
    const abs = resolve(ctx.repo, arg);
    const rel = relative(ctx.repo, abs);
    const file = rel.startsWith('..') ? abs : rel.split(sep).join('/');
    const r = await sign(
      { file, now: ctx.now },
      { workTree: new FsWorkTree(ctx.repo), signer: () => signerFromArgs(args, ctx, USAGE) },
    );
    for (const w of r.warnings) ctx.stderr(w);
    if (ctx.json)
      ctx.stdout(
        JSON.stringify({ file, kind: r.kind, signature: { type: r.signatureType }, signer: r.signer }),
      );
    else ctx.stdout(`${file}: signed (${r.signatureType}, ${r.signer})`);
    return 0;
  },
};
