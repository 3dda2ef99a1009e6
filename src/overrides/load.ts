/**
 * Reads overrides/<ID>/override.yaml and overrides/<ID>/signatures/<actor>.yaml through a TreeReader (the
 * work tree, or the base commit for the gate) and verifies every signature against the policy's keys
 * (DESIGN §2.4: at the signature's own time). Bad files are problems, never silently skipped.
 */
import { GatehouseError, type Problem } from '../core/errors.js';
import type { ActorsPolicy, OverrideRequest, OverrideSignature, QuorumPolicy } from '../core/documents.js';
import { loadDocument } from '../formats/validate.js';
import { verifyDocument } from '../identity/verify.js';
import type { Keyring } from '../identity/types.js';
import type { IncidentRecord } from '../incidents/record.js';
import type { RepoLayout } from '../core/paths.js';
import type { TreeReader } from '../core/tree.js';
import { overrideDigest, overrideRule, type OverrideRecord, type SignatureEvidence } from './lifecycle.js';

export interface OverrideContext {
  actors: ActorsPolicy;
  quorum: QuorumPolicy;
  keyring: Keyring;
  incidents: readonly IncidentRecord[];
  /** Verification time (the injected clock). */
  now: Date;
  /** Ledger entries that recorded a change with an override, by override id. */
  usage?: ReadonlyMap<string, { seq: number; ts: string }>;
}

function collect(e: unknown, problems: Problem[]): void {
  if (e instanceof GatehouseError && e.problems.length > 0) problems.push(...e.problems);
  else throw e;
}

export async function loadOverrides(
  tree: TreeReader,
  layout: Pick<RepoLayout, 'paths'>,
  ctx: OverrideContext,
): Promise<{ records: OverrideRecord[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const root = layout.paths.overrides;
  const files = await tree.list(root);
  const requests = files.filter((f) => /\/[^/]+\/override\.ya?ml$/.test(f.slice(root.length)));
  const rule = overrideRule(ctx.quorum);
  const actors = new Map(ctx.actors.actors.map((a) => [a.id, a]));
  const records: OverrideRecord[] = [];
  for (const file of requests) {
    const bytes = await tree.read(file);
    if (bytes === undefined) continue;
    let request: OverrideRequest;
    try {
      request = loadDocument('override', bytes, file).value;
    } catch (e) {
      collect(e, problems);
      continue;
    }
    const dir = file.slice(0, file.lastIndexOf('/'));
    const dirId = dir.slice(dir.lastIndexOf('/') + 1);
    if (dirId !== request.id) {
      problems.push({
        file,
        line: 1,
        message: `id ${request.id} does not match its directory ${dir}/ (expected id: ${dirId})`,
      });
      continue;
    }
    const signatures: SignatureEvidence[] = [];
    for (const sigFile of files.filter((f) => f.startsWith(`${dir}/signatures/`) && /\.ya?ml$/.test(f))) {
      const sb = await tree.read(sigFile);
      if (sb === undefined) continue;
      let doc: OverrideSignature;
      try {
        doc = loadDocument('override-signature', sb, sigFile).value;
      } catch (e) {
        collect(e, problems);
        continue;
      }
      const result = await verifyDocument(doc as unknown as Record<string, unknown>, ctx.keyring, {
        actor: doc.actor,
        at: ctx.now,
      });
      const actor = actors.get(doc.actor);
      signatures.push({
        file: sigFile,
        doc,
        check: result.ok
          ? { ok: true, actor: result.actor, fingerprint: result.fingerprint }
          : { ok: false, code: result.code, reason: result.reason },
        ...(actor ? { signer: { kind: actor.kind, roles: actor.roles } } : {}),
      });
    }
    // DESIGN §2.6: a post-mortem counts only when its operator is an actor of the policy.
    const named = ctx.incidents
      .filter((i) => i.front.overrides === request.id)
      .sort((a, b) => (a.front.documented_at < b.front.documented_at ? -1 : 1));
    const postmortems = named
      .filter((i) => actors.has(i.front.operator))
      .map((i) => ({ incident: i.front.id, file: i.file, documented_at: i.front.documented_at }));
    const postmortemsIgnored = named
      .filter((i) => !actors.has(i.front.operator))
      .map((i) => ({
        file: i.file,
        why: `post-mortem ${i.front.id} is by ${i.front.operator}, who is not an actor of the policy: not counted`,
      }));
    const used = ctx.usage?.get(request.id);
    records.push({
      file,
      request,
      digest: overrideDigest(request),
      rule,
      signatures,
      postmortems,
      ...(postmortemsIgnored.length ? { postmortemsIgnored } : {}),
      ...(used ? { usedBy: used } : {}),
    });
  }
  return { records, problems };
}
