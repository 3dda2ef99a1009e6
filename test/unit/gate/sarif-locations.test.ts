/**
 * SARIF for GitHub code scanning: every result has a physical location with a line, rules carry short and
 * full descriptions and help, results carry partialFingerprints, and the log passes the OASIS schema and
 * GitHub's ingestion rules (sarif-check.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../src/gate/evaluate.js';
import { renderSarifLog } from '../../../src/gate/render/sarif.js';
import { group, leaf, type ResultNode } from '../../../src/core/result.js';
import { requireVectors } from '../identity/interop.js';
import { sarifProblems } from './sarif-check.js';

interface Res {
  ruleId: string;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string };
      region: { startLine: number; startColumn?: number };
    };
  }[];
  partialFingerprints: Record<string, string>;
}
interface Rule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
}

function decision(children: ResultNode[], change?: string): Decision {
  const root = group('gate', 'decision', children);
  return {
    allowed: false,
    status: root.status,
    root,
    digest: `sha256:${'0'.repeat(64)}`,
    counted: [],
    ...(change ? { change } : {}),
  };
}

function render(d: Decision, rootFile?: string): { results: Res[]; rules: Rule[]; log: unknown } {
  const log = renderSarifLog(d, { version: '0.1.0', ...(rootFile ? { rootFile } : {}) });
  const run = (log as { runs: { results: Res[]; tool: { driver: { rules: Rule[] } } }[] }).runs[0]!;
  return { results: run.results, rules: run.tool.driver.rules, log };
}

const where = (r: Res) => {
  const p = r.locations[0]!.physicalLocation;
  return `${p.artifactLocation.uri}:${p.region.startLine}${p.region.startColumn ? `:${p.region.startColumn}` : ''}`;
};

describe('SARIF locations for code scanning', () => {
  it('places a missing-manifest denial at the repository root file, never nowhere', () => {
    requireVectors();
    const d = decision([
      leaf(
        'manifest',
        'fail',
        'this PR changes governed paths (state/a.yaml; 2 state ops) but carries no change manifest',
        {
          fix: 'add changes/<ID>/change.yaml',
        },
      ),
    ]);
    const { results, log } = render(d, 'policies/actors.yaml');
    expect(results.map(where)).toEqual(['policies/actors.yaml:1']);
    expect(render(d).results.map(where)).toEqual(['gatehouse.yaml:1']);
    expect(sarifProblems(log)).toEqual([]);
  });

  it('places a YAML error at the file:line:col its message names', () => {
    const d = decision([
      leaf(
        'manifest',
        'fail',
        'changes/CHG-1/change.yaml:3:7: YAML syntax error: Flow sequence must end with a ]',
        {
          fix: 'fix the change manifest',
        },
      ),
    ]);
    const { results, log } = render(d);
    expect(results.map(where)).toEqual(['changes/CHG-1/change.yaml:3:7']);
    expect(sarifProblems(log)).toEqual([]);
  });

  it('gives each schema problem of a manifest its own result and place, with distinct fingerprints', () => {
    const reason = [
      'changes/CHG-1/change.yaml:1:1: /: missing required field "title"',
      'changes/CHG-1/change.yaml:4:8: /level: must be <= 4',
    ].join('\n');
    const { results, log } = render(decision([leaf('manifest', 'fail', reason)]));
    expect(results.map(where)).toEqual(['changes/CHG-1/change.yaml:1:1', 'changes/CHG-1/change.yaml:4:8']);
    expect(results[1]!.message.text).toBe('manifest: changes/CHG-1/change.yaml:4:8: /level: must be <= 4');
    const fps = results.map((r) => r.partialFingerprints['gatehouseFinding/v1']);
    expect(new Set(fps).size).toBe(2);
    expect(sarifProblems(log)).toEqual([]);
  });

  it('puts findings about a whole file (append-only) on its first line, and others at the manifest', () => {
    const manifest = leaf('manifest', 'pass', 'CHG-1', {
      source: { file: 'changes/CHG-1/change.yaml', line: 1 },
    });
    const appendOnly = {
      ...group('append-only', '1 append-only path changed', [
        leaf('append-only/ledger/events/000000000000.jsonl', 'fail', 'modified under ledger/', {
          source: { file: 'ledger/events/000000000000.jsonl' },
        }),
      ]),
    };
    const commits = leaf('commits', 'fail', '1 of 2 commits unsigned', { fix: 'sign them' });
    const { results, log } = render(decision([manifest, appendOnly, commits], 'CHG-1'));
    expect(results.map(where)).toEqual(['ledger/events/000000000000.jsonl:1', 'changes/CHG-1/change.yaml:1']);
    expect(sarifProblems(log)).toEqual([]);
  });

  it('describes every rule with a short and a full description and help, and fingerprints every result', () => {
    const src = { file: 'policies/quorum.yaml', line: 2, col: 5 };
    const { results, rules, log } = render(
      decision([
        leaf('quorum/approval', 'pending', '0/1 approvals', { source: src }),
        leaf('authority/ops', 'fail', 'too many ops', {
          source: { file: 'policies/authority.yaml', line: 4 },
        }),
        leaf('blast-radius/service:park-ticketing', 'fail', '9 > 3', {
          source: { file: 'policies/blast-radius.yaml', line: 1 },
        }),
        leaf('keys', 'error', 'alice: keys/alice.asc unreadable'),
        leaf('some-future-check', 'fail', 'a check this renderer has no text for'),
      ]),
    );
    expect(rules.map((r) => r.id)).toEqual([
      'authority/ops',
      'blast-radius/service',
      'keys',
      'quorum/approval',
      'some-future-check',
    ]);
    for (const r of rules) {
      expect(r.shortDescription.text.length).toBeGreaterThan(10);
      expect(r.fullDescription.text.length).toBeGreaterThan(r.shortDescription.text.length);
      expect(r.help.text.length).toBeGreaterThan(10);
    }
    for (const r of results) expect(Object.keys(r.partialFingerprints)).toEqual(['gatehouseFinding/v1']);
    expect(results.find((r) => r.ruleId === 'quorum/approval')!.partialFingerprints).toEqual(
      render(decision([leaf('quorum/approval', 'pending', '0/1 approvals', { source: src })])).results[0]!
        .partialFingerprints,
    );
    expect(sarifProblems(log)).toEqual([]);
  });

  it('the checker itself refuses a result without a location or fingerprint (so it can fail)', () => {
    const { log } = render(decision([leaf('keys', 'error', 'unreadable')]));
    const run = (log as { runs: { results: Record<string, unknown>[] }[] }).runs[0]!;
    delete run.results[0]!.locations;
    delete run.results[0]!.partialFingerprints;
    expect(sarifProblems(log)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/0 locations/),
        expect.stringMatching(/partialFingerprints are required/),
      ]),
    );
  });
});
