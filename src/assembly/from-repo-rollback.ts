/**
 * What the gate asks the BASE ledger about one change id (DESIGN §3, §4), read in one pass over the segment
 * files (committed pending ones included, tree-segments.ts) without parsing lines that cannot answer:
 *   - whether an earlier `change.applied` / `rollback.applied` entry already applied this id (approvals count
 *     for one application): a byte search for the JCS prefix `"subject":{"change":"<ID>"` in each segment,
 *     parsing only the lines it hits;
 *   - for a `kind: rollback` manifest, the entries it names (by seq, from the one segment that holds each),
 *     so src/rollback/verify.ts can decide whether its ops are exactly their inverse.
 *   - whether any `policy.changed` entry exists (a byte search for its JCS `"type"`, the hits parsed): the
 *     quorum bootstrap (src/quorum/bootstrap.ts) is spent once one does.
 * The search reads every segment once (cost linear in the ledger's bytes, a memchr-speed scan); nothing is
 * replayed.
 */
import type { ChangeManifest } from '../core/documents.js';
import type { LedgerEntry } from '../core/ledger-entry.js';
import { decodeEntry } from '../ledger/entry.js';
import type { LedgerLayout } from '../ledger/layout.js';
import { splitLines } from '../ledger/segments.js';
import type { TreeReader } from '../core/tree.js';
import { treeSegments } from './tree-segments.js';
import { verifyRollback, type RollbackVerdict } from '../rollback/verify.js';
import type { GovernedState, Op } from '../core/state-types.js';
import type { PriorApplication } from '../core/gate-inputs.js';

const APPLIED = new Set(['change.applied', 'rollback.applied']);

export interface ChangeLedgerFacts {
  priorApplication: PriorApplication | null;
  /** Whether any `policy.changed` entry exists (the quorum bootstrap is spent once one does). */
  policyChangedBefore: boolean;
  rollback?: RollbackVerdict;
}

const parseLine = (line: string, where: string): LedgerEntry => decodeEntry(line, `${where}: ledger entry`);

/** The manifest's `related.reverts` as a list. */
export function declaredReverts(m: ChangeManifest): number[] {
  const r = m.related?.reverts;
  return r === undefined ? [] : Array.isArray(r) ? [...r] : [r];
}

/** Reads the base ledger for `manifest` (its id, and the entries a rollback names). */
export async function changeLedgerFacts(
  tree: TreeReader,
  layout: LedgerLayout,
  manifest: ChangeManifest,
  start: { state: GovernedState; ops: readonly Op[] },
): Promise<ChangeLedgerFacts> {
  const { segments } = await treeSegments(tree, layout);
  const wanted = manifest.kind === 'rollback' ? declaredReverts(manifest) : [];
  const named = new Map<number, LedgerEntry | undefined>(wanted.map((s) => [s, undefined]));
  const needle = Buffer.from(`"subject":{"change":${JSON.stringify(manifest.id)}`);
  let prior: PriorApplication | null = null;
  let policyChanged = false;
  const policyNeedle = Buffer.from('"type":"policy.changed"');
  let size = 0;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const bytes = await tree.read(seg.path);
    if (bytes === undefined) continue;
    const buf = Buffer.from(bytes);
    for (let at = buf.indexOf(needle); at >= 0 && prior === null; at = buf.indexOf(needle, at + 1)) {
      const from = buf.lastIndexOf(0x0a, at) + 1;
      const nl = buf.indexOf(0x0a, at);
      const e = parseLine(buf.toString('utf8', from, nl < 0 ? buf.length : nl), seg.file);
      if (APPLIED.has(e.type) && e.subject?.change === manifest.id)
        prior = {
          seq: e.seq,
          type: e.type,
          ts: e.ts,
          ...(typeof e.subject.commit === 'string' ? { commit: e.subject.commit } : {}),
        };
    }
    for (
      let at = buf.indexOf(policyNeedle);
      at >= 0 && !policyChanged;
      at = buf.indexOf(policyNeedle, at + 1)
    ) {
      const from = buf.lastIndexOf(0x0a, at) + 1;
      const nl = buf.indexOf(0x0a, at);
      const e = parseLine(buf.toString('utf8', from, nl < 0 ? buf.length : nl), seg.file);
      if (e.type === 'policy.changed') policyChanged = true;
    }
    const end = segments[i + 1]?.firstSeq ?? Number.POSITIVE_INFINITY;
    const here = wanted.filter((s) => s >= seg.firstSeq && s < end);
    const last = i === segments.length - 1;
    if (here.length === 0 && !last) continue;
    const lines = splitLines(buf.toString('utf8'));
    if (last) size = seg.firstSeq + lines.length;
    for (const seq of here) {
      const line = lines[seq - seg.firstSeq];
      if (line === undefined) continue;
      const e = parseLine(line, `${seg.file}:${seq - seg.firstSeq + 1}`);
      if (e.seq === seq) named.set(seq, e);
    }
  }
  return {
    priorApplication: prior,
    policyChangedBefore: policyChanged,
    ...(manifest.kind === 'rollback'
      ? { rollback: verifyRollback(wanted, named, size, start.state, start.ops) }
      : {}),
  };
}
