/**
 * Which approvals may count towards a requirement (DESIGN §3 Quorum): once per actor, only if signed
 * (or from GitHub where `accept` allows it), bound to the current change and digest, unexpired (a veto
 * never expires), by an actor of the base policy, not the proposer unless allow_self, never the grantee of
 * an escalation, humans only unless humans_only: false, and holding a role the rule asks for. Every approval
 * left out is reported with why.
 */
import type { Actor, ActorsPolicy, QuorumRequirement } from '../core/documents.js';
import { formatDuration, parseTs } from '../core/timestamps.js';
import type { ApprovalEvidence } from '../core/gate-inputs.js';

export interface QuorumContext {
  now: Date;
  actors: ActorsPolicy;
  /** The change (or override) id approvals must name. */
  change: string;
  digest: string;
  proposer?: string;
  /** The actor an escalation change grants a level to: never an approver of that change. */
  grantee?: string;
  /** Approval time-to-live (DESIGN §3: level 1 default 1h, level 2 default 2h); none when undefined. */
  ttlMs?: number;
}

export interface Screened {
  evidence: ApprovalEvidence;
  actor: Actor;
  /** Roles of the requirement this approval may fill. */
  roles: string[];
}

export interface Ignored {
  evidence: ApprovalEvidence;
  why: string;
}

export interface ScreenResult {
  /** One decisive approval or rejection per actor, in input order. */
  valid: Screened[];
  ignored: Ignored[];
}

export function actorIndex(actors: ActorsPolicy): Map<string, Actor> {
  const cached = indexCache.get(actors);
  if (cached) return cached;
  const map = new Map(actors.actors.map((a) => [a.id, a]));
  indexCache.set(actors, map);
  return map;
}
const indexCache = new WeakMap<ActorsPolicy, Map<string, Actor>>();

function shortDigest(d: string): string {
  return d.length > 19 ? `${d.slice(0, 19)}…` : d;
}

/** The roles of `req` an actor could fill, or undefined when the rule restricts roles and none fit. */
export function fillableRoles(req: QuorumRequirement, actor: Actor, claimed?: string): string[] | undefined {
  const held = claimed !== undefined ? [claimed] : actor.roles;
  const all = req.roles_all ?? [];
  const any = req.roles_any;
  const restricting = any ?? (all.length ? all : undefined);
  if (restricting && !held.some((r) => restricting.includes(r))) return undefined;
  return held.filter((r) => all.includes(r));
}

/** Static eligibility of an actor, before looking at any approval. */
export function actorEligibility(
  req: QuorumRequirement,
  actor: Actor,
  proposer?: string,
  grantee?: string,
): string | undefined {
  // seed 000 escalation: a grant is decided by others; allow_self does not reach it.
  if (actor.id === grantee)
    return 'is the grantee of this escalation (a grant is never approved by its grantee)';
  if (actor.id === proposer && !req.allow_self) return 'is the proposer (allow_self: false)';
  if ((req.humans_only ?? true) && actor.kind !== 'human') return `is not human (${actor.kind})`;
  return undefined;
}

export function screenApprovals(
  req: QuorumRequirement,
  approvals: readonly ApprovalEvidence[],
  ctx: QuorumContext,
): ScreenResult {
  const accept = req.accept ?? ['signed'];
  const actors = actorIndex(ctx.actors);
  const now = ctx.now.getTime();
  const ignored: Ignored[] = [];
  const candidates: (Screened & { ts: number; order: number; expired?: string })[] = [];

  approvals.forEach((ev, order) => {
    const skip = (why: string): void => void ignored.push({ evidence: ev, why });
    if (!accept.includes(ev.source))
      return skip(
        `${ev.source === 'github' ? 'GitHub review' : 'signed approval'} not accepted (accept: ${accept.join(', ')})`,
      );
    if (ev.change !== ctx.change) return skip(`names change ${ev.change}, not ${ctx.change}`);
    if (ev.digest !== ctx.digest)
      return skip(
        `stale digest ${shortDigest(ev.digest)} (current ${shortDigest(ctx.digest)}): re-approve after the last push`,
      );
    const actor = actors.get(ev.actor);
    if (!actor) return skip(`unknown actor ${ev.actor} (not in the base actors policy)`);
    if (ev.source === 'signed') {
      const sig = ev.signature;
      if (!sig) return skip('unsigned');
      if (!sig.ok) return skip(`bad signature: ${sig.reason}`);
      if (sig.actor !== ev.actor) return skip(`signed with a key of ${sig.actor}, not of ${ev.actor}`);
    }
    const ts = parseTs(ev.ts);
    if (ts === undefined) return skip(`timestamp ${JSON.stringify(ev.ts)} does not parse`);
    if (ts > now) return skip(`dated ${ev.ts}, after now`);
    const ineligible = actorEligibility(req, actor, ctx.proposer, ctx.grantee);
    if (ineligible) return skip(`${ev.actor} ${ineligible}`);
    if (ev.role !== undefined && !actor.roles.includes(ev.role))
      return skip(`claims role ${ev.role}, which ${ev.actor} does not hold`);
    const roles = fillableRoles(req, actor, ev.role);
    if (!roles) {
      const wanted = req.roles_any ?? req.roles_all ?? [];
      return skip(
        ev.role !== undefined
          ? `role ${ev.role} is not among ${wanted.join(', ')}`
          : `${ev.actor} holds none of the roles ${wanted.join(', ')}`,
      );
    }
    // An approval expires after the TTL; a veto does not: it stands for its digest until the same actor
    // decides again (docs/behaviours.md). An expired approval still supersedes that actor's earlier veto.
    const expired =
      ev.decision === 'approve' && ctx.ttlMs !== undefined && now - ts > ctx.ttlMs
        ? `expired: given ${ev.ts}, approvals last ${formatDuration(ctx.ttlMs)}`
        : undefined;
    candidates.push({ evidence: ev, actor, roles, ts, order, ...(expired ? { expired } : {}) });
  });

  // Once per actor: the latest decision stands; on a tie a rejection wins (fail closed).
  const latest = new Map<string, (typeof candidates)[number]>();
  for (const c of candidates) {
    const prev = latest.get(c.actor.id);
    const wins =
      !prev ||
      c.ts > prev.ts ||
      (c.ts === prev.ts && c.evidence.decision === 'reject' && prev.evidence.decision !== 'reject');
    if (wins) {
      if (prev) ignored.push({ evidence: prev.evidence, why: `superseded: ${c.actor.id} counts once` });
      latest.set(c.actor.id, c);
    } else ignored.push({ evidence: c.evidence, why: `superseded: ${c.actor.id} counts once` });
  }
  const winners = [...latest.values()];
  for (const c of winners) if (c.expired) ignored.push({ evidence: c.evidence, why: c.expired });
  const valid = winners
    .filter((c) => c.expired === undefined)
    .sort((a, b) => a.order - b.order)
    .map(({ evidence, actor, roles }) => ({ evidence, actor, roles }));
  return { valid, ignored };
}
