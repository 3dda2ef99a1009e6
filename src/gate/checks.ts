/**
 * The gate's repository-level checks (DESIGN §3): the manifest, append-only history, which policy
 * decided, signed commits, and unreadable keys. Each returns one result node with a stable id.
 */
import { leaf, type ResultNode, type SourceRef } from '../core/result.js';
import { anyPathMatches } from '../core/glob.js';
import { under } from '../core/paths.js';
import { configEdits, type ChangeFacts } from '../core/change-facts.js';
import type { GateInputs } from '../core/gate-inputs.js';
import { actorIndex } from '../quorum/screen.js';

/** Changed paths a `paths` glob of a base quorum or authority rule names (e.g. `.github/workflows/**`). */
export function ruleNamedPaths(inputs: GateInputs): string[] {
  const globs = [
    ...inputs.policy.quorum.rules.flatMap((r) => r.when.paths ?? []),
    ...(inputs.policy.authority.rules ?? []).flatMap((r) => r.match.paths ?? []),
  ];
  if (globs.length === 0) return [];
  return inputs.changedPaths.map((c) => c.path).filter((p) => anyPathMatches(globs, [p]));
}

function manifestSource(inputs: GateInputs): SourceRef | undefined {
  const m = inputs.manifest;
  return m ? { file: m.file, ...(m.line !== undefined ? { line: m.line } : {}) } : undefined;
}

/**
 * The changed paths that make a manifest necessary: state, policy, gatehouse.yaml (always governed), and any
 * path a base quorum or authority rule names, so a policy that governs `.github/workflows/**` cannot be
 * sidestepped by leaving the manifest out.
 */
export function manifestPaths(inputs: GateInputs): string[] {
  const g = inputs.governedPaths;
  const out = new Set([
    ...configEdits(inputs),
    ...inputs.changedPaths.filter((c) => under(c.path, g.state)).map((c) => c.path),
    ...ruleNamedPaths(inputs),
  ]);
  return [...out].sort();
}

/** Does the PR change governed state or policy (and so need a manifest)? */
export function needsManifest(inputs: GateInputs): boolean {
  return inputs.ops.length > 0 || manifestPaths(inputs).length > 0;
}

export function manifestNode(inputs: GateInputs): ResultNode {
  const m = inputs.manifest;
  if (m) {
    const v = m.value;
    return leaf(
      'manifest',
      'pass',
      `${v.id}: ${v.kind} at level ${v.level}, proposed by ${v.proposer}: ${v.title}`,
      {
        numbers: { level: v.level, ops: inputs.ops.length },
        source: manifestSource(inputs) as SourceRef,
      },
    );
  }
  if (inputs.manifestProblem !== undefined)
    return leaf('manifest', 'error', inputs.manifestProblem, {
      fix: 'fix the change manifest; `gatehouse validate` lists every problem',
    });
  if (needsManifest(inputs)) {
    const paths = manifestPaths(inputs);
    const shown = paths.length > 5 ? [...paths.slice(0, 5), `${paths.length - 5} more`] : paths;
    const listed = shown.length ? `${shown.join(', ')}; ` : '';
    return leaf(
      'manifest',
      'fail',
      `this PR changes governed paths (${listed}${inputs.ops.length} state ops) but carries no change manifest`,
      {
        numbers: { ops: inputs.ops.length },
        fix: `add ${inputs.governedPaths.changes}/<ID>/change.yaml naming the proposer, level and kind`,
      },
    );
  }
  return leaf('manifest', 'skip', 'no governed state or policy changes; no manifest needed');
}

/**
 * DESIGN §3 append-only: ledger, incidents, change manifests, approvals and overrides (requests and signatures) already on
 * the base branch are untouched; only `record` writes ledger/ (after merge), never a PR.
 */
export function appendOnlyNode(inputs: GateInputs): ResultNode {
  const g = inputs.governedPaths;
  const bad: { path: string; why: string }[] = [];
  for (const c of inputs.changedPaths) {
    if (under(c.path, g.ledger)) {
      bad.push({
        path: c.path,
        why: `${c.status} under ${g.ledger}/: only \`record\` appends to ${g.ledger}/`,
      });
      continue;
    }
    if (c.status === 'added') continue;
    const rest = (dir: string): string[] | undefined =>
      under(c.path, dir) && c.path !== dir
        ? c.path.slice(dir.replace(/\/+$/, '').length + 1).split('/')
        : undefined;
    const inc = rest(g.incidents);
    const chg = rest(g.changes);
    const ovr = rest(g.overrides);
    if (inc)
      bad.push({
        path: c.path,
        why: `${c.status}: incident records are immutable; add a new record with \`amends\``,
      });
    else if (chg && chg.length === 2 && /^change\.ya?ml$/.test(chg[1] ?? ''))
      bad.push({
        path: c.path,
        why: `${c.status}: change manifests on the base branch are immutable (the signed record of a merged change); open a new change`,
      });
    else if (chg && chg.length >= 3 && chg[1] === 'approvals')
      bad.push({ path: c.path, why: `${c.status}: approvals on the base branch are immutable` });
    else if (ovr && ovr.length >= 3 && ovr[1] === 'signatures')
      bad.push({ path: c.path, why: `${c.status}: override signatures on the base branch are immutable` });
    else if (ovr && ovr.length === 2 && /^override\.ya?ml$/.test(ovr[1] ?? ''))
      bad.push({
        path: c.path,
        why: `${c.status}: override requests on the base branch are immutable; request a new override`,
      });
  }
  // Each commit on its own: a rewrite restored by a later commit still lands on the default branch when the
  // branch is merged by fast-forward or rebase, where `verify`'s history proof fails on it.
  const seen = new Set(bad.map((b) => b.path));
  for (const c of inputs.ledgerCommits ?? []) {
    if (c.paths.every((p) => seen.has(p))) continue;
    for (const p of c.paths) seen.add(p);
    bad.push({
      path: c.paths[0] ?? g.ledger,
      why: `commit ${c.sha.slice(0, 12)} (${c.summary}) changes ${c.paths.join(', ')}: only \`record\` writes ${g.ledger}/, even when a later commit restores it; rewrite the branch without that commit`,
    });
  }
  if (bad.length === 0)
    return leaf('append-only', 'pass', 'ledger, incidents, approvals and overrides untouched', {
      numbers: { violations: 0 },
    });
  return {
    id: 'append-only',
    status: 'fail',
    reason: `${bad.length} append-only ${bad.length === 1 ? 'path' : 'paths'} changed: ${bad.map((b) => b.path).join(', ')}`,
    numbers: { violations: bad.length },
    fix: 'revert those paths; history is corrected by new records, never by edits',
    children: bad.map((b) => leaf(`append-only/${b.path}`, 'fail', b.why, { source: { file: b.path } })),
  };
}

