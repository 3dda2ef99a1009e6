/**
 * Checks the governed files a PR adds or changes at head, for the gate's `records` node: policy files
 * (the next PR is judged by them), incident records (immutable once merged), override requests and
 * signatures, and gatehouse.yaml. Problems are returned as data with file:line; nothing throws.
 */
import type { Problem } from '../core/errors.js';
import { loadDocument, type SchemaKind } from '../formats/validate.js';
import { checkIncident } from '../incidents/record.js';
import { CONFIG_FILE, layoutProblems, loadLayout } from '../repo/layout.js';
import { loadPolicy, problemsOf } from '../repo/load-policy.js';
import { isHiddenPath, STATE_FILE } from '../repo/load-state.js';
import { stateLinkProblems } from '../repo/state-links.js';
import type { RepoLayout } from '../repo/layout.js';
import type { TreeReader } from '../core/tree.js';
import { under } from '../core/paths.js';

function overrideKind(path: string, dir: string): SchemaKind | undefined {
  const rest = path.slice(dir.replace(/\/+$/, '').length + 1).split('/');
  if (rest.length === 2 && /^override\.ya?ml$/.test(rest[1] ?? '')) return 'override';
  if (rest.length === 3 && rest[1] === 'signatures' && /\.ya?ml$/.test(rest[2] ?? ''))
    return 'override-signature';
  return undefined;
}

/** Which governed record a changed path is, if any: gatehouse.yaml, an incident record, an override file. */
function recordKind(path: string, { paths }: RepoLayout): SchemaKind | 'incident' | undefined {
  if (path === CONFIG_FILE) return 'gatehouse';
  if (under(path, paths.incidents)) return path.endsWith('.md') ? 'incident' : undefined;
  if (under(path, paths.overrides)) return overrideKind(path, paths.overrides);
  return undefined;
}

export async function headRecordProblems(
  head: TreeReader,
  layout: RepoLayout,
  changed: readonly { path: string; status: 'added' | 'modified' | 'deleted' }[],
): Promise<{ problems: Problem[]; checked: number }> {
  const problems: Problem[] = [];
  let checked = 0;
  const present = changed.filter((c) => c.status !== 'deleted').map((c) => c.path);
  const { paths } = layout;
  // DESIGN §2.1: a symlink or submodule in the state folder puts state out of the gate's sight (state-links.ts).
  const links = await stateLinkProblems(head, layout);
  if (links.length > 0) checked++;
  problems.push(...links);

  if (present.some((p) => under(p, paths.policies) && /\.ya?ml$/.test(p))) {
    checked++;
    try {
      await loadPolicy(head, layout);
    } catch (e) {
      problems.push(...problemsOf(e));
    }
  }
  // A gatehouse.yaml that moves the policy folder makes the head's folder the next PR's policy: it must load.
  if (present.includes(CONFIG_FILE)) {
    try {
      const next = await loadLayout(head);
      if (next.paths.policies !== paths.policies) {
        checked++;
        await loadPolicy(head, next);
      }
    } catch (e) {
      problems.push(...problemsOf(e));
    }
  }
  // The state folder holds only state documents (as `validate` says): a file the state loader skips, such
  // as x.YAML or x.json, would otherwise change nothing the gate or the digest sees.
  for (const path of present) {
    if (
      !under(path, paths.state) ||
      STATE_FILE.test(path) ||
      isHiddenPath(path.slice(paths.state.length + 1))
    )
      continue;
    checked++;
    problems.push({
      file: path,
      message:
        'not a state document: the state directory holds only .yaml/.yml files; rename it or move it out',
    });
  }
  for (const path of present) {
    // Only governed records are fetched; the PR's state and other files are not read here.
    const kind = recordKind(path, layout);
    if (kind === undefined) continue;
    const bytes = await head.read(path);
    if (bytes === undefined) continue;
    checked++;
    if (kind === 'incident') {
      problems.push(...checkIncident(Buffer.from(bytes).toString('utf8'), path).problems);
      continue;
    }
    try {
      if (kind === 'gatehouse') {
        const cfg = loadDocument('gatehouse', bytes, path);
        problems.push(...layoutProblems(cfg.value, path, cfg.locate));
      } else loadDocument(kind, bytes, path);
    } catch (e) {
      problems.push(...problemsOf(e));
    }
  }
  return { problems, checked };
}
