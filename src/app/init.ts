/**
 * The init use case (DESIGN §4, §5): scaffold a governed repository (starter policies, founding actors,
 * workflow), adopt an existing one, or write the worked example. A starter policy nobody could ever change is
 * refused before anything is written.
 */
import { resolve } from 'node:path';
import { usageError } from '../core/errors.js';
import {
  checkDistinct,
  classifyKey,
  parseFounderSpec,
  unfillableRoles,
  type Founder,
} from '../init/founders.js';
import { exampleScaffold, starterScaffold, PLACEHOLDER_ACTION_REF, type Scaffold } from '../init/scaffold.js';
import { POLICY_CHANGE_ROLES } from '../init/starter.js';
import type { InitResult } from '../init/write.js';
import type { WorkTree } from './ports.js';

export interface InitRequest {
  /** The folder to initialise, absolute. */
  dir: string;
  example?: 'park';
  adopt: boolean;
  /** `--actor ID:ROLES:KEYFILE` specs; key files relative to `cwd`. */
  actorSpecs: string[];
  cwd: string;
  admin?: string;
  origin?: string;
  actionRef?: string;
  now: Date;
}

export interface InitPorts {
  /** Reads the founders' key files. */
  workTree: Pick<WorkTree, 'readBytes'>;
  /** Writes the scaffold and starts the ledger (src/init/write.ts). */
  writeScaffold(
    dir: string,
    scaffold: Scaffold,
    now: Date,
    actor: string,
    options: { adopt: boolean },
  ): Promise<InitResult>;
}

export interface InitOutcome {
  result: InitResult;
  founders: Founder[];
  admin: string;
  /** No founders were given: the generated admin is the only actor. */
  lone: boolean;
}

async function readFounders(request: InitRequest, ports: InitPorts): Promise<Founder[]> {
  const specs = request.actorSpecs.map(parseFounderSpec);
  checkDistinct(specs);
  const founders: Founder[] = [];
  for (const spec of specs) {
    let keyText: string;
    try {
      keyText = Buffer.from(await ports.workTree.readBytes(resolve(request.cwd, spec.keyFile))).toString(
        'utf8',
      );
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

export async function init(request: InitRequest, ports: InitPorts): Promise<InitOutcome> {
  const founders = await readFounders(request, ports);
  if (founders.length && request.admin !== undefined)
    throw usageError(
      `--admin names the single generated admin; with --actor, name every founder there instead`,
    );
  const admin = request.admin ?? 'admin';
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(admin))
    throw usageError(`--admin must be an actor id like "alice", found "${admin}"`);
  const scaffold =
    request.example === 'park'
      ? exampleScaffold()
      : starterScaffold({
          origin: request.origin ?? 'gatehouse.local/ledger',
          adminId: admin,
          actionRef: request.actionRef ?? PLACEHOLDER_ACTION_REF,
          founders,
          adopt: request.adopt,
        });
  const result = await ports.writeScaffold(request.dir, scaffold, request.now, 'gatehouse', {
    adopt: request.adopt,
  });
  return { result, founders, admin, lone: request.example !== 'park' && founders.length === 0 };
}
