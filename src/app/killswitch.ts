/**
 * The kill-switch use case (seed 001 §7; DESIGN §5): a kind-killswitch change manifest that activates or
 * deactivates a switch of policies/kill-switches.yaml. The gate judges it by the switch's `flippers` quorum;
 * `record` appends killswitch.activated / .deactivated. The manifest acts at level 0 unless asked otherwise.
 */
import { badInput } from '../core/errors.js';
import type { KillSwitchPolicy, Level } from '../core/documents.js';
import { loadDocument } from '../formats/validate.js';
import { keyringFromTree } from '../repo/policy-keyring.js';
import { joinPath } from '../repo/layout.js';
import { writeManifest, type ManifestPorts, type WrittenManifest } from './write-manifest.js';

export interface KillswitchRequest {
  action: 'activate' | 'deactivate';
  switchId: string;
  id: string;
  level: Level;
  proposer?: string;
  title?: string;
  justification?: string;
  now: Date;
  usage: string;
}

export type KillswitchResult = WrittenManifest;

export async function killswitch(
  request: KillswitchRequest,
  ports: ManifestPorts,
): Promise<KillswitchResult> {
  const { action, switchId: sw, justification, proposer } = request;
  const policy = await keyringFromTree(ports.workTree);
  const file = joinPath(policy.layout.paths.policies, 'kill-switches.yaml');
  const bytes = await ports.workTree.read(file);
  const defs: KillSwitchPolicy = bytes ? loadDocument('kill-switches', bytes, file).value : { switches: [] };
  if (!defs.switches.some((s) => s.id === sw))
    throw badInput([
      {
        file,
        message: `no kill switch "${sw}" (switches: ${defs.switches.map((s) => s.id).join(', ') || 'none'})`,
      },
    ]);
  return writeManifest(
    {
      id: request.id,
      fields: {
        kind: 'killswitch',
        title: request.title ?? `${action === 'activate' ? 'Activate' : 'Deactivate'} kill switch ${sw}`,
        level: request.level,
        ...(justification !== undefined ? { justification } : {}),
        killswitch: { id: sw, action },
      },
      ...(proposer !== undefined ? { proposer } : {}),
    },
    policy,
    request.now,
    request.usage,
    ports,
  );
}
