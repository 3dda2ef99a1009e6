/**
 * Snapshot checks for verifyLedger (DESIGN §4): a `snapshot` entry's `body.state` is the SHA-256 of the
 * JCS of the state replayed before it, and `ledger/snapshots/<seq>.json` holds that JCS.
 *
 * The JCS of the state is needed at every snapshot (every 1,000 entries by default), and between two
 * snapshots only the resources the ops touched change. CanonicalState keeps each resource's JCS member
 * text and serialises again only what was touched, giving the same bytes as fastJcs(state) (fast-jcs.ts).
 */
import { sha256Tagged } from '../core/jcs.js';
import { hasOwn } from '../state/json.js';
import type { GovernedState } from '../core/state-types.js';
import type { LedgerEntry } from '../core/ledger-entry.js';
import { hasOpsList, opsOf, snapshotFields } from './entry.js';
import { fastJcs } from './fast-jcs.js';
import { snapshotPath } from './layout.js';
import type { Finding, VerifyInput } from './verify-types.js';

const SURROGATE = /[\ud800-\udfff]/;

/** JCS of a replayed state, kept per resource between calls. */
export class CanonicalState {
  // The resources object the members are for (genesis replaces it), `"key":<JCS>` by key, the keys sorted.
  private resources: object | null = null;
  private readonly members = new Map<string, string>();
  private sorted: string[] | null = null;
  private readonly touchedKeys = new Set<string>();

  /** After `entry` was applied to the state: marks the resources its ops touched. */
  applied(entry: LedgerEntry): void {
    if (entry.type !== 'change.applied' && entry.type !== 'rollback.applied') return;
    if (!hasOpsList(entry)) return this.reset();
    for (const op of opsOf(entry) as unknown[]) {
      const key = (op as { key?: unknown } | null)?.key;
      if (typeof key === 'string') this.touchedKeys.add(key);
      else return this.reset();
    }
  }

  /** Forget everything: the state changed in a way `applied` did not see. */
  reset(): void {
    this.resources = null;
  }

  /** `fastJcs(state)`, byte for byte. */
  text(state: GovernedState): string {
    const own = Object.keys(state);
    // Only the plain shape is kept member by member; anything else is serialised whole.
    if (own.length !== 2 || !hasOwn(state, 'resources') || !hasOwn(state, 'switches')) return fastJcs(state);
    const resources = state.resources as Record<string, unknown>;
    if (resources !== this.resources) {
      this.members.clear();
      this.sorted = null;
      for (const key of Object.keys(resources)) this.refresh(resources, key);
      this.resources = resources;
    } else for (const key of this.touchedKeys) this.refresh(resources, key);
    this.touchedKeys.clear();
    if (this.sorted === null) {
      this.sorted = [...this.members.keys()].sort();
      // JCS escapes lone surrogates in keys; leave such keys to the whole serialiser.
      if (this.sorted.some((k) => SURROGATE.test(k))) {
        this.resources = null;
        return fastJcs(state);
      }
    }
    let out = '{"resources":{';
    for (let i = 0; i < this.sorted.length; i++) {
      if (i > 0) out += ',';
      out += this.members.get(this.sorted[i] as string) as string;
    }
    return `${out}},"switches":${fastJcs(state.switches)}}`;
  }

  private refresh(resources: Record<string, unknown>, key: string): void {
    const value = hasOwn(resources, key) ? resources[key] : undefined;
    if (value === undefined) {
      if (this.members.delete(key)) this.sorted = null;
      return;
    }
    if (!this.members.has(key)) this.sorted = null;
    this.members.set(key, `${JSON.stringify(key)}:${fastJcs(value)}`);
  }
}

/** DESIGN §4 snapshot: body.state = hash of the state replayed before this entry; the file holds it. */
export function checkSnapshot(
  input: VerifyInput,
  entry: LedgerEntry,
  canonical: string,
  seq: number,
  file: string,
  line: number,
  findings: Finding[],
): boolean {
  const before = findings.length;
  const body = snapshotFields(entry);
  const expectedFile = snapshotPath(input.layout, seq);
  // stateHash(state) is the SHA-256 of canonicalStateJson(state) (src/state/replay.ts); `canonical` is
  // the same bytes (CanonicalState, fast-jcs.ts), computed once for both the hash and the file comparison.
  const hash = sha256Tagged(canonical);
  if (body.state !== hash)
    findings.push({
      check: 'snapshot',
      seq,
      file,
      line,
      message: `snapshot state hash ${String(body.state)} differs from the replayed state's ${hash}`,
    });
  if (body.file !== expectedFile)
    findings.push({ check: 'snapshot', seq, file, line, message: `snapshot file must be ${expectedFile}` });
  const snap = input.snapshots.get(seq);
  if (!snap) {
    findings.push({ check: 'snapshot', seq, file: expectedFile, message: 'snapshot file is missing' });
  } else {
    const content = snap.text.endsWith('\n') ? snap.text.slice(0, -1) : snap.text;
    if (content !== canonical)
      findings.push({
        check: 'snapshot',
        seq,
        file: snap.file,
        message:
          sha256Tagged(content) === hash
            ? 'snapshot file is not in canonical form'
            : `snapshot file (${sha256Tagged(content)}) differs from the replayed state at seq ${seq} (${hash})`,
      });
  }
  return findings.length === before;
}
