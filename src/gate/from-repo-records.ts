/**
 * Checks the governed files a PR adds or changes at head, for the gate's `records` node: policy files
 * (the next PR is judged by them), incident records (immutable once merged), override requests and
 * signatures, and gatehouse.yaml. Problems are returned as data with file:line; nothing throws.
 */
import type { Problem } from '../errors/errors.js';
import { loadDocument, type SchemaKind } from '../formats/validate.js';
import { checkIncident } from '../incidents/record.js';
import { CONFIG_FILE, layoutProblems } from '../repo/layout.js';
import { loadPolicy, problemsOf } from '../repo/load-policy.js';
import type { RepoLayout } from '../repo/layout.js';
import type { TreeReader } from '../repo/tree.js';

const under = (path: string, dir: string): boolean => path.startsWith(`${dir.replace(/\/+$/, '')}/`);

function overrideKind(path: string, dir: string): SchemaKind | undefined {
  const rest = path.slice(dir.replace(/\/+$/, '').length + 1).split('/');
  if (rest.length === 2 && /^override\.ya?ml$/.test(rest[1] ?? '')) return 'override';
  if (rest.length === 3 && rest[1] === 'signatures' && /\.ya?ml$/.test(rest[2] ?? ''))
    return 'override-signature';
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

  if (present.some((p) => under(p, paths.policies) && /\.ya?ml$/.test(p))) {
    checked++;
    try {
      await loadPolicy(head, layout);
    } catch (e) {
      problems.push(...problemsOf(e));
    }
  }
  for (const path of present) {
    const bytes = await head.read(path);
    if (bytes === undefined) continue;
    if (path === CONFIG_FILE) {
      checked++;
      try {
        const cfg = loadDocument('gatehouse', bytes, path);
        problems.push(...layoutProblems(cfg.value, path, cfg.locate));
      } catch (e) {
        problems.push(...problemsOf(e));
      }
    } else if (under(path, paths.incidents) && path.endsWith('.md')) {
      checked++;
      problems.push(...checkIncident(Buffer.from(bytes).toString('utf8'), path).problems);
    } else if (under(path, paths.overrides)) {
      const kind = overrideKind(path, paths.overrides);
      if (kind === undefined) continue;
      checked++;
      try {
        loadDocument(kind, bytes, path);
      } catch (e) {
        problems.push(...problemsOf(e));
      }
    }
  }
  return { problems, checked };
}