/** DESIGN §2.4: policy may require signed commits, by actors of the base policy. */
export function commitsNode(inputs: GateInputs): ResultNode {
  if (!inputs.policy.authority.commits?.require_signed)
    return leaf('commits', 'skip', 'signed commits are not required');
  const commits = inputs.commits;
  if (!commits)
    return leaf('commits', 'error', 'signed commits are required but commit signatures were not checked');
  const actors = actorIndex(inputs.policy.actors);
  const bad = commits.filter((c) => !c.ok || c.actor === undefined || !actors.has(c.actor));
  const numbers = { commits: commits.length, unsigned: bad.length };
  if (bad.length === 0)
    return leaf(
      'commits',
      'pass',
      `${commits.length} ${commits.length === 1 ? 'commit' : 'commits'} signed by known actors`,
      { numbers },
    );
  return {
    id: 'commits',
    status: 'fail',
    reason: `${bad.length} of ${commits.length} commits not signed by a known actor: ${bad.map((c) => c.sha.slice(0, 12)).join(', ')}`,
    numbers,
    fix: 'rewrite those commits signed with a key listed in the base actors policy (git commit -S)',
    children: bad.map((c) =>
      leaf(
        `commits/${c.sha.slice(0, 12)}`,
        'fail',
        !c.ok
          ? (c.reason ?? 'bad or missing signature')
          : c.actor === undefined
            ? 'signer is not an actor'
            : `signed by unknown actor ${c.actor}`,
      ),
    ),
  };
}

/** DESIGN §9 fail closed: an unreadable key of an actor this decision depends on is an error. */
export function keysNode(inputs: GateInputs, facts: ChangeFacts): ResultNode {
  if (inputs.keyProblems.length === 0)
    return leaf('keys', 'pass', 'every key in the base actors policy was read');
  const involved = new Set<string>(inputs.approvals.map((a) => a.actor));
  if (facts.proposer !== undefined) involved.add(facts.proposer);
  const children = inputs.keyProblems.map((k, i) => {
    const hit = involved.has(k.actor);
    const source = k.file ? { source: { file: k.file } } : {};
    return leaf(
      `keys/${k.actor}:${i}`,
      hit ? 'error' : 'skip',
      `${k.actor}: ${k.reason}${hit ? '' : ' (not involved in this change)'}`,
      source,
    );
  });
  const errors = children.filter((c) => c.status === 'error');
  return {
    id: 'keys',
    status: errors.length ? 'error' : 'pass',
    reason: errors.length
      ? `cannot verify signatures: ${errors.map((e) => e.reason).join('; ')}`
      : `${children.length} unreadable ${children.length === 1 ? 'key' : 'keys'}, none of an involved actor`,
    numbers: { problems: inputs.keyProblems.length, involved: errors.length },
    ...(errors.length
      ? { fix: 'fix the key files in the base policy (a policy change) and re-run the check' }
      : {}),
    children,
  };
}

/**
 * Governed files the PR adds or changes must themselves be valid (DESIGN §9 fail closed): a policy file the
 * next PR will be judged by, an incident record that becomes immutable on merge, an override request.
 */
export function recordsNode(inputs: GateInputs): ResultNode {
  const problems = inputs.recordProblems;
  const checked = inputs.recordsChecked ?? 0;
  if (problems === undefined || (checked === 0 && problems.length === 0))
    return leaf('records', 'skip', 'no governed policy, incident or override files added or changed');
  if (problems.length === 0)
    return leaf(
      'records',
      'pass',
      `${checked} governed ${checked === 1 ? 'file' : 'files'} added or changed, all valid`,
      {
        numbers: { files: checked },
      },
    );
  return {
    id: 'records',
    status: 'fail',
    reason: `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} in governed files this PR adds or changes`,
    numbers: { files: checked, problems: problems.length },
    fix: 'fix each file named below; `gatehouse validate` lists the same problems',
    children: problems.map((p, i) =>
      leaf(`records/${p.file}:${i}`, 'fail', p.message, {
        source: {
          file: p.file,
          ...(p.line !== undefined ? { line: p.line } : {}),
          ...(p.col !== undefined ? { col: p.col } : {}),
        },
      }),
    ),
  };
}
