/**
 * `gatehouse override new|sign|status|postmortem` (DESIGN §2.6, seed 002): emergency overrides that let
 * one named change bypass named gate checks for a limited time, under a signature quorum of distinct
 * roles, with a mandatory post-mortem. Status is derived from the files and the clock (`--now`).
 */
import { stringify } from 'yaml';
import { badInput, conflict, notFound, usageError, type GatehouseError } from '../../core/errors.js';
import { parseDuration } from '../../core/duration.js';
import type { IncidentFrontMatter, OverrideRequest, Severity } from '../../core/documents.js';
import { loadDocument } from '../../formats/validate.js';
import { signerFromArgs, SIGNER_OPTIONS } from '../signer-flags.js';
import { keyringFromTree } from '../../repo/policy-keyring.js';
import { actorsForIdentity, signDocument } from '../../signers/signers.js';
import { verifyDocument } from '../../identity/verify.js';
import { loadIncidents } from '../../incidents/load.js';
import { incidentIdAt, parseIncident } from '../../incidents/record.js';
import { newIncidentText } from '../../incidents/template.js';
import { readChangeCore } from '../../assembly/change-read.js';
import { overrideBindingDigest } from '../../overrides/binding.js';
import { deriveStatus, overrideDigest, type OverrideView } from '../../overrides/lifecycle.js';
import { loadOverrides } from '../../overrides/load.js';
import { FsTree } from '../../repo/fs-tree.js';
import { joinPath, loadLayout, type RepoLayout } from '../../repo/layout.js';
import { optionalString, parseIsoFlag, requireString } from '../args.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';
import { warnUncommitted } from '../worktree-warnings.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GitTree } from '../../git/tree.js';
import { resolveRef } from '../../git/refs.js';
import type { TreeReader } from '../../core/tree.js';
import { readTextRel, writeFileRel, writeNewFile } from './incident.js';
import { committedAtHead, postmortemAmendment } from './incident-amend.js';

const USAGE = [
  'gatehouse override new --change CHG-… (--base REF [--head REF] | --digest D) --checks blast-radius[,…] --impact critical|high|medium|low --reason TEXT --expires (ISO|DURATION) --requested-by ID [--post-mortem-due (ISO|DURATION after expiry)] [--id OVR-…]',
  'gatehouse override sign OVR-… (--key FILE | --gpg KEYID | --ssh-key FILE) --role R [--actor ID] [--reject]',
  'gatehouse override status [OVR-…] [--ref REF]',
  'gatehouse override postmortem OVR-… --incident INC-…',
].join('\n       ');

