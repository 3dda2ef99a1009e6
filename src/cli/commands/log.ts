/**
 * `gatehouse log [--type T] [--actor A]` (DESIGN §5): the timeline, one line per entry —
 * seq, ts, type, actor, level, subject, and the git commit that added the entry (first-parent history of
 * HEAD) with the pull request it records, when there is one.
 */
import { badInput, isGatehouseError, usageError } from '../../core/errors.js';
import { ledgerLineOrigins, type LineOrigin } from '../../assembly/ledger-history.js';
import { ENTRY_TYPES, type LedgerEntry } from '../../core/ledger-entry.js';
import { readLedgerLines } from '../../store/ledger-files.js';
import { FsTree } from '../../repo/fs-tree.js';
import { loadLayout } from '../../repo/layout.js';
import { optionalString } from '../args.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';

const USAGE = 'gatehouse log [--type T] [--actor A] [--repo DIR] [--json]';

function subjectText(s: LedgerEntry['subject']): string {
  if (!s) return '';
  return Object.entries(s)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

export const logCommand: Command = {
  name: 'log',
  summary: 'the ledger timeline, one line per entry (filter with --type, --actor)',
  usage: USAGE,
  options: { type: { type: 'string' }, actor: { type: 'string' } },
  async run(ctx: CliContext, args: ParsedArgs): Promise<number> {
    const type = optionalString(args, 'type');
    const actor = optionalString(args, 'actor');
    if (type !== undefined && !(ENTRY_TYPES as readonly string[]).includes(type))
      throw usageError(`--type must be one of ${ENTRY_TYPES.join(', ')}; found "${type}"`);
    const layout = await loadLayout(new FsTree(ctx.repo));
    const { lines, origin } = await readLedgerLines(ctx.repo, layout);
    const added = await addedBy(ctx.repo, layout.paths.ledger);
    const rows: (Pick<LedgerEntry, 'seq' | 'ts' | 'type' | 'actor' | 'level' | 'subject'> & {
      added_in?: LineOrigin;
    })[] = [];
    lines.forEach((line, i) => {
      let e: LedgerEntry;
      try {
        e = JSON.parse(line) as LedgerEntry;
      } catch {
        const o = origin(i);
        throw badInput([
          { file: o.file, line: o.line, message: `entry ${i} is not JSON; run \`gatehouse verify\`` },
        ]);
      }
      if (type !== undefined && e.type !== type) return;
      if (actor !== undefined && e.actor !== actor) return;
      rows.push({
        seq: e.seq,
        ts: e.ts,
        type: e.type,
        actor: e.actor,
        ...(e.level !== undefined ? { level: e.level } : {}),
        ...(e.subject !== undefined ? { subject: e.subject } : {}),
        ...(added?.has(e.seq) ? { added_in: added.get(e.seq)! } : {}),
      });
    });
    if (ctx.json) {
      ctx.stdout(JSON.stringify({ entries: rows }));
      return 0;
    }
    const width = String(lines.length).length;
    const typeWidth = Math.max(0, ...rows.map((r) => r.type.length));
    const actorWidth = Math.max(0, ...rows.map((r) => r.actor.length));
    const text = rows.map((r) =>
      [
        String(r.seq).padStart(width),
        r.ts,
        r.type.padEnd(typeWidth),
        r.actor.padEnd(actorWidth),
        r.level !== undefined ? `L${r.level}` : '- ',
        subjectText(r.subject),
        addedText(r.added_in, added !== undefined),
      ]
        .join('  ')
        .trimEnd(),
    );
    text.push(`${rows.length} of ${lines.length} entries`);
    ctx.stdout(text.join('\n'));
    return 0;
  },
};

/** Which commit added each entry, or undefined when the repository is not a git repository. */
async function addedBy(repo: string, ledgerDir: string): Promise<Map<number, LineOrigin> | undefined> {
  try {
    return await ledgerLineOrigins(repo, 'HEAD', ledgerDir);
  } catch (e) {
    if (isGatehouseError(e)) return undefined; // no git history to read: the timeline stands alone
    throw e;
  }
}

function addedText(o: LineOrigin | undefined, git: boolean): string {
  if (!git) return '';
  return o ? `added in ${o.commit.slice(0, 12)}` : 'not committed yet';
}
