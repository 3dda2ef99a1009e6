/**
 * `check` output and bad input over real repositories: every --json node carries id, status, reason and
 * numbers; markdown renders the tree; SARIF validates against the 2.1.0 schema; a spawned `check` exits 1 on
 * a denial; bad input exits 2 with file:line and writes nothing.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  NOW,
  governedRepos,
  withCapacity,
  type DecisionNode,
  type GovernedRepo,
} from '../fixtures/governed-repo.js';

const repo = governedRepos();

/** A denied level-1 change: two ops, a stale approval, a veto. */
async function denied(): Promise<GovernedRepo> {
  const r = repo();
  r.branch();
  r.commit('raise', {
    ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }),
    'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 2),
  });
  r.commit('votes', {
    ...(await r.approval('CHG-1', 'alice', { digest: `sha256:${'0'.repeat(64)}` })),
    ...(await r.approval('CHG-1', 'bob', { decision: 'reject' })),
  });
  return r;
}

// ajv-draft-04 is CommonJS: under NodeNext its default import is the module object at type level.
const Ajv04 = ((Ajv04Module as unknown as { default?: unknown }).default ??
  Ajv04Module) as typeof Ajv04Module.default;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as typeof addFormatsModule.default;

describe('check output', () => {
  it('gives every --json node an id, status, reason and numbers', async () => {
    const r = await denied();
    const { code, doc } = await r.check();
    expect(code).toBe(1);
    expect(doc).toMatchObject({ allowed: false, status: 'fail', change: 'CHG-1', level: 1 });
    let count = 0;
    const walk = (n: DecisionNode, parent?: DecisionNode): void => {
      count++;
      expect(typeof n.id).toBe('string');
      expect(['skip', 'pass', 'pending', 'fail', 'error']).toContain(n.status);
      expect(n.reason.length).toBeGreaterThan(0);
      expect(n.numbers).toBeTypeOf('object');
      for (const v of Object.values(n.numbers)) expect(Number.isInteger(v)).toBe(true);
      // Every failing leaf says what would make it pass, itself or through its parent.
      if (n.status === 'fail' && n.children.length === 0) expect(n.fix ?? parent?.fix).toBeTruthy();
      n.children.forEach((c) => walk(c, n));
    };
    walk(doc.root);
    expect(count).toBeGreaterThan(15);
  });

  it('renders the decision tree as markdown', async () => {
    const r = await denied();
    const md = await r.cli('check', '--base', 'main', '--format', 'markdown');
    expect(md.code).toBe(1);
    expect(md.out.split('\n')[0]).toBe('### ❌ Gatehouse: denied');
    expect(md.out).toContain('| ❌ | `authority` |');
    expect(md.out).toContain('| ❌ | &nbsp;&nbsp;↳ `authority/ops` |');
    expect(md.out).toContain('| ❌ | &nbsp;&nbsp;↳ `quorum/approval` | vetoed by bob');
    expect(md.out).toContain('split it into one change per op');
  });

  it('prints SARIF 2.1.0 that validates, with file:line locations', async () => {
    const r = await denied();
    const res = await r.cli('check', '--base', 'main', '--format', 'sarif');
    expect(res.code).toBe(1);
    const log = JSON.parse(res.out) as {
      runs: {
        results: {
          ruleId: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
          }[];
        }[];
      }[];
    };
    const schema = JSON.parse(
      readFileSync('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', 'utf8'),
    ) as object;
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv as unknown as Parameters<typeof addFormats>[0]); // uri, date-time: checked, not ignored
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const results = log.runs[0]!.results;
    expect(results.map((x) => x.ruleId)).toContain('authority/ops');
    const veto = results.find(
      (x) => x.locations[0]!.physicalLocation.artifactLocation.uri === 'changes/CHG-1/approvals/bob.yaml',
    );
    expect(veto?.locations[0]!.physicalLocation.region?.startLine).toBe(1);
  });

  it('exits 1 on a denial when run as a process, and prints the phase split with --timings', async () => {
    const r = await denied();
    const run = spawnSync(
      'npx',
      ['tsx', 'src/cli.ts', 'check', '--base', 'main', '--repo', r.dir, '--now', NOW, '--timings'],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('CHG-1 (level 1) denied');
    const timings = /^timings (\{.*\})$/m.exec(run.stderr);
    expect(timings).not.toBeNull();
    expect(Object.keys(JSON.parse(timings![1]!) as object)).toEqual([
      'startup_ms',
      'git_read_ms',
      'signatures_ms',
      'evaluation_ms',
      'total_ms',
    ]);
  });
});

describe('check and record: bad input (exit 2, file:line, nothing written)', () => {
  it('refuses an invalid state document at head', async () => {
    const r = await denied();
    r.commit('broken state', {
      'state/park-ticketing/us-east-1.yaml': 'service: park-ticketing\nresources:\n  - id: [oops\n',
    });
    const before = r.snapshot();
    const res = await r.cli('check', '--base', 'main');
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/state\/park-ticketing\/us-east-1\.yaml:\d+(:\d+)?: /);
    expect(r.snapshot()).toBe(before);
  });

  it('refuses a malformed --github-approvals file, naming the element line', async () => {
    const r = await denied();
    const file = join(r.keysDir, 'approvals.json');
    writeFileSync(
      file,
      '[\n  {"change": "CHG-1", "digest": "sha256:x", "actor": "bob", "ts": "2026-01-18T14:00:00Z", "reviewId": 1},\n  {"change": "CHG-1"}\n]\n',
    );
    const before = r.snapshot();
    for (const cmd of ['check', 'record']) {
      const res = await r.cli(cmd, '--base', 'main', '--github-approvals', file);
      expect(res.code).toBe(2);
      expect(res.err).toContain(`${file}:3: /1: digest must be a non-empty string`);
    }
    expect(r.snapshot()).toBe(before);
  });

  it('refuses an unknown base ref and an unknown --format', async () => {
    const r = await denied();
    const before = r.snapshot();
    const ref = await r.cli('check', '--base', 'no-such-branch');
    expect(ref.code).toBe(2);
    expect(ref.err).toContain('no-such-branch');
    const fmt = await r.cli('check', '--base', 'main', '--format', 'html');
    expect(fmt.code).toBe(2);
    expect(fmt.err).toContain('--format must be one of text, json, markdown, sarif');
    expect(r.snapshot()).toBe(before);
  });

  it('refuses a bad checkpoint key before recording anything, without echoing it', async () => {
    const r = await denied();
    const m = r.merge();
    const before = r.snapshot();
    const env = { ...process.env, GATEHOUSE_CHECKPOINT_KEY: 'PRIVATE+KEY+secret-material' };
    const res = await r.cliEnv(env, 'record', '--base', m.before, '--head', m.after);
    expect(res.code).toBe(2);
    expect(res.err).toContain('GATEHOUSE_CHECKPOINT_KEY: not a checkpoint signer key');
    expect(res.err).not.toContain('secret-material');
    expect(r.snapshot()).toBe(before);
  });
});
