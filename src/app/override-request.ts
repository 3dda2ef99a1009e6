/** The override request file (`overrides/<id>/override.yaml`, DESIGN §2.6), read through the work-tree port. */
import { notFound } from '../core/errors.js';
import type { OverrideRequest } from '../core/documents.js';
import { loadDocument } from '../formats/validate.js';
import { joinPath, type RepoLayout } from '../repo/layout.js';
import type { WorkTree } from './ports.js';

export function overrideRequestFile(layout: RepoLayout, id: string): string {
  return joinPath(layout.paths.overrides, `${id}/override.yaml`);
}

/** The request of override `id`; not-found (exit 2) when there is none. */
export async function readOverrideRequest(
  work: Pick<WorkTree, 'readText'>,
  layout: RepoLayout,
  id: string,
): Promise<{ file: string; request: OverrideRequest }> {
  const file = overrideRequestFile(layout, id);
  const text = await work.readText(file);
  if (text === undefined) throw notFound(`${file} does not exist: there is no override ${id}`, file);
  return { file, request: loadDocument('override', text, file).value };
}
