/**
 * Writes a target state back into the state/ YAML files (DESIGN §2.1) by editing only the resources the
 * ops touch: an updated field is set in place (comments and the rest of the file kept), a created
 * resource is added to the file holding its service and region (or to state/<service>/<region>.yaml), a
 * deleted one is removed from its file. Files the ops do not touch are not rewritten. The result is
 * rebuilt and compared with the target, so what is returned is exactly the target state.
 */
import { isMap, isSeq, parseDocument, stringify, type Document, type YAMLMap } from 'yaml';
import { conflict, internalError } from '../core/errors.js';
import type { StateDocFile } from '../core/documents.js';
import { loadDocument } from '../formats/validate.js';
import { YAML11_SAFE } from '../formats/yaml-hazards.js';
import { buildState } from '../state/build.js';
import { jsonEqual } from '../state/json.js';
import { parsePointer } from '../core/pointer.js';
import type { GovernedState, Json, Op, Resource } from '../core/state-types.js';

export interface StateFileEdit {
  file: string;
  text: string;
  created: boolean;
}

interface OpenDoc {
  doc: Document;
  created: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function resourcesSeq(doc: Document) {
  const seq = doc.get('resources', true);
  if (!isSeq(seq)) throw conflict('a state file without a resources list cannot be edited');
  return seq;
}

function findIndex(doc: Document, key: string): number {
  const fileService = str(doc.get('service'));
  const items = resourcesSeq(doc).items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isMap(item)) continue;
    const m = item as YAMLMap;
    const service = str(m.get('service')) ?? fileService;
    if (`${service}/${str(m.get('id'))}` === key) return i;
  }
  return -1;
}

/** The resource as it is written in a file with these defaults. */
function itemFor(
  r: Resource,
  fileService: string | undefined,
  fileRegion: string | undefined,
): Record<string, unknown> {
  const { service, id, region, ...rest } = r;
  const out: Record<string, unknown> = { id };
  if (service !== fileService) out.service = service;
  if (region !== undefined && region !== fileRegion) out.region = region;
  if (region === undefined && fileRegion !== undefined)
    throw conflict(
      `cannot re-add ${service}/${id} (no region) to a file whose default region is ${fileRegion}`,
    );
  return { ...out, ...rest };
}

export function writeState(
  files: ReadonlyMap<string, string>,
  ops: readonly Op[],
  head: GovernedState,
  target: GovernedState,
  opts: { stateDir: string; origins: ReadonlyMap<string, { file: string }> },
): StateFileEdit[] {
  const build = (m: ReadonlyMap<string, string>): Record<string, Resource> =>
    buildState([...m].map(([file, text]) => ({ file, ...loadDocument('state', text, file) }) as StateDocFile))
      .state.resources;
  const current = build(files);
  const touchedKeys = [...new Set(ops.map((o) => o.key))];
  const drifted = touchedKeys.filter(
    (k) => !jsonEqual(current[k] as Json | undefined, head.resources[k] as Json | undefined),
  );
  if (drifted.length > 0)
    throw conflict(
      `state/ differs from the ledger's state for ${drifted.join(', ')}: the rollback would be computed against the wrong values; run \`gatehouse verify\` and resolve the drift first`,
    );

  const open = new Map<string, OpenDoc>();
  const get = (file: string): OpenDoc => {
    let d = open.get(file);
    if (!d) {
      const text = files.get(file);
      d =
        text === undefined
          ? { doc: parseDocument('resources: []\n', YAML11_SAFE), created: true }
          : { doc: parseDocument(text, YAML11_SAFE), created: false };
      open.set(file, d);
    }
    return d;
  };
  const homeFor = (r: Resource): string => {
    for (const [file, text] of files) {
      const d = open.get(file)?.doc ?? parseDocument(text);
      if (str(d.get('service')) === r.service && str(d.get('region')) === r.region) return file;
    }
    return `${opts.stateDir}/${r.service}/${r.region ?? 'global'}.yaml`;
  };

  /** The open document of the state/ file that holds `key` and its index in `resources`. */
  const locate = (key: string): { doc: Document; i: number } => {
    const file = opts.origins.get(key)?.file;
    if (!file)
      throw conflict(
        `${key} is in the ledger's state but in no state/ file: run \`gatehouse verify\` (drift)`,
      );
    const { doc } = get(file);
    const i = findIndex(doc, key);
    if (i < 0) throw conflict(`${key} is not in ${file}: run \`gatehouse verify\` (drift)`);
    return { doc, i };
  };

  const byKey = new Map<string, Op[]>();
  for (const op of ops) byKey.set(op.key, [...(byKey.get(op.key) ?? []), op]);

  for (const [key, keyOps] of byKey) {
    const before = head.resources[key];
    const after = target.resources[key];
    if (before && !after) {
      const { doc, i } = locate(key);
      resourcesSeq(doc).delete(i);
    } else if (!before && after) {
      const file = homeFor(after);
      const d = get(file);
      if (d.created) {
        d.doc = parseDocument(
          stringify(
            {
              service: after.service,
              ...(after.region ? { region: after.region } : {}),
              resources: [],
            },
            YAML11_SAFE,
          ),
          YAML11_SAFE,
        );
      }
      const item = itemFor(after, str(d.doc.get('service')), str(d.doc.get('region')));
      resourcesSeq(d.doc).add(d.doc.createNode(item));
    } else if (before && after) {
      const { doc, i } = locate(key);
      for (const op of keyOps) {
        const tokens = parsePointer(op.path);
        if (tokens.length === 1 && tokens[0] === 'region') {
          const fileRegion = str(doc.get('region'));
          if (op.after === fileRegion || op.after === undefined) doc.deleteIn(['resources', i, 'region']);
          else doc.setIn(['resources', i, 'region'], op.after);
          continue;
        }
        if (op.after === undefined) doc.deleteIn(['resources', i, ...tokens]);
        else doc.setIn(['resources', i, ...tokens], doc.createNode(op.after as Json));
      }
    }
  }

  const edits: StateFileEdit[] = [];
  for (const [file, d] of open) {
    const text = d.doc.toString({ lineWidth: 0 });
    if (!d.created && text === files.get(file)) continue;
    edits.push({ file, text, created: d.created });
  }
  // Prove it: the files as they will be build the current resources with the touched ones set to target.
  const next = new Map(files);
  for (const e of edits) next.set(e.file, e.text);
  const expected: Record<string, Json> = { ...(current as Record<string, Json>) };
  for (const k of touchedKeys) {
    const t = target.resources[k];
    if (t === undefined) delete expected[k];
    else expected[k] = t as Json;
  }
  if (!jsonEqual(build(next) as Record<string, Json>, expected))
    throw internalError('the edited state files do not build the rollback target state; nothing was written');
  return edits.sort((a, b) => (a.file < b.file ? -1 : 1));
}
