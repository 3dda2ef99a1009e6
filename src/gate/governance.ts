/**
 * The judge's own configuration is governed (DESIGN §2, §3):
 * - `policy`: a PR that edits the policy folder or gatehouse.yaml is a policy change. Its manifest says
 *   `kind: policy`, every edited path is covered by a quorum rule of the BASE policy, and gatehouse.yaml may
 *   not move an append-only folder (ledger, changes, overrides, incidents) away from the history it holds.
 * - `case-variants`: `Policies/…`, `STATE/…`, `Gatehouse.yaml` are the governed folders on a case-insensitive
 *   checkout, but the gate reads only the exact spelling, so they are denied.
 */
import type { RepoPaths } from '../core/documents.js';
import { leaf, worst, type ResultNode, type SourceRef } from '../core/result.js';
import { ruleMatches } from '../quorum/evaluate.js';
import { CONFIG_FILE, under } from '../core/paths.js';
import { configEdits, matchedAs, type ChangeFacts } from '../core/change-facts.js';
import { anyPathMatches } from '../core/glob.js';
import type { GateInputs } from '../core/gate-inputs.js';

/** Folders whose files on the base branch are history: a layout edit may not leave them behind. */
const HISTORY_FOLDERS = ['ledger', 'changes', 'overrides', 'incidents'] as const;

function manifestSource(inputs: GateInputs): SourceRef | undefined {
  const m = inputs.manifest;
  return m ? { file: m.file, ...(m.line !== undefined ? { line: m.line } : {}) } : undefined;
}

/** DESIGN §3: the policy used is always the base branch's; a PR editing policy is judged by it. */
export function policyNode(inputs: GateInputs, facts: ChangeFacts): ResultNode {
  const g = inputs.governedPaths;
  const files = Object.values(inputs.policy.files ?? {}).filter((f): f is string => typeof f === 'string');
  const which = files.length ? files.join(', ') : `${g.policies}/`;
  const edited = configEdits(inputs);
  if (edited.length === 0)
    return leaf('policy', 'pass', `decided by the base branch's policy (${which})`, {
      numbers: { edited: 0 },
    });
  const numbers = { edited: edited.length };
  const list = edited.join(', ');
  const children: ResultNode[] = [];

  // A policy change says so: rules keyed on `kinds: [policy]` then apply to it (and cannot be dodged).
  const m = inputs.manifest;
  if (m && m.value.kind !== 'policy') {
    const source = manifestSource(inputs);
    children.push(
      leaf('policy/kind', 'fail', `this PR edits ${list}, but its manifest declares kind: ${m.value.kind}`, {
        fix: `declare kind: policy in ${m.file}: edits of ${g.policies}/ and ${CONFIG_FILE} are policy changes`,
        ...(source ? { source } : {}),
      }),
    );
  }

  // Every edited path is covered by a base quorum rule that applies: one naming it in when.paths (gatehouse.yaml
  // is matched as <policies>/gatehouse.yaml too), or one for every policy change (when.kinds: [policy]).
  const applying = inputs.policy.quorum.rules.filter((r) => ruleMatches(r, facts));
  const covers = (rule: (typeof applying)[number], path: string): boolean =>
    rule.when.paths
      ? anyPathMatches(rule.when.paths, matchedAs(path, g.policies))
      : [...(rule.when.kinds ?? []), ...(rule.when.kind !== undefined ? [rule.when.kind] : [])].includes(
          'policy',
        );
  const uncovered = edited.filter((p) => !applying.some((r) => covers(r, p)));
  const covering = applying.filter((r) => edited.some((p) => covers(r, p))).map((r) => r.name);
  if (uncovered.length > 0)
    children.push(
      leaf(
        'policy/rules',
        'fail',
        `this PR edits ${uncovered.join(', ')}, and no quorum rule of the base policy covers ${uncovered.length === 1 ? 'it' : 'them'}`,
        {
          fix: `the base quorum policy needs a rule with when.paths covering ${g.policies}/** (which covers ${CONFIG_FILE} too) before policy can change`,
        },
      ),
    );

  // gatehouse.yaml may not move history away: the ledger (and the immutable records) stay where they are.
  const edit = inputs.layoutEdit;
  if (edit)
    for (const k of HISTORY_FOLDERS) {
      if (!edit.history.includes(k) || edit.paths[k] === g[k]) continue;
      const line = edit.lines?.[k];
      children.push(
        leaf(
          `policy/${k}`,
          'fail',
          `${CONFIG_FILE} moves ${k} from ${g[k]}/ to ${edit.paths[k]}/, away from the history the base branch holds at ${g[k]}/`,
          {
            fix: `keep paths.${k}: ${g[k]}; ${k === 'ledger' ? 'only `record` writes the ledger, and its history proof follows one folder' : `records under ${g[k]}/ are immutable, and moving the folder would leave them ungoverned`}`,
            source: { file: CONFIG_FILE, ...(line !== undefined ? { line } : {}) },
          },
        ),
      );
    }

  if (children.length === 0)
    return leaf(
      'policy',
      'pass',
      `this PR edits ${list}; judged by the base branch's policy (${which}) under ${covering.map((c) => `quorum/${c}`).join(', ')}`,
      { numbers },
    );
  const first = children[0] as ResultNode;
  return {
    id: 'policy',
    status: worst(children.map((c) => c.status)),
    reason: first.reason,
    numbers,
    ...(first.fix !== undefined ? { fix: first.fix } : {}),
    children,
  };
}

