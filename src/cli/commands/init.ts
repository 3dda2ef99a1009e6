import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { usageError } from '../../core/errors.js';
import {
  checkDistinct,
  classifyKey,
  parseFounderSpec,
  unfillableRoles,
  type Founder,
} from '../../init/founders.js';
import {
  exampleScaffold,
  starterScaffold,
  CHECKPOINT_SECRET,
  PLACEHOLDER_ACTION_REF,
} from '../../init/scaffold.js';
import { POLICY_CHANGE_ROLES } from '../../init/starter.js';
import { writeScaffold } from '../../init/write.js';
import { optionalString } from '../args.js';
import type { CliContext, Command, ParsedArgs } from '../command.js';

const USAGE =
  'gatehouse init [DIR] [--actor ID:ROLES:KEYFILE]... [--adopt] [--example park] [--origin NAME] [--admin ID] [--action-ref REF]';

async function readFounders(ctx: CliContext, args: ParsedArgs): Promise<Founder[]> {
  const raw = args.values.actor;
  const specs = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []).map(parseFounderSpec);
  checkDistinct(specs);
  const founders: Founder[] = [];
  for (const spec of specs) {
    const path = resolve(process.cwd(), spec.keyFile);
    let keyText: string;
    try {
      keyText = await readFile(path, 'utf8');
    } catch (e) {
      throw usageError(`--actor ${spec.id}: cannot read key file ${spec.keyFile}: ${(e as Error).message}`);
    }
    founders.push({ ...spec, keyType: classifyKey(keyText, spec.keyFile), keyText, keySource: spec.keyFile });
  }
  if (founders.length) {
    // A starter policy nobody could ever change is refused (the first commit would lock it).
    const missing = unfillableRoles(POLICY_CHANGE_ROLES, founders);
    if (missing.length)
      throw usageError(
        `the founding actors cannot fill the policy-change rule: it needs ${POLICY_CHANGE_ROLES.join(' and ')} from different people, and no other founder holds ${missing.join(', ')}; give another --actor with ${missing.length === 1 ? 'that role' : 'those roles'} (e.g. --actor bob:${missing.join(',')}:bob.pub), or nobody could ever change this policy`,
      );
  }
  return founders;
}

export const initCommand: Command = {
  name: 'init',
  summary:
    'scaffold a governed repo (starter policies, founding actors, workflow), adopt one, or the example',
  usage: USAGE,
  options: {
    example: { type: 'string' },
    origin: { type: 'string' },
    admin: { type: 'string' },
    'action-ref': { type: 'string' },
    actor: { type: 'string', multiple: true },
    adopt: { type: 'boolean' },
  },
  async run(ctx, args) {
    const example = optionalString(args, 'example');
    if (example !== undefined && example !== 'park')
      throw usageError(`unknown example "${example}" (available: park)\nusage: ${USAGE}`);
    if (args.positionals.length > 1) throw usageError(`init takes at most one directory\nusage: ${USAGE}`);
    const adopt = args.values.adopt === true;
    if (example === 'park' && (adopt || args.values.actor !== undefined))
      throw usageError(`--example park takes neither --adopt nor --actor\nusage: ${USAGE}`);
    const founders = await readFounders(ctx, args);
    if (founders.length && optionalString(args, 'admin') !== undefined)
      throw usageError(
        `--admin names the single generated admin; with --actor, name every founder there instead`,
      );
    const dir = resolve(ctx.repo, args.positionals[0] ?? '.');
    const admin = optionalString(args, 'admin') ?? 'admin';
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(admin))
      throw usageError(`--admin must be an actor id like "alice", found "${admin}"`);
    const scaffold =
      example === 'park'
        ? exampleScaffold()
        : starterScaffold({
            origin: optionalString(args, 'origin') ?? 'gatehouse.local/ledger',
            adminId: admin,
            actionRef: optionalString(args, 'action-ref') ?? PLACEHOLDER_ACTION_REF,
            founders,
            adopt,
          });
    const result = await writeScaffold(dir, scaffold, ctx.now, 'gatehouse', { adopt });
    const lone = example !== 'park' && founders.length === 0;
    // Without founders, the lone admin cannot meet the two-person policy-change rule: the bootstrap lets
    // them make the first policy change alone, once.
    if (lone)
      ctx.stderr(
        `warning: ${admin} is the only actor. Add the other approvers to policies/actors.yaml before the first commit, or right after it as the first policy change, which ${admin} alone may approve once (quorum.yaml bootstrap); after that a policy change needs ${POLICY_CHANGE_ROLES.join(' and ')} from two different people (or run init again with --actor ID:ROLES:KEYFILE for each founder)`,
      );
    if (ctx.json) {
      ctx.stdout(JSON.stringify({ ...result, founders: lone ? [admin] : founders.map((f) => f.id) }));
      return 0;
    }
    const what =
      example === 'park' ? 'the worked example' : adopt ? 'the existing repository' : 'a governed repository';
    ctx.stdout(`initialised ${what} in ${dir}`);
    ctx.stdout(
      `  ${result.written.length} files written${result.appended.length ? ` (appended to ${result.appended.join(', ')})` : ''}; ledger started: ${result.ledgerSize} entry (genesis, ${result.resources} resources), head ${result.head}`,
    );
    if (example !== 'park')
      ctx.stdout(
        `  founding actors: ${lone ? `${admin} (generated key, every role)` : founders.map((f) => `${f.id} (${f.roles.join(', ')})`).join(', ')}`,
      );
    ctx.stdout(`  secrets (git-ignored, mode 0600): ${result.secrets.join(', ')}`);
    ctx.stdout(
      `  store ${CHECKPOINT_SECRET} as the CI secret GATEHOUSE_CHECKPOINT_KEY, then delete it from disk`,
    );
    if (example !== 'park')
      ctx.stdout(
        '  the workflow to copy is .github/workflows/gatehouse.yml (set its `uses:` to your copy of the Action)',
      );
    return 0;
  },
};
