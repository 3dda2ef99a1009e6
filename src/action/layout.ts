/**
 * Where the governed folders are (DESIGN §2: `gatehouse.yaml` may remap them), and the GitHub identities of
 * the base policy's actors. Read from a commit through git, never from the work tree: the policy that
 * decides is the BASE branch's, and PR files are data.
 */
import { parse } from 'yaml';
import type { GithubIdentity } from '../github/types.js';

export interface ActionLayout {
  policies: string;
  ledger: string;
}

type Show = (path: string) => Promise<string | undefined>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function cleanDir(v: unknown, dflt: string): string {
  return typeof v === 'string' && v.trim() !== '' ? v.trim().replace(/^\.\//, '').replace(/\/+$/, '') : dflt;
}

export async function readLayout(show: Show): Promise<ActionLayout> {
  const text = await show('gatehouse.yaml');
  let paths: unknown;
  if (text !== undefined) {
    try {
      const doc: unknown = parse(text);
      paths = isRecord(doc) ? doc.paths : undefined;
    } catch {
      paths = undefined; // a malformed gatehouse.yaml is reported by the gate itself
    }
  }
  const p = isRecord(paths) ? paths : {};
  return { policies: cleanDir(p.policies, 'policies'), ledger: cleanDir(p.ledger, 'ledger') };
}

/**
 * `github: {login, id}` of every actor in actors.yaml. Lenient on purpose: entries without both fields are
 * skipped, and a missing or malformed file yields none, so no review counts (the gate reports the file).
 */
export async function readGithubIdentities(show: Show): Promise<GithubIdentity[]> {
  const layout = await readLayout(show);
  const text = await show(`${layout.policies}/actors.yaml`);
  if (text === undefined) return [];
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return [];
  }
  const actors = isRecord(doc) && Array.isArray(doc.actors) ? doc.actors : [];
  const out: GithubIdentity[] = [];
  for (const a of actors) {
    if (!isRecord(a) || typeof a.id !== 'string' || !isRecord(a.github)) continue;
    const { login, id } = a.github;
    if (typeof login === 'string' && login !== '' && typeof id === 'number' && Number.isInteger(id)) {
      out.push({ actor: a.id, login, id });
    }
  }
  return out;
}
