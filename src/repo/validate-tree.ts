/**
 * Schema-check every governed file in a tree (DESIGN §2, §5 `validate`). Reads through a TreeReader,
 * writes nothing, and collects every problem instead of stopping at the first. Unknown files where
 * only governed files belong are problems (DESIGN §9: fail closed).
 */
import type { Problem } from '../core/errors.js';
import { positionOf, sortProblems } from '../formats/messages.js';
import type { Locate, StateDocFile } from '../core/documents.js';
import { loadDocument, type KindType, type SchemaKind } from '../formats/validate.js';
import { buildState } from '../state/build.js';
import {
  CONFIG_FILE,
  defaultLayout,
  joinPath,
  layoutFrom,
  layoutProblems,
  type RepoLayout,
} from './layout.js';
import { POLICY_FILES, problemsOf } from './load-policy.js';
import { isHiddenPath, STATE_FILE } from './load-state.js';
import { stateLinkProblem, stateLinks, underLink } from './state-links.js';
import type { TreeReader } from '../core/tree.js';
import { sharedKeyProblems } from './validate-keys.js';
import { checkIncident } from '../incidents/record.js';
import {
  checkCheckpointNote,
  checkIncidentRecord,
  checkJsonFile,
  checkLedgerSegment,
} from './validate-records.js';

export interface TreeValidation {
  layout: RepoLayout;
  /** Every governed file that was checked, sorted. */
  files: string[];
  /** Every problem, in file order. Empty when the tree is valid. */
  problems: Problem[];
}

const YAML = /\.ya?ml$/;
const SEGMENT = /^\d{12}\.jsonl$/;

export async function validateTree(tree: TreeReader): Promise<TreeValidation> {
  const files: string[] = [];
  const problems: Problem[] = [];

  /** Read, parse and check one YAML document; undefined (and problems recorded) when bad. */
  const check = async <K extends SchemaKind>(file: string, kind: K) => {
    const bytes = await tree.read(file);
    if (bytes === undefined) return undefined;
    files.push(file);
    try {
      return loadDocument(kind, bytes, file);
    } catch (e) {
      problems.push(...problemsOf(e));
      return undefined;
    }
  };
  const unexpected = (file: string, message: string): void => {
    files.push(file);
    problems.push({ file, message });
  };

  // gatehouse.yaml: a broken config is reported, and the defaults are used for the rest.
  let layout = defaultLayout();
  const config = await check(CONFIG_FILE, 'gatehouse');
  if (config) {
    const found = layoutProblems(config.value, CONFIG_FILE, config.locate);
    problems.push(...found);
    if (found.length === 0) layout = layoutFrom(config.value);
  }
  const { paths } = layout;
  const under = (dir: string, p: string): string => p.slice(dir.length + 1);

  // policies/*.yaml: known names only; keys/ and other sub-directories are not YAML documents.
  const known = new Map<string, SchemaKind>(POLICY_FILES.map((f) => [f.name, f.kind]));
  for (const p of await tree.list(paths.policies)) {
    const rest = under(paths.policies, p);
    if (rest.includes('/') || !YAML.test(rest)) continue;
    const kind = known.get(rest);
    if (!kind) {
      unexpected(
        p,
        `unknown policy file (policies hold ${POLICY_FILES.map((f) => f.name).join(', ')}): rename or remove it`,
      );
      continue;
    }
    if (kind === 'actors') {
      const doc = await check(p, 'actors');
      if (doc) {
        await checkKeyFiles(tree, layout, p, doc, problems);
        problems.push(...(await sharedKeyProblems(tree, paths.policies, p, doc)));
      }
    } else await check(p, kind);
  }
  for (const f of POLICY_FILES) {
    const file = joinPath(paths.policies, f.name);
    if (f.required && (await tree.read(file)) === undefined)
      problems.push({
        file,
        message: `missing: every governed repository needs ${file} (run "gatehouse init" to scaffold one)`,
      });
  }

  // state/**: YAML documents only (hidden ones too), no symlinks or submodules; then the cross-file rules (unique
  // keys) over the valid ones.
  const stateDocs: StateDocFile[] = [];
  let stateClean = true;
  const links = await stateLinks(tree, layout);
  problems.push(...links.map(stateLinkProblem));
  for (const p of await tree.list(paths.state)) {
    if (underLink(p, links)) continue;
    if (!STATE_FILE.test(p)) {
      if (isHiddenPath(under(paths.state, p))) continue; // .gitkeep and the like
      unexpected(p, 'not a state document: the state directory holds only .yaml/.yml files');
      continue;
    }
    const doc = await check(p, 'state');
    if (doc) stateDocs.push({ file: p, ...doc });
    else stateClean = false;
  }
  if (stateClean && stateDocs.length > 0) {
    try {
      buildState(stateDocs);
    } catch (e) {
      problems.push(...problemsOf(e));
    }
  }

  await checkFolders(tree, paths.changes, CHANGES, check, problems);
  await checkFolders(tree, paths.overrides, OVERRIDES, check, problems);

  // incidents/*.md
  for (const p of await tree.list(paths.incidents)) {
    const rest = under(paths.incidents, p);
    if (rest.includes('/') || !rest.endsWith('.md')) continue;
    const bytes = await tree.read(p);
    if (bytes === undefined) continue;
    files.push(p);
    const found = checkIncidentRecord(bytes, p).problems;
    problems.push(...found);
    // The front matter is sound: apply the record rules the gate applies too (file name, sections, id
    // time, date order), so `validate` never passes a record the gate's records check denies.
    if (found.length === 0) problems.push(...checkIncident(Buffer.from(bytes).toString('utf8'), p).problems);
  }

  // ledger/: segments, the checkpoint, archived checkpoints, snapshots.
  for (const p of await tree.list(paths.ledger)) {
    const rest = under(paths.ledger, p);
    const bytes = await tree.read(p);
    if (bytes === undefined) continue;
    if (rest.startsWith('events/')) {
      const name = rest.slice('events/'.length);
      if (!SEGMENT.test(name)) {
        unexpected(p, 'not a ledger segment: events/ holds only <first seq, 12 digits>.jsonl files');
        continue;
      }
      files.push(p);
      problems.push(...checkLedgerSegment(bytes, p));
    } else if (rest === 'checkpoint' || (rest.startsWith('checkpoints/') && rest.endsWith('.note'))) {
      files.push(p);
      problems.push(...checkCheckpointNote(bytes, p));
    } else if (rest.startsWith('snapshots/') && rest.endsWith('.json')) {
      files.push(p);
      problems.push(...checkJsonFile(bytes, p));
    }
  }

  return { layout, files: [...new Set(files)].sort(), problems: sortProblems(problems) };
}