/** The governed folder (or gatehouse.yaml) a path is a case variant of, if any. */
function caseVariantOf(path: string, g: RepoPaths): { governed: string; key?: keyof RepoPaths } | undefined {
  const lower = path.toLowerCase();
  if (lower === CONFIG_FILE && path !== CONFIG_FILE) return { governed: CONFIG_FILE };
  for (const [key, dir] of Object.entries(g) as [keyof RepoPaths, string][]) {
    if (dir === '' || under(path, dir)) continue;
    if (under(lower, dir.toLowerCase())) return { governed: `${dir}/`, key };
  }
  return undefined;
}

/**
 * `Policies/quorum.yaml` is `policies/quorum.yaml` on a case-insensitive checkout (macOS, Windows), yet git and
 * the gate see another folder: such a path could shadow policy, state, approvals or the ledger unseen. Denied.
 */
export function caseVariantsNode(inputs: GateInputs): ResultNode {
  const g = inputs.governedPaths;
  const bad: { path: string; governed: string; key?: keyof RepoPaths }[] = [];
  for (const c of inputs.changedPaths) {
    if (c.status === 'deleted') continue;
    const hit = caseVariantOf(c.path, g);
    if (hit) bad.push({ path: c.path, ...hit });
  }
  const collisions = inputs.caseCollisions ?? [];
  if (bad.length === 0 && collisions.length === 0)
    return leaf('case-variants', 'pass', 'no changed path is a case variant of a governed folder', {
      numbers: { paths: 0 },
    });
  const all = [...bad.map((b) => b.path), ...collisions.map((c) => c.path)];
  return {
    id: 'case-variants',
    status: 'fail',
    reason: `${all.length} ${all.length === 1 ? 'path differs' : 'paths differ'} from a governed folder or file only in letter case: ${all.join(', ')}`,
    numbers: { paths: all.length },
    fix: 'use the exact spelling of the governed folder (and a change manifest), or move the files elsewhere',
    children: bad
      .map((b) =>
        leaf(
          `case-variants/${b.path}`,
          'fail',
          `on a case-insensitive checkout this is ${b.governed}${b.key ? ` (paths.${b.key})` : ''}, which the gate reads only as spelled`,
          { source: { file: b.path } },
        ),
      )
      .concat(
        collisions.map((c) =>
          leaf(
            `case-variants/${c.path}`,
            'fail',
            `on a case-insensitive checkout this is the same entry as ${c.other}, which the gate reads only as spelled`,
            { source: { file: c.path } },
          ),
        ),
      ),
  };
}
