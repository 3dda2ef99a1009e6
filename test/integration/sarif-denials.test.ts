/**
 * `check --format sarif` over real repositories, one per kind of denial: each log passes the OASIS SARIF
 * 2.1.0 schema and GitHub's ingestion rules, every result sits at a file of the repository and a line, and
 * the result names the check that denied.
 */
import { describe, expect, it } from 'vitest';
import { governedRepos, withCapacity, type GovernedRepo } from '../fixtures/governed-repo.js';
import { requireVectors } from '../unit/identity/interop.js';
import { sarifProblems } from '../unit/gate/sarif-check.js';

const repo = governedRepos();

interface Res {
  ruleId: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
}

const twoOps = () => ({
  'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 2),
});

/** Each denial kind: how to make it on a fresh PR branch, and the rule its result must carry. */
const KINDS: {
  name: string;
  rule: string;
  opts?: Parameters<typeof repo>[0];
  make(r: GovernedRepo): Promise<void> | void;
}[] = [
  { name: 'missing manifest', rule: 'manifest', make: (r) => void r.commit('no manifest', twoOps()) },
  {
    name: 'manifest with a YAML syntax error',
    rule: 'manifest',
    make: (r) =>
      void r.commit('broken', { 'changes/CHG-1/change.yaml': 'id: CHG-1\nkind: [oops\n', ...twoOps() }),
  },
  {
    name: 'manifest failing its schema',
    rule: 'manifest',
    make: (r) =>
      void r.commit('bad', {
        'changes/CHG-1/change.yaml': 'id: CHG-1\nkind: change\nproposer: ops-agent\nlevel: 9\n',
      }),
  },
  {
    name: 'authority (level 1 with two ops) and quorum (no approval)',
    rule: 'authority/ops',
    make: (r) =>
      void r.commit('raise', {
        ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }),
        ...twoOps(),
      }),
  },
  {
    name: 'quorum veto and a stale approval',
    rule: 'quorum/approval',
    async make(r) {
      r.commit('raise', { ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 2 }), ...twoOps() });
      r.commit('votes', {
        ...(await r.approval('CHG-1', 'alice', { digest: `sha256:${'0'.repeat(64)}` })),
        ...(await r.approval('CHG-1', 'bob', { decision: 'reject' })),
      });
    },
  },
  {
    name: 'append-only (a ledger file edited by the PR)',
    rule: 'append-only',
    make: (r) =>
      void r.commit('edit ledger', {
        ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }),
        'ledger/events/000000000000.jsonl': '{"edited":true}\n',
      }),
  },
  {
    name: 'blast radius over its limit',
    rule: 'blast-radius/percent',
    opts: { blastRadius: 'limits: { percent: 0.01, service: 0.01, region: 0.01 }\n' },
    make: (r) =>
      void r.commit('raise', {
        ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 2 }),
        ...twoOps(),
      }),
  },
  {
    name: "an involved actor's key unreadable on the base",
    rule: 'keys',
    opts: { files: { 'policies/keys/ops-agent.pub': 'not a key\n' } },
    make: (r) =>
      void r.commit('raise', {
        ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }),
        ...twoOps(),
      }),
  },
];

describe('check --format sarif for every kind of denial', () => {
  for (const kind of KINDS)
    it(`${kind.name}: passes the schema and GitHub's rules, with a repository file and line on every result`, async () => {
      requireVectors();
      const r = repo(kind.opts);
      r.branch();
      await kind.make(r);
      const res = await r.cli('check', '--base', 'main', '--format', 'sarif');
      expect(res.code, res.err).toBe(1);
      const log = JSON.parse(res.out) as { runs: { results: Res[] }[] };
      expect(sarifProblems(log)).toEqual([]);
      const results = log.runs[0]!.results;
      expect(results.map((x) => x.ruleId)).toContain(kind.rule);
      for (const x of results) {
        const { uri } = x.locations[0]!.physicalLocation.artifactLocation;
        // The file is in the repository: at the PR head, or (a deleted path) on the base branch.
        const known = r.git('ls-tree', '-r', '--name-only', 'HEAD').split('\n');
        const onBase = r.git('ls-tree', '-r', '--name-only', 'main').split('\n');
        expect([...known, ...onBase], `${x.ruleId} at ${uri}`).toContain(uri);
        expect(x.locations[0]!.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      }
    });

  it('locates a YAML error at the line and column the message names', async () => {
    const r = repo();
    r.branch();
    r.commit('broken', { 'changes/CHG-1/change.yaml': 'id: CHG-1\nkind: [oops\n', ...twoOps() });
    const res = await r.cli('check', '--base', 'main', '--format', 'sarif');
    const results = (JSON.parse(res.out) as { runs: { results: Res[] }[] }).runs[0]!.results;
    const manifest = results.find((x) => x.ruleId === 'manifest')!;
    const m = /changes\/CHG-1\/change\.yaml:(\d+):(\d+)/.exec(manifest.message.text)!;
    expect(manifest.locations[0]!.physicalLocation).toMatchObject({
      artifactLocation: { uri: 'changes/CHG-1/change.yaml' },
      region: { startLine: Number(m[1]), startColumn: Number(m[2]) },
    });
  });

  it('places a repository-wide finding at gatehouse.yaml when the repository has one', async () => {
    const r = repo({ files: { 'gatehouse.yaml': 'paths: { policies: policies }\n' } });
    r.branch();
    r.commit('no manifest', twoOps());
    const res = await r.cli('check', '--base', 'main', '--format', 'sarif');
    const results = (JSON.parse(res.out) as { runs: { results: Res[] }[] }).runs[0]!.results;
    const manifest = results.find((x) => x.ruleId === 'manifest')!;
    expect(manifest.locations[0]!.physicalLocation.artifactLocation.uri).toBe('gatehouse.yaml');
  });
});
