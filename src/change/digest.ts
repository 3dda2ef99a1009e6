/**
 * The change digest (DESIGN §2.2): binds approvals to exactly what will be merged.
 *
 *   "sha256:" + hex(SHA-256(JCS({"v":1, "change": <manifest without signature>, "ops": <ops>, "files": <files>})))
 *
 * `files` is the list, sorted by path (UTF-16 code units, the order JCS uses), of `{path, before, after}` for every
 * path changed in merge-base(base, head)..head that is outside the state folder, is not the manifest itself, and is
 * not under changes/<ID>/approvals/ or the ledger folder. State changes are covered by the ops instead; approvals
 * and the ledger are written after the digest and cannot be part of it.
 *
 * File-hash encoding: `before` / `after` is `"sha256:" + hex(SHA-256(raw blob bytes))` — the file's exact bytes
 * as committed, no newline or encoding normalisation, and not git's SHA-1 blob id (which would tie the digest to
 * the git object format) — or `null` when the path does not exist on that side. A submodule (gitlink) has no
 * bytes; its side is `"gitlink:<commit oid>"` so moving it still changes the digest.
 *
 * File modes (an extension of DESIGN §2.2): an entry gains `before_mode` / `after_mode`, the git tree mode of that
 * side, whenever that side exists and is not a plain file (`100644`): `100755` (executable), `120000` (symlink),
 * `160000` (submodule). So a chmod +x or a file turned into a symlink after approval changes the digest, while
 * every change whose files are all plain keeps exactly the digest DESIGN §2.2 defines (existing approvals stand).
 * For the same reason a state file whose mode is not 100644 on a side is listed too: its content is covered by
 * the ops, its mode only here.
 *
 * Pure: no I/O. src/change/read.ts gathers the inputs from git.
 */
import { jcs, sha256Tagged, withoutSignature } from '../core/jcs.js';
import type { ChangeManifest } from '../core/documents.js';
import type { Op } from '../core/state-types.js';

export interface DigestFile {
  path: string;
  before: string | null;
  after: string | null;
  /** Git tree mode of each side, when that side exists and is not `100644` (see above). */
  before_mode?: string;
  after_mode?: string;
}

/** The mode of a plain, non-executable file: the one mode the digest leaves implicit. */
export const PLAIN_FILE_MODE = '100644';

/** `mode` when it is recorded in the digest (present and not a plain file), else undefined. */
export function recordedMode(mode: string | undefined): string | undefined {
  return mode === undefined || mode === PLAIN_FILE_MODE ? undefined : mode;
}

export interface DigestInput {
  /** The manifest as parsed; a `signature` field, if present, is dropped (DESIGN §2.2). */
  manifest: ChangeManifest | Record<string, unknown>;
  ops: readonly Op[];
  files: readonly DigestFile[];
}

/** The folders that decide the digest's scope: the `paths` of gatehouse.yaml (RepoLayout has these fields). */
export interface DigestScope {
  state: string;
  changes: string;
  ledger: string;
}

/** How a file side is hashed in `files`: `sha256:<hex>` of its raw bytes. */
export function fileHash(bytes: Uint8Array): string {
  return sha256Tagged(bytes);
}

function byCodeUnits(a: DigestFile, b: DigestFile): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** The JCS text the digest hashes (exposed so tests and `--json` debugging can show it). */
export function digestPreimage(input: DigestInput): string {
  const manifest = withoutSignature(input.manifest as Record<string, unknown>);
  const files = [...input.files]
    .map((f) => {
      const before = recordedMode(f.before_mode);
      const after = recordedMode(f.after_mode);
      return {
        path: f.path,
        before: f.before,
        after: f.after,
        ...(before !== undefined ? { before_mode: before } : {}),
        ...(after !== undefined ? { after_mode: after } : {}),
      };
    })
    .sort(byCodeUnits);
  return jcs({ v: 1, change: manifest, ops: input.ops, files });
}

/** DESIGN §2.2: `sha256:<hex>` of the JCS of {v, change, ops, files}. */
export function changeDigest(input: DigestInput): string {
  return sha256Tagged(digestPreimage(input));
}

function folder(p: string): string {
  const trimmed = p.replace(/^\.\/+/, '').replace(/\/+$/, '');
  return trimmed === '' || trimmed === '.' ? '' : `${trimmed}/`;
}

/**
 * Whether a changed path counts in `files` (DESIGN §2.2): not under the state folder, not the change's own
 * manifest, not under its approvals folder, not under the ledger folder. A path under the state folder counts
 * when `modes` has a side that is not a plain file (see above).
 */
export function inDigestScope(
  path: string,
  scope: DigestScope,
  changeId: string,
  modes: { before?: string; after?: string } = {},
): boolean {
  const state = folder(scope.state);
  const ledger = folder(scope.ledger);
  const own = `${folder(scope.changes)}${changeId}/`;
  if (state !== '' && path.startsWith(state))
    return recordedMode(modes.before) !== undefined || recordedMode(modes.after) !== undefined;
  if (ledger !== '' && path.startsWith(ledger)) return false;
  if (path === `${own}change.yaml`) return false;
  if (path.startsWith(`${own}approvals/`)) return false;
  return true;
}
