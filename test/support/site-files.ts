import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `root` by its path below it, as latin1 text (so a byte comparison of two report sites). */
export function siteFiles(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of readdirSync(root, { recursive: true, withFileTypes: true }))
    if (d.isFile())
      out[join(d.parentPath, d.name).slice(root.length)] = readFileSync(join(d.parentPath, d.name), 'latin1');
  return out;
}
