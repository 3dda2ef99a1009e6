/**
 * `gatehouse change new --title T --proposer P --level L [--kind K] [--justification J] [--id CHG-…]`
 * (DESIGN §2.2): scaffold `changes/<ID>/change.yaml` with the next free CHG-NNNN (ids already used by a folder
 * under changes/ or by a ledger entry are never reused), proposed_at = --now, checked against the schema and the
 * policy's actors before it is written; then prints the `gatehouse sign` command to run next.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { usageError } from '../../core/errors.js';
import type { ChangeManifest } from '../../core/documents.js';
import { keyringFromTree } from '../../repo/policy-keyring.js';
import { FsTree } from '../../repo/fs-tree.js';
import { optionalString, requireString } from '../args.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';
import { writeManifest } from './escalate.js';

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

/** Numbers of CHG-NNNN ids in use: folders under changes/ and ledger entries naming a change. */
async function usedNumbers(repo: string, changesDir: string, ledgerDir: string): Promise<number[]> {
  const used: number[] = [];
  const take = (id: string): void => {
    const m = /^CHG-(\d+)$/.exec(id);
    if (m) used.push(Number(m[1]));
  };
  for (const name of await readdir(join(repo, changesDir)).catch(() => [] as string[])) take(name);
  const events = join(repo, ledgerDir, 'events');
  for (const name of await readdir(events).catch(() => [] as string[])) {
    if (!/\.jsonl(\.pending)?$/.test(name)) continue;
    const text = await readFile(join(events, name), 'utf8');
    for (const m of text.matchAll(/"change":"(CHG-\d+)"/g)) take(m[1]!);
  }
  return used;
}

export function nextChangeId(used: readonly number[]): string {
  const n = used.reduce((a, b) => Math.max(a, b), 0) + 1;
  return `CHG-${String(n).padStart(4, '0')}`;
}

async function runNew(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const usage = USAGE;
  const title = requireString(args, 'title', usage);
  const proposer = requireString(args, 'proposer', usage);
  const levelText = requireString(args, 'level', usage);
  if (!/^[0-4]$/.test(levelText))
    throw usageError(`--level expects an authority level 0-4, found "${levelText}"\nusage: ${usage}`);
  const kind = optionalString(args, 'kind') ?? 'change';
  if (OWN_COMMAND[kind] !== undefined)
    throw usageError(`a ${kind} change carries fields its own command fills in: use ${OWN_COMMAND[kind]}`);
  if (!(KINDS as readonly string[]).includes(kind))
    throw usageError(`--kind must be one of ${KINDS.join(', ')}; found "${kind}"\nusage: ${usage}`);
  const justification = optionalString(args, 'justification');
  if (justification === '') throw usageError('--justification must not be empty');

  const policy = await keyringFromTree(new FsTree(ctx.repo));
  const given = optionalString(args, 'id');
  const id =
    given ??
    nextChangeId(await usedNumbers(ctx.repo, policy.layout.paths.changes, policy.layout.paths.ledger));
  const fields = {
    kind: kind as ChangeManifest['kind'],
    title,
    level: Number(levelText) as ChangeManifest['level'],
    ...(justification !== undefined ? { justification } : {}),
  };
  const { file, manifest } = await writeManifest(ctx, args, { id, fields, proposer }, policy, usage);
  const actor = policy.actors.actors.find((a) => a.id === proposer);
  const notes =
    actor !== undefined && manifest.level > actor.max_level
      ? [
          `${proposer} may act at level ${actor.max_level} at most: the gate denies level ${manifest.level} without an escalation grant`,
        ]
      : [];
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
