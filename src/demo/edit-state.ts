/**
 * Edits one field of one resource in state/<service>/<region>.yaml, keeping the rest of the file byte for
 * byte (comments, order, layout), the way a person or an agent edits desired state in a pull request.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { YAML11_SAFE } from '../formats/yaml-hazards.js';

export interface SpecEdit {
  service: string;
  region: string;
  /** The resource id inside the file. */
  id: string;
  /** A field of `spec`. */
  field: string;
  value: unknown;
}

interface ResourceNode {
  get(key: string): unknown;
  setIn(path: string[], value: unknown): void;
}

/** Sets `spec.<field>` of resource `id` in state/<service>/<region>.yaml under `repo`. */
export function setSpecField(repo: string, edit: SpecEdit): void {
  const file = join(repo, 'state', edit.service, `${edit.region}.yaml`);
  const doc = parseDocument(readFileSync(file, 'utf8'), YAML11_SAFE);
  const resources = doc.get('resources') as { items: ResourceNode[] } | undefined;
  const res = resources?.items.find((r) => r.get('id') === edit.id);
  if (!res)
    throw new Error(`no resource ${edit.service}/${edit.id} in state/${edit.service}/${edit.region}.yaml`);
  res.setIn(['spec', edit.field], edit.value);
  writeFileSync(file, doc.toString({ lineWidth: 0 }));
}
