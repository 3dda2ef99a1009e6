/**
 * The escalation use case (DESIGN §3, §5): a kind-escalation change manifest granting an actor a higher level
 * for a while. The gate requires authority.escalation.approvers; `record` appends `escalation.granted` with its
 * expiry. The manifest itself acts at level 0 (it mutates no state), proposed by the given proposer, else the
 * signing key's actor, else the actor asking for the grant.
 */
import { badInput, usageError } from '../core/errors.js';
import type { Level } from '../core/documents.js';
import { keyringFromTree } from '../repo/policy-keyring.js';
import { writeManifest, type ManifestPorts, type WrittenManifest } from './write-manifest.js';

export interface EscalateRequest {
  actor: string;
  level: Level;
  id: string;
  ttl?: string;
  proposer?: string;
  title?: string;
  justification?: string;
  now: Date;
  /** The command's usage line, quoted by its usage errors. */
  usage: string;
}

export type EscalateResult = WrittenManifest;

export async function escalate(request: EscalateRequest, ports: ManifestPorts): Promise<EscalateResult> {
  const { actor, level, ttl, justification, proposer } = request;
  const policy = await keyringFromTree(ports.workTree);
  const grantee = policy.actors.actors.find((a) => a.id === actor);
  if (!grantee)
    throw badInput([
      {
        file: policy.actorsFile,
        message: `no actor "${actor}" to escalate (actors: ${policy.actors.actors.map((a) => a.id).join(', ')})`,
      },
    ]);
  if (level <= grantee.max_level)
    throw usageError(
      `${actor} may already act up to level ${grantee.max_level}: no escalation needed for level ${level}`,
    );
  return writeManifest(
    {
      id: request.id,
      fields: {
        kind: 'escalation',
        title: request.title ?? `Escalate ${actor} to level ${level}${ttl ? ` for ${ttl}` : ''}`,
        level: 0,
        ...(justification !== undefined ? { justification } : {}),
        escalation: { actor, level, ...(ttl !== undefined ? { ttl } : {}) },
      },
      ...(proposer !== undefined ? { proposer } : {}),
      fallbackProposer: actor,
    },
    policy,
    request.now,
    request.usage,
    ports,
  );
}
