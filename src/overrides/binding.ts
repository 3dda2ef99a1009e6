/**
 * An override covers one content of its change, as approvals do (DESIGN §2.2, §2.6): its request carries
 * `change_digest`, which its signatures bind (they sign the request's digest), and the gate applies it only
 * while the change's digest is still that one. A change that grew after the quorum signed is not covered.
 *
 * The digest an override binds is the change digest computed without the override's own folder
 * (`overrides/<ID>/`), so an override may travel in the pull request of its change: adding its request and
 * signatures does not move what they bound. Anything else the PR changes — ops, manifest, other files —
 * does. When the override is already on the base branch, its folder is not in the diff and the two agree.
 * Pure.
 */
import { changeDigest, type DigestFile } from '../change/digest.js';
import type { ChangeManifest, OverrideRequest } from '../core/documents.js';
import type { Op } from '../core/state-types.js';

/** What the binding digest is computed from: the parts of a change set that decide its digest. */
export interface BindingSource {
  manifest: ChangeManifest;
  ops: readonly Op[];
  /** The digest's `files` (DESIGN §2.2 scope). */
  files: readonly DigestFile[];
}

function folder(p: string): string {
  const t = p.replace(/^\.\/+/, '').replace(/\/+$/, '');
  return t === '' || t === '.' ? '' : `${t}/`;
}

/** The change digest without `overrides/<overrideId>/`: what override `overrideId` binds. */
export function overrideBindingDigest(
  change: BindingSource,
  overridesDir: string,
  overrideId: string,
): string {
  const own = `${folder(overridesDir)}${overrideId}/`;
  return changeDigest({
    manifest: change.manifest,
    ops: change.ops,
    files: change.files.filter((f) => !f.path.startsWith(own)),
  });
}

const short = (d: string): string => `${d.slice(0, 'sha256:'.length + 12)}…`;

/** Why `request` does not cover the change whose binding digest is `current`; undefined when it does. */
export function bindingProblem(request: OverrideRequest, current: string): string | undefined {
  const bound = request.change_digest;
  if (bound === undefined)
    return `${request.id} binds no change digest, so it covers no content of ${request.change}: request a new override with \`gatehouse override new --change ${request.change} --base REF --head REF\``;
  if (bound !== current)
    return `${request.id} was signed for ${request.change} at ${short(bound)}, but ${request.change} is now ${short(current)} (the change moved after the override was signed): request a new override for the current content`;
  return undefined;
}