const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * DESIGN §2.6: the change digest the override binds (src/overrides/binding.ts), computed from git with
 * --base/--head (the change digest without the override's own folder), or given with --digest.
 */
async function changeDigestFlag(
  ctx: CliContext,
  args: ParsedArgs,
  change: string,
  overridesDir: string,
  id: string,
  usage: string,
): Promise<string> {
  const given = optionalString(args, 'digest');
  const base = optionalString(args, 'base');
  if ((given === undefined) === (base === undefined))
    throw usageError(
      `give --base REF [--head REF] (or --digest D): the override is bound to the digest of ${change}\nusage: ${usage}`,
    );
  if (given !== undefined) {
    if (!DIGEST.test(given))
      throw usageError(`--digest must look like sha256:<64 hex digits>, found "${given}"`);
    return given;
  }
  const head = optionalString(args, 'head') ?? 'HEAD';
  const core = await readChangeCore(ctx.repo, base!, head);
  if (core.changeId !== change || !core.manifest)
    throw usageError(
      `${base}..${head} is not change ${change}` +
        (core.changeId ? ` (it is ${core.changeId})` : `: ${core.manifestProblem ?? 'no manifest'}`),
    );
  return overrideBindingDigest(
    { manifest: core.manifest, ops: core.ops, files: core.files },
    overridesDir,
    id,
  );
}

/** An ISO time, or a duration counted from `from`. */
function timeFlag(name: string, v: string, from: Date): Date {
  if (/^\d{4}-/.test(v)) return parseIsoFlag(name, v);
  try {
    return new Date(from.getTime() + parseDuration(v));
  } catch {
    throw usageError(`--${name} expects an ISO-8601 time or a duration like 2h; found "${v}"`);
  }
}

function readRequestFile(layout: RepoLayout, id: string): string {
  return joinPath(layout.paths.overrides, `${id}/override.yaml`);
}

async function readRequest(
  repo: string,
  layout: RepoLayout,
  id: string,
): Promise<{ file: string; request: OverrideRequest }> {
  const file = joinPath(layout.paths.overrides, `${id}/override.yaml`);
  const text = await readTextRel(repo, file);
  if (text === undefined) throw notFound(`${file} does not exist: there is no override ${id}`, file);
  return { file, request: loadDocument('override', text, file).value };
}

async function runNew(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const usage = USAGE.split('\n')[0]!;
  const layout = await loadLayout(new FsTree(ctx.repo));
  const impact = requireString(args, 'impact', usage);
  if (!['critical', 'high', 'medium', 'low'].includes(impact))
    throw usageError(`--impact must be critical, high, medium or low; found "${impact}"`);
  const expires = timeFlag('expires', requireString(args, 'expires', usage), ctx.now);
  const dueFlag = optionalString(args, 'post-mortem-due');
  // seed 000 Part 5 step 6: post-incident review within 24 hours.
  const due =
    dueFlag !== undefined
      ? timeFlag('post-mortem-due', dueFlag, expires)
      : new Date(expires.getTime() + 86_400_000);
  const id = optionalString(args, 'id') ?? `OVR-${incidentIdAt(ctx.now).slice(4)}`;
  const change = requireString(args, 'change', usage);
  const file = joinPath(layout.paths.overrides, `${id}/override.yaml`);
  const changeDigest = await changeDigestFlag(ctx, args, change, layout.paths.overrides, id, usage);
  const request: OverrideRequest = {
    id,
    change,
    checks: requireString(args, 'checks', usage)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    reason: requireString(args, 'reason', usage),
    impact: impact as Severity,
    requested_by: requireString(args, 'requested-by', usage),
    requested_at: iso(ctx.now),
    expires_at: iso(expires),
    post_mortem_due: iso(due),
    change_digest: changeDigest,
  };
  const text = stringify(request, { lineWidth: 0 });
  loadDocument('override', text, file); // every problem, with the file, before anything is written
  // seed 002 F: a high or critical impact override opens an incident.
  let incident: { file: string; text: string } | undefined;
  if (impact === 'high' || impact === 'critical') {
    const incId = incidentIdAt(ctx.now);
    const front: IncidentFrontMatter = {
      id: incId,
      type: 'governance exception (emergency override)',
      severity: impact,
      started_at: iso(ctx.now),
      detected_at: iso(ctx.now),
      resolved_at: null,
      operator: request.requested_by,
      documented_at: iso(ctx.now),
    };
    const incFile = joinPath(layout.paths.incidents, `${incId}.md`);
    const description = `Emergency override ${id} requested by ${request.requested_by} for ${request.change}, bypassing ${request.checks.join(', ')} until ${request.expires_at}.\n\nReason: ${request.reason}`;
    incident = { file: incFile, text: newIncidentText(front, incFile, { Description: description }).text };
    if ((await readTextRel(ctx.repo, incFile)) !== undefined)
      throw conflict(`${incFile} already exists: run again a second later or pass --now`);
  }
  await writeNewFile(ctx.repo, file, text);
  if (incident) await writeNewFile(ctx.repo, incident.file, incident.text);
  if (ctx.json) ctx.stdout(JSON.stringify({ id, file, ...(incident ? { incident: incident.file } : {}) }));
  else
    ctx.stdout(
      [
        `wrote ${file}`,
        ...(incident ? [`wrote ${incident.file} (${impact} impact opens an incident)`] : []),
        `next: signers run \`gatehouse override sign ${id} --role <role> --ssh-key …\``,
      ].join('\n'),
    );
  return 0;
}

async function runSign(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const usage = USAGE.split('\n')[1]!.trim();
  const id = args.positionals[1];
  if (!id) throw usageError(`give the override id\nusage: ${usage}`);
  const role = requireString(args, 'role', usage);
  const tree = new FsTree(ctx.repo);
  const { layout, actors, actorsFile, keyring } = await keyringFromTree(tree);
  const { request } = await readRequest(ctx.repo, layout, id);
  const signer = await signerFromArgs(args, ctx, usage);
  const identity = await signer.identity();
  const owners = actorsForIdentity(identity, keyring);
  let actor = optionalString(args, 'actor');
  if (actor === undefined) {
    if (owners.length !== 1)
      throw owners.length === 0
        ? badInput([
            {
              file: actorsFile,
              message: `the key of ${signer.label} belongs to no actor; list it under an actor's keys, or pass --actor`,
            },
          ])
        : usageError(`the key is listed for ${owners.join(', ')}; pass --actor`);
    actor = owners[0]!;
  }
  const entry = actors.actors.find((a) => a.id === actor);
  if (!entry) throw badInput([{ file: actorsFile, message: `no actor "${actor}"` }]);
  if (!entry.roles.includes(role))
    throw usageError(`${actor} does not hold role "${role}" (roles: ${entry.roles.join(', ') || 'none'})`);
  const doc = {
    override: id,
    actor,
    role,
    decision: args.values.reject === true ? ('reject' as const) : ('approve' as const),
    ts: iso(ctx.now),
    digest: overrideDigest(request),
  };
  const signed = await signDocument(doc, signer);
  const check = await verifyDocument(signed, keyring, { actor, at: ctx.now });
  if (!check.ok)
    throw usageError(
      `the signature would not verify for ${actor}: ${check.code}: ${check.reason}; nothing written`,
    );
  const file = joinPath(layout.paths.overrides, `${id}/signatures/${actor}.yaml`);
  const text = stringify(signed, { lineWidth: 0 });
  loadDocument('override-signature', text, file);
  await writeFileRel(ctx.repo, file, text);
  if (ctx.json) ctx.stdout(JSON.stringify({ file, actor, role, decision: doc.decision }));
  else ctx.stdout(`wrote ${file} (${actor} as ${role}: ${doc.decision})`);
  return 0;
}

async function views(
  ctx: CliContext,
  tree: TreeReader,
): Promise<{ views: OverrideView[]; layout: RepoLayout }> {
  const { layout, actors, keyring } = await keyringFromTree(tree);
  const quorumFile = joinPath(layout.paths.policies, 'quorum.yaml');
  const quorumBytes = await tree.read(quorumFile);
  if (quorumBytes === undefined) throw notFound(`${tree.label}${quorumFile} is missing`, quorumFile);
  const quorum = loadDocument('quorum', quorumBytes, quorumFile).value;
  const incidents = await loadIncidents(tree, layout);
  const { records, problems } = await loadOverrides(tree, layout, {
    actors,
    quorum,
    keyring,
    incidents: incidents.records,
    now: ctx.now,
  });
  if (problems.length > 0) throw badInput(problems);
  return { views: records.map((r) => deriveStatus(r, ctx.now)), layout };
}

function formatView(v: OverrideView): string {
  const lines = [
    `${v.id} ${v.status}: ${v.change} bypasses ${v.checks.join(', ')} (impact ${v.impact}) — ${v.reason}`,
  ];
  if (v.signers.length) lines.push(`  signed: ${v.signers.map((s) => `${s.actor} (${s.role})`).join(', ')}`);
  for (const i of v.ignored) lines.push(`  ${i.file}: not counted: ${i.why}`);
  return lines.join('\n');
}

/**
 * DESIGN §3: the gate reads overrides, their signatures, incidents and the policy from commits, so status reads
 * the committed tree at HEAD (or --ref REF) and says which; outside a git repository, the working tree.
 */
async function statusSource(
  ctx: CliContext,
  args: ParsedArgs,
): Promise<{ tree: TreeReader; source: { ref: string; commit: string } | { worktree: string } }> {
  const ref = optionalString(args, 'ref');
  if (ref === undefined && !existsSync(join(ctx.repo, '.git')))
    return { tree: new FsTree(ctx.repo), source: { worktree: ctx.repo } };
  const commit = await resolveRef(ctx.repo, ref ?? 'HEAD');
  return { tree: new GitTree(ctx.repo, commit), source: { ref: ref ?? 'HEAD', commit } };
}

async function runStatus(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const id = args.positionals[1];
  const { tree, source } = await statusSource(ctx, args);
  const { views: all, layout } = await views(ctx, tree);
  const shown = id === undefined ? all : all.filter((v) => v.id === id);
  if (id !== undefined && shown.length === 0)
    throw notFound(
      `no override ${id} in ${'commit' in source ? `${source.ref} (${source.commit.slice(0, 12)})` : 'the working tree'}`,
    );
  const read =
    'commit' in source
      ? `read at ${source.ref} (${source.commit.slice(0, 12)}), the committed tree the gate reads`
      : 'read from the working tree (not a git repository)';
  // What status derives from: the overrides, their incidents and the policy that counts their signatures.
  const { overrides, incidents, policies } = layout.paths;
  const warnings =
    'commit' in source
      ? warnUncommitted(ctx, [overrides, incidents, policies], `override status (${source.ref})`)
      : [];
  if (ctx.json) ctx.stdout(JSON.stringify({ now: iso(ctx.now), source, overrides: shown, warnings }));
  else
    ctx.stdout(
      [`overrides ${read}:`, shown.length ? shown.map(formatView).join('\n') : 'no overrides'].join('\n'),
    );
  return 0;
}

async function runPostmortem(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const usage = USAGE.split('\n')[3]!.trim();
  const id = args.positionals[1];
  if (!id) throw usageError(`give the override id\nusage: ${usage}`);
  const incidentId = requireString(args, 'incident', usage);
  const tree = new FsTree(ctx.repo);
  const layout = await loadLayout(tree);
  const { request } = await readRequest(ctx.repo, layout, id);
  const { records } = await loadIncidents(tree, layout);
  const existing = records.find((r) => r.front.overrides === id);
  if (existing) {
    // seed 002 E: idempotent post-mortem — a second one changes nothing and says so.
    const msg = `post-mortem for ${id} already recorded in ${existing.file}; nothing changed`;
    if (ctx.json)
      ctx.stdout(
        JSON.stringify({
          id,
          incident: existing.front.id,
          file: existing.file,
          changed: false,
          message: msg,
        }),
      );
    else ctx.stdout(msg);
    return 0;
  }
  const file = joinPath(layout.paths.incidents, `${incidentId}.md`);
  const text = await readTextRel(ctx.repo, file);
  // DESIGN §2.6: a post-mortem is written by an actor of the policy (its operator), or it does not count.
  const { actors, actorsFile } = await keyringFromTree(tree);
  const known = new Set(actors.actors.map((a) => a.id));
  const notActor = (operator: string, where: string, line?: number): GatehouseError =>
    badInput([
      {
        file: where,
        ...(line !== undefined ? { line } : {}),
        message: `operator ${operator} is not an actor of ${actorsFile}: a post-mortem must be written by an actor; nothing written`,
      },
    ]);
  let amendment: { id: string; file: string; commit: string } | undefined;
  if (text !== undefined) {
    const rec = parseIncident(text, file);
    if (rec.front.overrides !== undefined)
      throw conflict(`${file} is already the post-mortem of ${rec.front.overrides}`);
    if (!known.has(rec.front.operator))
      throw notActor(rec.front.operator, file, rec.locate('/operator')?.line);
    // DESIGN §2.5: a committed record is immutable, so the post-mortem is a new record amending it.
    const committed = await committedAtHead(ctx.repo, file);
    if (committed) {
      const a = postmortemAmendment(layout, file, committed, {
        override: id,
        now: ctx.now,
        documentedAt: iso(ctx.now),
      });
      await writeNewFile(ctx.repo, a.file, a.text);
      amendment = { id: a.id, file: a.file, commit: committed.commit };
    } else {
      // Front matter edit: add `overrides: ID` after the last field.
      const close = text.indexOf('\n---', 3);
      const out = `${text.slice(0, close)}\noverrides: ${id}${text.slice(close)}`;
      parseIncident(out, file); // still a valid record, or nothing is written
      await writeFileRel(ctx.repo, file, out);
    }
  } else {
    if (!known.has(request.requested_by)) throw notActor(request.requested_by, readRequestFile(layout, id));
    const front: IncidentFrontMatter = {
      id: incidentId,
      type: 'post-mortem of an emergency override',
      severity: request.impact,
      started_at: request.requested_at,
      detected_at: request.requested_at,
      resolved_at: null,
      operator: request.requested_by,
      documented_at: iso(ctx.now),
      overrides: id,
    };
    const { text: out } = newIncidentText(front, file, {
      Description: `Post-mortem of emergency override ${id} (${request.change} bypassing ${request.checks.join(', ')}).`,
    });
    await writeNewFile(ctx.repo, file, out);
  }
  if (amendment) {
    if (ctx.json)
      ctx.stdout(
        JSON.stringify({
          id,
          incident: incidentId,
          file: amendment.file,
          record: amendment.id,
          amends: incidentId,
          changed: true,
        }),
      );
    else
      ctx.stdout(
        `${file} is committed (HEAD ${amendment.commit.slice(0, 12)}) and records are immutable once committed, so the post-mortem is a new record: wrote ${amendment.file} (amends: ${incidentId}, overrides: ${id}); ${file} is unchanged`,
      );
  } else if (ctx.json) ctx.stdout(JSON.stringify({ id, incident: incidentId, file, changed: true }));
  else ctx.stdout(`${file} is now the post-mortem of ${id}`);
  return 0;
}

export const overrideCommand: Command = {
  name: 'override',
  summary: 'emergency overrides: new, sign, status, postmortem',
  usage: USAGE,
  options: {
    ...SIGNER_OPTIONS,
    change: { type: 'string' },
    base: { type: 'string' },
    head: { type: 'string' },
    digest: { type: 'string' },
    checks: { type: 'string' },
    impact: { type: 'string' },
    reason: { type: 'string' },
    expires: { type: 'string' },
    'post-mortem-due': { type: 'string' },
    'requested-by': { type: 'string' },
    id: { type: 'string' },
    role: { type: 'string' },
    actor: { type: 'string' },
    reject: { type: 'boolean', default: false },
    incident: { type: 'string' },
    ref: { type: 'string' },
  },
  async run(ctx, args) {
    const sub = args.positionals[0];
    if (sub === 'new') return runNew(ctx, args);
    if (sub === 'sign') return runSign(ctx, args);
    if (sub === 'status') return runStatus(ctx, args);
    if (sub === 'postmortem') return runPostmortem(ctx, args);
    throw usageError(`override needs a subcommand: new, sign, status or postmortem\nusage: ${USAGE}`);
  },
};
