/** Every incident record under incidents/, read through a TreeReader (work tree or a commit). */
import type { Problem } from '../core/errors.js';
import { decodeUtf8 } from '../formats/yaml.js';
import { GatehouseError } from '../core/errors.js';
import type { RepoLayout } from '../core/paths.js';
import type { TreeReader } from '../core/tree.js';
import { checkIncident, type IncidentRecord } from './record.js';

export async function loadIncidents(
  tree: TreeReader,
  layout: Pick<RepoLayout, 'paths'>,
): Promise<{ records: IncidentRecord[]; problems: Problem[] }> {
  const records: IncidentRecord[] = [];
  const problems: Problem[] = [];
  for (const file of await tree.list(layout.paths.incidents)) {
    if (!file.endsWith('.md')) continue;
    const bytes = await tree.read(file);
    if (bytes === undefined) continue;
    let text: string;
    try {
      text = decodeUtf8(bytes, file);
    } catch (e) {
      if (e instanceof GatehouseError) problems.push(...e.problems);
      else throw e;
      continue;
    }
    const r = checkIncident(text, file);
    problems.push(...r.problems);
    if (r.record) records.push(r.record);
  }
  return { records, problems };
}