type Check = <K extends SchemaKind>(
  file: string,
  kind: K,
) => Promise<{ value: KindType<K>; locate: Locate } | undefined>;

/**
 * A directory of <ID>/ folders, each holding one manifest and a sub-directory of per-actor YAML files:
 * changes/<ID>/change.yaml + approvals/<actor>.yaml (DESIGN §2.2, §2.3), overrides/<ID>/override.yaml +
 * signatures/<actor>.yaml (DESIGN §2.6).
 */
interface Folders<M extends SchemaKind, S extends SchemaKind> {
  manifest: M;
  members: string;
  member: S;
  /** The member's field naming its folder's id (named like the manifest kind), and what that id is to it. */
  parentOf: (member: KindType<S>) => string;
  parentIs: string;
}

const CHANGES: Folders<'change', 'approval'> = {
  manifest: 'change',
  members: 'approvals',
  member: 'approval',
  parentOf: (a) => a.change,
  parentIs: 'the change this approval sits under',
};
const OVERRIDES: Folders<'override', 'override-signature'> = {
  manifest: 'override',
  members: 'signatures',
  member: 'override-signature',
  parentOf: (s) => s.override,
  parentIs: 'the override this signature sits under',
};

async function checkFolders<M extends 'change' | 'override', S extends 'approval' | 'override-signature'>(
  tree: TreeReader,
  dir: string,
  kind: Folders<M, S>,
  check: Check,
  problems: Problem[],
): Promise<void> {
  const byId = groupByFirstSegment(await tree.list(dir), dir);
  const name = `${kind.manifest}.yaml`;
  const members = `${kind.members}/`;
  for (const [id, rests] of byId) {
    const manifest = joinPath(dir, `${id}/${name}`);
    if (!rests.includes(name)) {
      problems.push({ file: manifest, message: `missing: ${dir}/${id}/ has files but no ${name}` });
    } else {
      const doc = await check(manifest, kind.manifest);
      if (doc && doc.value.id !== id)
        problems.push(at(manifest, doc.locate, '/id', `must be "${id}", the name of its directory`));
    }
    for (const r of rests.filter((x) => x.startsWith(members) && YAML.test(x))) {
      const file = joinPath(dir, `${id}/${r}`);
      const stem = r.slice(members.length).replace(YAML, '');
      const doc = await check(file, kind.member);
      if (!doc) continue;
      if (kind.parentOf(doc.value) !== id)
        problems.push(at(file, doc.locate, `/${kind.manifest}`, `must be "${id}", ${kind.parentIs}`));
      if (doc.value.actor !== stem)
        problems.push(at(file, doc.locate, '/actor', `must be "${stem}", the name of the file`));
    }
  }
}

/** Every `file:` key named in actors.yaml must exist under the policies directory. */
async function checkKeyFiles(
  tree: TreeReader,
  layout: RepoLayout,
  file: string,
  doc: { value: KindType<'actors'>; locate: Locate },
  problems: Problem[],
): Promise<void> {
  for (const [i, actor] of doc.value.actors.entries()) {
    for (const [j, key] of actor.keys.entries()) {
      if (key.file === undefined) continue;
      const path = joinPath(layout.paths.policies, key.file);
      if ((await tree.read(path)) === undefined)
        problems.push(
          at(
            file,
            doc.locate,
            `/actors/${i}/keys/${j}/file`,
            `key file ${path} not found: add it or fix the path`,
          ),
        );
    }
  }
}

function at(file: string, locate: Locate, pointer: string, message: string): Problem {
  return { file, ...positionOf(locate, pointer), pointer, message };
}

function groupByFirstSegment(paths: string[], dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of paths) {
    const rest = p.slice(dir.length + 1);
    const slash = rest.indexOf('/');
    if (slash <= 0 || isHiddenPath(rest)) continue;
    const id = rest.slice(0, slash);
    const list = out.get(id) ?? [];
    list.push(rest.slice(slash + 1));
    out.set(id, list);
  }
  return out;
}
