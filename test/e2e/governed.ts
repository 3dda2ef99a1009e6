/**
 * A governed repository driven only through the shipped CLI, the way src/demo drives the worked example:
 * `init --example park`, then the base policy's actors replaced by ones holding the keys made at test time
 * (policies/keys/<actor>.asc from gpg --export, SSH keys inline or as files), committed as the base of every
 * pull request. Branches, state edits, manifests and merges are plain git and YAML; every Gatehouse step is
 * `node dist/cli.js … --repo DIR --now T`.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import {
  baseEnv,
  gitAt,
  json,
  readText,
  runCli,
  tempDir,
  writeFiles,
  type Clock,
  type Run,
} from './harness.js';
import type { Identities } from './identities.js';

/** The park example's actors and roles (`init --example park`); keys are the test's own. */
const ACTORS: { id: string; kind: 'human' | 'agent'; roles: string[]; max_level: number }[] = [
  { id: 'alice', kind: 'human', roles: ['operator', 'security'], max_level: 3 },
  { id: 'bob', kind: 'human', roles: ['sre', 'charter'], max_level: 3 },
  { id: 'carol', kind: 'human', roles: ['charter', 'ethics'], max_level: 2 },
  { id: 'dave', kind: 'human', roles: ['supervisor', 'security'], max_level: 3 },
  { id: 'erin', kind: 'human', roles: ['ethics', 'operator'], max_level: 2 },
  { id: 'ops-agent', kind: 'agent', roles: ['automation'], max_level: 3 },
  { id: 'recommender', kind: 'agent', roles: ['automation'], max_level: 0 },
];

/** GitHub identities for the Action's review mapping (login and numeric id must both match). */
export const GITHUB_LOGINS: Record<string, { login: string; id: number }> = {
  alice: { login: 'alice-ng', id: 1234567 },
  bob: { login: 'bob-osei', id: 7654321 },
};

/** What `keygen --json` prints. */
export interface Keygen {
  fingerprint: string;
  public_key: string;
  secret_key: string;
  /** Where the stanza expects the public key, relative to policies/. */
  key_file: string;
  stanza: string;
}

export class GovernedRepo {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly clock: Clock;
  readonly ids: Identities;
  /** ops-agent's armored OpenPGP secret key from `keygen --type openpgp` (for `--key`). */
  readonly opsKey: string;
  readonly checkpointKey: string;
  readonly keygens: { openpgp: Keygen; ssh: Keygen };
  /** The base commit on main: the policy every pull request is judged by. */
  base = '';

  private constructor(o: {
    dir: string;
    env: NodeJS.ProcessEnv;
    clock: Clock;
    ids: Identities;
    keygens: { openpgp: Keygen; ssh: Keygen };
  }) {
    this.dir = o.dir;
    this.env = o.env;
    this.clock = o.clock;
    this.ids = o.ids;
    this.keygens = o.keygens;
    this.opsKey = o.keygens.openpgp.secret_key;
    this.checkpointKey = join(o.dir, '.gatehouse', 'checkpoint.key');
  }

  /** `init --example park` in a fresh repository, actors re-keyed, committed on main at minute 0. */
  static create(ids: Identities, clock: Clock): GovernedRepo {
    const dir = tempDir('repo');
    const keyDir = tempDir('keygen');
    const env = baseEnv(tempDir('home'), ids.env);
    gitAt(dir, env, clock.iso(0), ['init', '-q', '-b', 'main']);
    const init = runCli(['init', '.', '--example', 'park', '--json', '--now', clock.iso(0)], {
      cwd: dir,
      env,
    });
    if (init.code !== 0) throw new Error(`init --example park exited ${init.code}: ${init.stderr}`);
    const keygen = (actor: string, type: 'openpgp' | 'ssh'): Keygen => {
      const out = join(keyDir, type);
      // Dated before the scenario: a key cannot sign before it was made.
      const run = runCli(
        ['keygen', '--actor', actor, '--type', type, '--out', out, '--json', '--now', clock.iso(-10)],
        { cwd: dir, env },
      );
      return json<Keygen>(run, `keygen --type ${type}`);
    };
    const keygens = { openpgp: keygen('ops-agent', 'openpgp'), ssh: keygen('recommender', 'ssh') };
    const repo = new GovernedRepo({ dir, env, clock, ids, keygens });
    repo.writePolicyKeys();
    repo.base = repo.commit(['.'], 'Adopt Gatehouse: park example, e2e keys', 0);
    return repo;
  }

