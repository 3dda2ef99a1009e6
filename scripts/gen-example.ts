/**
 * Regenerates the worked example at the project root (DESIGN §8) through Gatehouse's own commands:
 * `init --example park` in a fresh git repository, then one pull request per change — edit state,
 * write and sign the manifest, `approve`, `check`, merge, `record` — with fixed TEST-ONLY keys and a
 * fixed clock, so the result is byte-identical on every run. The governed folders are then copied to
 * the project root.
 *
 *   npm run example            regenerate the example at the project root
 *   npm run example -- --check  regenerate into a temp dir and fail if the root differs
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { stringify } from 'yaml';
import { main } from '../src/cli/main.js';
import { setSpecField } from '../src/demo/edit-state.js';
import { gitAt as git, isoAt as iso } from '../src/demo/git.js';
import { writeExampleKeys } from '../src/demo/keys.js';
import { exampleCheckpointSignerKey } from '../src/example/park.js';
import { exampleHistory } from './example-history.js';
import { runOperations } from './example-operations.js';

export const GOVERNED = [
  'gatehouse.yaml',
  'policies',
  'state',
  'changes',
  'overrides',
  'incidents',
  'ledger',
  // Not governed: the metrics of the example's incident, for `incident detect --metrics`.
  'observability',
];
const START = Date.parse('2026-01-18T09:00:00Z');
const check = process.argv.includes('--check');
const quiet = process.argv.includes('--quiet') || check;

/** Runs a command in process; quiet runs keep its output and show it only when the step fails. */
async function gatehouse(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; output: string }> {
  let output = '';
  const keep = (t: string): void => void (output += t.endsWith('\n') ? t : `${t}\n`);
  const io = quiet ? { stdout: keep, stderr: keep, isTTY: false } : undefined;
  const code = await main(args, { ...process.env, ...env }, io);
  return { code, output };
}

async function run(args: string[], expect: number, what: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const { code, output } = await gatehouse(args, env);
  if (code !== expect)
    throw new Error(
      `${what}: \`gatehouse ${args.join(' ')}\` exited ${code}, expected ${expect}\n${output.split('\n').slice(0, 40).join('\n')}`,
    );
}

