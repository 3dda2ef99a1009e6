/**
 * Facts about the change that every check reads: who proposes it at which level, which paths, services
 * and regions it touches (computed once per evaluation by gate/facts.ts), and how rules match them.
 */
import type { ChangeKind, Level, RuleMatch } from './documents.js';
import type { GateInputs } from './gate-inputs.js';
import { anyPathMatches } from './glob.js';
import { CONFIG_FILE, joinPath, under } from './paths.js';
import type { AffectedSet } from './state-types.js';

/**
 * The paths a changed path is matched as. gatehouse.yaml decides where policy lives, so it is policy: it is
 * matched as itself and as `<policies>/gatehouse.yaml`, and every rule that governs the policy folder
 * (`policies/**`) governs it too, whatever its own content says. `.gitattributes` files likewise.
 */
export function matchedAs(path: string, policiesDir: string): string[] {
  if (path === CONFIG_FILE) return [path, joinPath(policiesDir, CONFIG_FILE)];
  if (isAttributesFile(path)) return [path, joinPath(policiesDir, path.replace(/\//g, '_'))];
  return [path];
}

/**
 * A `.gitattributes` file decides how git materialises the files below it (export-ignore drops them from
 * `git archive` and release tarballs, filter and eol rewrite them on checkout), so it is governed as policy,
 * like gatehouse.yaml, wherever it is.
 */
export function isAttributesFile(path: string): boolean {
  return path === '.gitattributes' || path.endsWith('/.gitattributes');
}

export interface ChangeFacts {
  id?: string;
  kind?: ChangeKind;
  level?: Level;
  proposer?: string;
  /** Every changed path (merge-base..head), gatehouse.yaml also as `<policies>/gatehouse.yaml` (matchedAs). */
  paths: string[];
  services: string[];
  regions: string[];
  opCount: number;
  affected: AffectedSet;
}

export interface MatchSpec extends RuleMatch {
  levels?: Level[];
}

/**
 * Whether a rule's `match` / `when` / `blocks` touches the change. Every field given must match (AND);
 * within a field any element may match (OR). An empty spec matches every change.
 */
export function matchesChange(spec: MatchSpec, facts: ChangeFacts): boolean {
  if (spec.paths && !anyPathMatches(spec.paths, facts.paths)) return false;
  if (spec.services && !spec.services.some((s) => facts.services.includes(s))) return false;
  if (spec.regions && !spec.regions.some((r) => facts.regions.includes(r))) return false;
  if (spec.kinds && (facts.kind === undefined || !spec.kinds.includes(facts.kind))) return false;
  if (spec.levels && (facts.level === undefined || !spec.levels.includes(facts.level))) return false;
  return true;
}

/** "paths policies/**, services park-ticketing": what a spec names, for messages. */
export function describeSpec(spec: MatchSpec): string {
  const parts: string[] = [];
  if (spec.paths) parts.push(`paths ${spec.paths.join(', ')}`);
  if (spec.services) parts.push(`services ${spec.services.join(', ')}`);
  if (spec.regions) parts.push(`regions ${spec.regions.join(', ')}`);
  if (spec.kinds) parts.push(`kinds ${spec.kinds.join(', ')}`);
  if (spec.levels) parts.push(`levels ${spec.levels.join(', ')}`);
  return parts.length ? parts.join('; ') : 'every change';
}

/**
 * The governing configuration a PR edits: everything under the policies folder, and gatehouse.yaml, which
 * says where policy, state and ledger live and so is policy too, whatever its content says (DESIGN §2).
 */
export function configEdits(inputs: GateInputs): string[] {
  const dir = inputs.governedPaths.policies;
  return inputs.changedPaths
    .filter((c) => c.path === CONFIG_FILE || isAttributesFile(c.path) || under(c.path, dir))
    .map((c) => c.path);
}