  /** policies/actors.yaml holding the test's keys; the example's TEST-ONLY public keys removed. */
  private writePolicyKeys(): void {
    const keysDir = join(this.dir, 'policies', 'keys');
    for (const f of readdirSync(keysDir)) if (f.includes('TEST-ONLY')) rmSync(join(keysDir, f));
    const files: Record<string, string> = {};
    const keys = new Map<string, Record<string, string>[]>(ACTORS.map((a) => [a.id, []]));
    for (const g of Object.values(this.ids.gpg)) {
      files[`policies/keys/${g.actor}.asc`] = g.publicKey;
      keys.get(g.actor)?.push({ type: 'openpgp', file: `keys/${g.actor}.asc` });
    }
    for (const s of Object.values(this.ids.ssh)) {
      if (s.actor === 'ops-agent') {
        files['policies/keys/ops-agent.pub'] = `${s.pub}\n`;
        keys.get(s.actor)?.push({ type: 'ssh', file: 'keys/ops-agent.pub' });
      } else keys.get(s.actor)?.push({ type: 'ssh', key: s.pub });
    }
    // keygen wrote the key pair and printed the stanza; its public half goes where the stanza says.
    for (const [actor, k] of [
      ['ops-agent', this.keygens.openpgp],
      ['recommender', this.keygens.ssh],
    ] as const) {
      files[`policies/${k.key_file}`] = readFileSync(k.public_key, 'utf8');
      const stanza = parseDocument(k.stanza).toJS() as { keys: Record<string, string>[] }[];
      keys.get(actor)?.push(...(stanza[0]?.keys ?? []));
    }
    const actors = ACTORS.map((a) => ({
      ...a,
      name: `${a.id} (e2e)`,
      ...(GITHUB_LOGINS[a.id] ? { github: GITHUB_LOGINS[a.id] } : {}),
      keys: keys.get(a.id),
    }));
    files['policies/actors.yaml'] = stringify({ actors }, { lineWidth: 0 });
    writeFiles(this.dir, files);
  }

  /** `gatehouse ARGS --repo DIR --now <minute>`; throws unless it exits with `expect`. */
  cli(args: readonly string[], minute: number, expect: number | null = 0): Run {
    const run = runCli([...args, '--repo', this.dir, '--now', this.clock.iso(minute)], {
      cwd: this.dir,
      env: this.env,
    });
    if (expect !== null && run.code !== expect)
      throw new Error(
        `gatehouse ${args.join(' ')} exited ${run.code}, expected ${expect}\n${run.stdout}\n${run.stderr}`,
      );
    return run;
  }

  git(args: readonly string[], minute: number, config: readonly string[] = []): string {
    return gitAt(this.dir, this.env, this.clock.iso(minute), args, config);
  }

  branch(name: string, minute: number, from = 'main'): void {
    this.git(['checkout', '-q', '-b', name, from], minute);
  }

  commit(paths: readonly string[], message: string, minute: number, config: readonly string[] = []): string {
    this.git(['add', '--', ...paths], minute);
    this.git(['commit', '-q', '-m', message], minute, ['commit.gpgsign=false', ...config]);
    return this.git(['rev-parse', 'HEAD'], minute);
  }

  /** spec.<field> of one resource in state/<service>/<region>.yaml as the work tree holds it. */
  spec(service: string, region: string, id: string, field: string): unknown {
    const doc = parseDocument(readText(this.dir, `state/${service}/${region}.yaml`)).toJS() as {
      resources: { id: string; spec: Record<string, unknown> }[];
    };
    return doc.resources.find((r) => r.id === id)?.spec[field];
  }

  /** Sets spec.<field> of one resource in state/<service>/<region>.yaml, keeping the rest of the file. */
  setSpec(service: string, region: string, id: string, field: string, value: unknown): void {
    const path = `state/${service}/${region}.yaml`;
    const doc = parseDocument(readText(this.dir, path));
    const items = (
      doc.get('resources') as { items: { get(k: string): unknown; setIn(p: string[], v: unknown): void }[] }
    ).items;
    const res = items.find((r) => r.get('id') === id);
    if (!res) throw new Error(`no resource ${id} in ${path}`);
    res.setIn(['spec', field], value);
    writeFiles(this.dir, { [path]: doc.toString({ lineWidth: 0 }) });
  }

  /** Writes changes/<id>/change.yaml (unsigned); returns its path relative to the repository. */
  manifest(m: { id: string; title: string; proposer: string; level: number; minute: number }): string {
    const path = `changes/${m.id}/change.yaml`;
    const doc = {
      id: m.id,
      kind: 'change',
      title: m.title,
      proposer: m.proposer,
      level: m.level,
      proposed_at: this.clock.iso(m.minute),
      justification: `${m.title} (e2e)`,
    };
    writeFiles(this.dir, { [path]: stringify(doc, { lineWidth: 0 }) });
    return path;
  }

  /**
   * Merges `branch` into main (--no-ff), runs `record` for main^1..main with the PR number and the checkpoint
   * key, and commits the ledger, as the Action does on push. Returns record's JSON.
   */
  mergeAndRecord(branch: string, pr: number, minute: number): { entries: { seq: number; type: string }[] } {
    this.git(['checkout', '-q', 'main'], minute);
    this.git(['merge', '-q', '--no-ff', branch, '-m', `Merge pull request #${pr} from ${branch}`], minute);
    const run = this.cli(
      [
        'record',
        '--base',
        'main^1',
        '--head',
        'main',
        '--pr',
        String(pr),
        '--checkpoint-key',
        this.checkpointKey,
        '--json',
      ],
      minute,
    );
    const doc = json<{ entries?: { seq: number; type: string }[] }>(run, 'record');
    const entries = doc.entries ?? [];
    if (entries.length > 0) this.commit(['ledger'], `ledger: record #${pr}`, minute);
    return { entries };
  }
}