async function generate(repo: string): Promise<number> {
  const keysDir = mkdtempSync(join(tmpdir(), 'gatehouse-example-keys-'));
  const keyFile = writeExampleKeys(keysDir);
  const env = { GATEHOUSE_CHECKPOINT_KEY: exampleCheckpointSignerKey() };

  git(repo, ['init', '-q', '-b', 'main'], START);
  await run(
    ['init', repo, '--example', 'park', '--now', iso(START), ...(quiet ? ['--json'] : [])],
    0,
    'init',
  );
  git(repo, ['add', '-A'], START);
  git(
    repo,
    ['commit', '-q', '-m', 'Adopt Gatehouse: the park example, genesis entry and first checkpoint'],
    START,
  );

  let pr = 0;
  for (const step of exampleHistory()) {
    pr++;
    const t = START + step.minute * 60_000;
    const branch = `pr-${pr}`;
    git(repo, ['checkout', '-q', '-b', branch, 'main'], t);
    for (const e of step.edits) setSpecField(repo, e);
    for (const p of step.policyEdits ?? []) {
      const text = readFileSync(join(repo, p.file), 'utf8');
      if (!text.includes(p.from)) throw new Error(`${p.file} has no "${p.from}" to replace`);
      writeFileSync(join(repo, p.file), text.replace(p.from, p.to));
    }
    const manifest = {
      id: step.id,
      kind: step.kind,
      title: step.title,
      proposer: step.proposer,
      level: step.level,
      proposed_at: iso(t),
      justification: step.justification,
      ...(step.extra ?? {}),
    };
    const manifestFile = join(repo, 'changes', step.id, 'change.yaml');
    mkdirSync(dirname(manifestFile), { recursive: true });
    writeFileSync(manifestFile, stringify(manifest, { lineWidth: 0 }));
    if (step.signManifest)
      await run(
        ['sign', manifestFile, '--ssh-key', keyFile(step.proposer), '--repo', repo, '--now', iso(t)],
        0,
        `sign ${step.id}`,
      );
    git(repo, ['add', '-A'], t);
    git(repo, ['commit', '-q', '-m', `${step.id}: ${step.title}`], t);

    let minute = 1;
    // DESIGN §3 via authority/signature: at level 3 no one else approves, so the proposer binds the digest.
    const approvers = step.level >= 3 && step.edits.length > 0 ? [{ actor: step.proposer }] : step.approvers;
    for (const a of approvers) {
      const at = iso(t + minute++ * 60_000);
      const args = [
        'approve',
        step.id,
        '--base',
        'main',
        '--head',
        'HEAD',
        '--ssh-key',
        keyFile(a.actor),
        '--actor',
        a.actor,
      ];
      await run(
        [...args, ...(a.role ? ['--role', a.role] : []), '--repo', repo, '--now', at],
        0,
        `approve ${step.id} by ${a.actor}`,
      );
    }
    if (approvers.length > 0) {
      git(repo, ['add', '-A'], t + minute * 60_000);
      git(repo, ['commit', '-q', '-m', `${step.id}: approvals`], t + minute * 60_000);
    }
    const decidedAt = t + (minute + 1) * 60_000;
    const format = quiet ? ['--format', 'json'] : [];
    await run(
      ['check', '--base', 'main', '--head', branch, '--repo', repo, '--now', iso(decidedAt), ...format],
      0,
      `check ${step.id}`,
    );

    const before = git(repo, ['rev-parse', 'main'], decidedAt);
    git(repo, ['checkout', '-q', 'main'], decidedAt);
    git(
      repo,
      ['merge', '-q', '--no-ff', branch, '-m', `Merge pull request #${pr} from ${branch}\n\n${step.title}`],
      decidedAt,
    );
    const merge = git(repo, ['rev-parse', 'HEAD'], decidedAt);
    const recordArgs = [
      'record',
      '--base',
      before,
      '--head',
      merge,
      '--pr',
      String(pr),
      '--merge-commit',
      merge,
    ];
    await run(
      [...recordArgs, '--repo', repo, '--now', iso(decidedAt + 60_000), ...(quiet ? ['--json'] : [])],
      0,
      `record ${step.id}`,
      env,
    );
    git(repo, ['add', '-A'], decidedAt + 60_000);
    git(repo, ['commit', '-q', '-m', `ledger: record #${pr} (${step.id})`], decidedAt + 60_000);
  }
  // The operations day: interrupt, incident, rollback, alerts, emergency override (scripts/example-operations.ts).
  const lastMinute = exampleHistory().reduce((max, s) => Math.max(max, s.minute), 0);
  pr = await runOperations({
    repo,
    startMs: START,
    startMinute: Math.ceil((lastMinute + 6 * 60) / 60) * 60,
    lastPr: pr,
    keyFile,
    env: { ...process.env, ...env },
    print: quiet ? () => undefined : (line) => console.log(line),
  });
  rmSync(keysDir, { recursive: true, force: true });
  return pr;
}

function listFiles(root: string, rel: string): string[] {
  const abs = join(root, rel);
  if (!existsSync(abs)) return [];
  if (!readdirSync(dirname(abs)).includes(rel.split('/').pop() ?? '')) return [];
  try {
    return readdirSync(abs, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => relative(root, join(d.parentPath, d.name)))
      .sort();
  } catch {
    return [rel];
  }
}

const work = mkdtempSync(join(tmpdir(), 'gatehouse-example-'));
const prs = await generate(work);
if (check) {
  const differ: string[] = [];
  for (const g of GOVERNED) {
    const mine = new Set(listFiles(work, g));
    const theirs = new Set(listFiles('.', g));
    for (const f of new Set([...mine, ...theirs]))
      if (!mine.has(f) || !theirs.has(f) || !readFileSync(join(work, f)).equals(readFileSync(f)))
        differ.push(f);
  }
  rmSync(work, { recursive: true, force: true });
  if (differ.length > 0) {
    console.error(
      `the worked example differs from a fresh regeneration in ${differ.length} files:\n  ${differ.slice(0, 20).join('\n  ')}\nrun \`npm run example\` and commit the result`,
    );
    process.exit(1);
  }
  console.log(`worked example matches a fresh regeneration (${prs} pull requests)`);
} else {
  for (const g of GOVERNED) {
    rmSync(g, { recursive: true, force: true });
    if (existsSync(join(work, g))) cpSync(join(work, g), g, { recursive: true });
  }
  rmSync(work, { recursive: true, force: true });
  console.log(`worked example regenerated from ${prs} pull requests`);
}
