/**
 * `gatehouse change new --title T --proposer P --level L [--kind K] [--justification J] [--id CHG-…]`
 * (DESIGN §2.2): scaffold `changes/<ID>/change.yaml` with the next free CHG-NNNN (src/app/change-new.ts); then
 * prints the `gatehouse sign` command to run next.
 */
import { usageError } from '../../core/errors.js';
import type { Level } from '../../core/documents.js';
import { changeNew, type ChangeNewRequest } from '../../app/change-new.js';
import { FsWorkTree } from '../../assembly/fs-work-files.js';
import { optionalString, requireString } from '../args.js';
import { optionalFlags, signerIfGiven } from '../change-flags.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';

const USAGE =
  'gatehouse change new --title TEXT --proposer ID --level 0-4 [--kind change|recommendation|policy] ' +
  '[--justification TEXT] [--id CHG-…] [--repo DIR] [--json] [--now ISO]';

/** Kinds this command writes; the others carry fields their own commands fill in. */
const KINDS = ['change', 'recommendation', 'policy'] as const;
const OWN_COMMAND: Record<string, string> = {
  rollback: 'gatehouse rollback',
  killswitch: 'gatehouse killswitch activate|deactivate',
  escalation: 'gatehouse escalate',
};

async function runNew(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const title = requireString(args, 'title', USAGE);
  const proposer = requireString(args, 'proposer', USAGE);
  const levelText = requireString(args, 'level', USAGE);
  if (!/^[0-4]$/.test(levelText))
    throw usageError(`--level expects an authority level 0-4, found "${levelText}"\nusage: ${USAGE}`);
  const kind = optionalString(args, 'kind') ?? 'change';
  if (OWN_COMMAND[kind] !== undefined)
    throw usageError(`a ${kind} change carries fields its own command fills in: use ${OWN_COMMAND[kind]}`);
  if (!(KINDS as readonly string[]).includes(kind))
    throw usageError(`--kind must be one of ${KINDS.join(', ')}; found "${kind}"\nusage: ${USAGE}`);
  if (optionalString(args, 'justification') === '') throw usageError('--justification must not be empty');

  const signer = signerIfGiven(ctx, args, USAGE);
  const { id, file, manifest, notes } = await changeNew(
    {
      title,
      proposer,
      level: Number(levelText) as Level,
      kind: kind as ChangeNewRequest['kind'],
      ...optionalFlags(args, 'justification', 'id'),
      now: ctx.now,
      usage: USAGE,
    },
    { workTree: new FsWorkTree(ctx.repo), ...(signer ? { signer } : {}) },
  );
  const next = `gatehouse sign ${file} (--key FILE | --gpg KEYID | --ssh-key FILE)`;
  if (ctx.json) ctx.stdout(JSON.stringify({ id, file, manifest, next, notes }));
  else
    ctx.stdout(
      [
        `wrote ${file} (${id}, kind ${manifest.kind}, level ${manifest.level}, proposer ${proposer})`,
        ...notes.map((n) => `note: ${n}`),
        `next: sign it as ${proposer}: ${next}`,
        `      then commit it with the state files it changes and open a pull request`,
      ].join('\n'),
    );
  return 0;
}

export const changeCommand: Command = {
  name: 'change',
  summary: 'scaffold a change manifest with the next free CHG-NNNN id (change new)',
  usage: USAGE,
  options: {
    title: { type: 'string' },
    proposer: { type: 'string' },
    level: { type: 'string' },
    kind: { type: 'string' },
    justification: { type: 'string' },
    id: { type: 'string' },
  },
  async run(ctx, args) {
    const [sub, ...extra] = args.positionals;
    if (sub !== 'new' || extra.length > 0)
      throw usageError(
        `${sub === undefined ? 'change needs a subcommand' : `change: unknown subcommand "${[sub, ...extra].join(' ')}"`}: new\nusage: ${USAGE}`,
      );
    return runNew(ctx, args);
  },
};
