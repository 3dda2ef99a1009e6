/**
 * `gatehouse witness add-checkpoint [--witness NAME]... [--timeout SECONDS]` (docs/witnesses.md): submit the
 * latest checkpoint to every witness of policies/witnesses.yaml that has a URL (C2SP tlog-witness), with the
 * consistency proof from the size each last cosigned, and store the cosignatures that verify in
 * `ledger/checkpoint` and the archived note. Exit 0 when the latest checkpoint then meets the quorum, 1 when it
 * does not (each witness's outcome is listed), 2 for bad input (no policy, a bad policy, no checkpoint).
 */
import { notFound, usageError } from '../../core/errors.js';
import { FsTree } from '../../repo/fs-tree.js';
import { loadLayout } from '../../repo/layout.js';
import { fetchPost, type HttpPost } from '../../witness/client.js';
import { loadWitnessPolicy, witnessPolicyPath } from '../../witness/policy.js';
import { addCheckpointToRepo, type AddToRepoResult } from '../../store/witness-notes.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';

const USAGE =
  'gatehouse witness add-checkpoint [--witness NAME]... [--timeout SECONDS] [--repo DIR] [--json]';
const DEFAULT_TIMEOUT_SECONDS = 10;

function timeoutMs(args: ParsedArgs): number {
  const raw = args.values.timeout;
  if (raw === undefined) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const s = Number(raw);
  if (typeof raw !== 'string' || !/^\d+(\.\d+)?$/.test(raw) || !(s > 0) || s > 600)
    throw usageError(
      `--timeout: expected seconds between 0 and 600, found "${String(raw)}"\nusage: ${USAGE}`,
    );
  return Math.round(s * 1000);
}

function lines(r: AddToRepoResult): string[] {
  const q = r.witnessed;
  return [
    ...r.outcomes.map((o) =>
      o.status === 'cosigned'
        ? `${o.witness}: cosigned size ${r.size} (proof from size ${o.oldSize}${o.attempts > 1 ? `, after ${o.attempts - 1} size correction` : ''})`
        : `${o.witness}: ${o.status.toUpperCase()}${o.httpStatus !== undefined ? ` (HTTP ${o.httpStatus})` : ''}: ${o.message}`,
    ),
    ...r.skipped.map((s) => `${s.witness}: skipped: ${s.reason}`),
    r.written ? `stored in ${r.file} and ${r.archived}` : `nothing new to store in ${r.file}`,
    `witness: ${q.cosigners.length} cosigner${q.cosigners.length === 1 ? '' : 's'} on ${r.file} (size ${r.size}): ${q.cosigners.map((c) => c.name).join(', ') || 'none'} — quorum ${q.quorum_met ? 'met' : 'NOT met'}`,
    ...(r.written
      ? [
          `commit them: git add ${r.file} ${r.archived} && git commit -m "ledger: witness cosignatures at ${r.size}"`,
        ]
      : []),
  ];
}

/** The HTTP port, replaceable by tests through the context's environment only at the boundary (fetch). */
export async function runAddCheckpoint(
  ctx: CliContext,
  args: ParsedArgs,
  post: HttpPost = fetchPost,
): Promise<number> {
  const ms = timeoutMs(args);
  const tree = new FsTree(ctx.repo);
  const layout = await loadLayout(tree);
  const policy = await loadWitnessPolicy(tree, layout);
  const file = witnessPolicyPath(layout);
  if (!policy)
    throw notFound(
      `no ${file}: list the witnesses, their keys and URLs, and the quorum first (docs/witnesses.md)`,
      file,
    );
  const only = args.values.witness as string[] | undefined;
  for (const name of only ?? [])
    if (!policy.witnesses.some((w) => w.name === name))
      throw usageError(
        `--witness ${name}: not a witness in ${file} (${policy.witnesses.map((w) => w.name).join(', ')})`,
      );
  if (!policy.witnesses.some((w) => w.url !== undefined && (!only || only.includes(w.name))))
    throw usageError(
      `no witness to ask: give the witnesses a url in ${file}, or choose one that has one with --witness`,
    );
  const r = await addCheckpointToRepo(ctx.repo, layout, policy, {
    post,
    timeoutMs: ms,
    ...(only ? { only } : {}),
  });
  if (ctx.json)
    ctx.stdout(
      JSON.stringify({
        ok: r.witnessed.quorum_met,
        file: r.file,
        archived: r.archived,
        size: r.size,
        written: r.written,
        quorum: policy.quorum,
        cosigners: r.witnessed.cosigners,
        outcomes: r.outcomes.map((o) =>
          o.status === 'cosigned' ? { ...o, lines: o.lines.map((l) => l.trimEnd()) } : o,
        ),
        skipped: r.skipped,
      }),
    );
  else ctx.stdout(lines(r).join('\n'));
  return r.witnessed.quorum_met ? 0 : 1;
}

export const witnessCommand: Command = {
  name: 'witness',
  summary:
    'collect witness cosignatures on the latest checkpoint (C2SP tlog-witness): witness add-checkpoint',
  usage: USAGE,
  options: {
    witness: { type: 'string', multiple: true },
    timeout: { type: 'string' },
  },
  async run(ctx, args) {
    const [sub, ...extra] = args.positionals;
    if (sub !== 'add-checkpoint' || extra.length > 0)
      throw usageError(
        `${sub === undefined ? 'witness needs a subcommand' : `witness: unknown subcommand "${[sub, ...extra].join(' ')}"`}: add-checkpoint\nusage: ${USAGE}`,
      );
    return runAddCheckpoint(ctx, args);
  },
};
