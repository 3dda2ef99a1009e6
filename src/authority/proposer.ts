/**
 * The proposer checks of the authority level (DESIGN §3; seed 000 Part 1): the proposer may act at the level
 * (max_level or an unexpired escalation grant), and signed the manifest (or is bound to the PR author where
 * policy accepts it); at levels 3–4 the proposer's own signed approval attests the digest.
 */
import type { Actor, AuthorityPolicy, Level } from '../core/documents.js';
import type { GateInputs } from '../core/gate-inputs.js';
import { leaf, type ResultNode, type SourceRef } from '../core/result.js';
import { parseTs } from '../core/timestamps.js';
import { src } from './where.js';

export function proposerNode(
  inputs: GateInputs,
  proposer: Actor,
  level: Level,
  source: SourceRef | undefined,
): ResultNode {
  const id = 'authority/proposer';
  if (level <= proposer.max_level)
    return leaf(id, 'pass', `${proposer.id} may act up to level ${proposer.max_level}`, {
      numbers: { level, max_level: proposer.max_level },
      ...src(source),
    });
  const now = inputs.now.getTime();
  const grants = inputs.escalations.filter((g) => g.actor === proposer.id && g.level >= level);
  const live = grants.find((g) => (parseTs(g.expires_at) ?? -Infinity) > now);
  if (live)
    return leaf(
      id,
      'pass',
      `${proposer.id} may act at level ${level} under escalation grant seq ${live.seq} until ${live.expires_at} (max_level ${proposer.max_level})`,
      { numbers: { level, max_level: proposer.max_level, grant: live.seq }, ...src(source) },
    );
  const expired = grants.sort((a, b) => b.seq - a.seq)[0];
  const why = expired ? `; escalation grant seq ${expired.seq} expired at ${expired.expires_at}` : '';
  return leaf(id, 'fail', `${proposer.id} may act up to level ${proposer.max_level}, not ${level}${why}`, {
    numbers: { level, max_level: proposer.max_level },
    fix: `act at level ${proposer.max_level} or lower, or get an escalation grant (gatehouse escalate) first`,
    ...src(source),
  });
}

/** How the proposer of a manifest may be bound to it (authority.yaml `proposers.accept`, default signed). */
function proposerSources(policy: AuthorityPolicy): readonly string[] {
  return policy.proposers?.accept ?? ['signed'];
}

/**
 * DESIGN §2.4: every manifest is signed by its proposer with a key of the base actors policy (any kind of
 * change: escalations, kill-switch flips and rollbacks too), or, where policy accepts `github`, a human
 * proposer's manifest may be bound to the pull request's author by numeric GitHub id (logins can be renamed
 * and reused). Without either, anyone could name anyone as proposer.
 */
export function signatureNode(inputs: GateInputs, proposer: Actor): ResultNode {
  const id = 'authority/signature';
  const manifest = inputs.manifest as NonNullable<GateInputs['manifest']>;
  const source: SourceRef = {
    file: manifest.file,
    ...(manifest.line !== undefined ? { line: manifest.line } : {}),
  };
  const sig = manifest.signature;
  const accept = proposerSources(inputs.policy.authority);
  const signFix = `gatehouse sign ${manifest.file} --ssh-key FILE | --gpg KEYID | --key FILE (a key of ${proposer.id})`;
  if (!sig) {
    const bound = githubBinding(inputs, proposer, accept);
    if (bound.ok) return attestation(inputs, proposer) ?? leaf(id, 'pass', bound.reason, { source });
    return leaf(id, 'fail', bound.reason, { fix: signFix, source });
  }
  if (!accept.includes('signed'))
    return leaf(id, 'fail', 'manifest signatures are not accepted (authority.yaml proposers.accept)', {
      fix: 'open the pull request as the proposer on GitHub, or add signed to proposers.accept (a policy change)',
      source,
    });
  if (!sig.ok)
    return leaf(id, 'fail', `manifest signature does not verify: ${sig.reason}`, {
      fix: `re-sign: ${signFix}`,
      source,
    });
  if (sig.actor !== proposer.id)
    return leaf(id, 'fail', `manifest signed by ${sig.actor}, not by its proposer ${proposer.id}`, {
      fix: `${proposer.id} must sign it: ${signFix}`,
      source,
    });
  const attested = attestation(inputs, proposer);
  if (attested) return attested;
  return leaf(id, 'pass', `manifest signed by ${proposer.id} (${sig.keyType} ${sig.fingerprint})`, {
    source,
  });
}

/**
 * At levels 3 and 4 no approver binds the change digest, and the manifest signature covers the manifest only:
 * a copy of an agent's signed manifest on other ops would pass as the agent's. So the proposer also signs the
 * digest, as an approval of their own change (changes/<ID>/approvals/<proposer>.yaml): it counts for no quorum
 * rule, it only binds what the proposer acts on. Undefined when the level needs none or it holds.
 */
function attestation(inputs: GateInputs, proposer: Actor): ResultNode | undefined {
  const manifest = inputs.manifest as NonNullable<GateInputs['manifest']>;
  if (manifest.value.level < 3 || inputs.ops.length === 0) return undefined;
  const own = inputs.approvals.filter((a) => a.source === 'signed' && a.actor === proposer.id);
  const good = own.find(
    (a) =>
      a.decision === 'approve' &&
      a.digest === inputs.digest &&
      a.signature?.ok === true &&
      a.signature.actor === proposer.id,
  );
  if (good) return undefined;
  const file = `${manifest.file.replace(/change\.ya?ml$/, '')}approvals/${proposer.id}.yaml`;
  const stale = own.find((a) => a.digest !== inputs.digest);
  const why = stale
    ? `${file} binds another digest (${stale.digest.slice(0, 19)}…): the change moved since ${proposer.id} signed it`
    : own.length > 0
      ? `${file} does not verify as ${proposer.id}'s approval of this digest`
      : `no ${file}: at level ${manifest.value.level} nobody else approves, so ${proposer.id} must sign the change digest`;
  return leaf('authority/signature', 'fail', why, {
    fix: `gatehouse approve ${manifest.value.id} --base BASE --ssh-key FILE | --gpg KEYID | --key FILE (as ${proposer.id}), then commit the approval`,
    source: { file: manifest.file, ...(manifest.line !== undefined ? { line: manifest.line } : {}) },
  });
}

/** An unsigned manifest: bound to the PR author on GitHub, or why not. */
function githubBinding(
  inputs: GateInputs,
  proposer: Actor,
  accept: readonly string[],
): { ok: boolean; reason: string } {
  const unsigned = `manifest unsigned: ${proposer.id} must sign it with a key of the base actors policy`;
  if (!accept.includes('github')) return { ok: false, reason: unsigned };
  if (proposer.kind !== 'human')
    return {
      ok: false,
      reason: `${unsigned} (a${proposer.kind === 'agent' ? 'n' : ''} ${proposer.kind} always signs)`,
    };
  const gh = proposer.github;
  if (!gh)
    return { ok: false, reason: `${unsigned} (${proposer.id} has no github identity in the base policy)` };
  const author = inputs.githubAuthor;
  if (!author) return { ok: false, reason: `${unsigned} (no pull request author was given to bind it to)` };
  const pr = author.pr !== undefined ? `, PR #${author.pr}` : '';
  if (author.id !== gh.id)
    return {
      ok: false,
      reason: `${unsigned}: the pull request author is ${author.login} (id ${author.id}), not ${gh.login} (id ${gh.id})`,
    };
  return {
    ok: true,
    reason: `manifest bound to ${proposer.id} through the pull request author on GitHub (${author.login}, id ${author.id}${pr})`,
  };
}
