import { readFileSync } from 'node:fs';
import Ajv04Module from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../../src/gate/evaluate.js';
import {
  renderDecision,
  renderJson,
  renderMarkdown,
  renderSarifLog,
  renderText,
  ruleIdFor,
} from '../../../src/gate/render/index.js';
import { approval, authority, inputs, updates } from './helpers.js';

const denied = evaluateGate(
  inputs({
    level: 2,
    ops: updates(12, 'staff-scheduling'),
    approvals: [approval('bob'), approval('carol', { decision: 'reject' })],
    blastRadius: { limits: { percent: 1, service: 0.1, region: 1 } },
  }),
);
const allowed = evaluateGate(inputs({ approvals: [approval('bob')] }));

describe('renderText', () => {
  it('prints one indented line per node with glyph, source and a summary', () => {
    const text = renderText(denied);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('✗ gate: denied: CHG-0042 at level 2 (fail: quorum, blast-radius)');
    expect(lines).toContain(
      '      ✗ quorum/approval/reject:carol: rejected by carol at 2026-01-18T14:30:00Z (veto) (changes/CHG-0042/approvals/carol.yaml:1)',
    );
    expect(text).toContain(
      '  ✗ blast-radius: 12 resources affected in service staff-scheduling; allowed 5 (ceil(50 × 0.10)) (policies/blast-radius.yaml)',
    );
    expect(text).toContain('      fix: needs at most 5 resources in service staff-scheduling');
    expect(lines.at(-1)).toMatch(
      /^CHG-0042 \(level 2\) denied: 12 checks, \d+ pass, 2 fail, \d+ skip; digest sha256:/,
    );
    expect(text).not.toContain('\u001b[');
  });

  it('colours only when asked', () => {
    expect(renderText(allowed, { color: true })).toContain('\u001b[32m✓');
    expect(renderDecision(allowed, 'text')).not.toContain('\u001b[');
  });
});

describe('renderMarkdown', () => {
  it('renders a verdict, a table of checks and what would make it pass', () => {
    const md = renderMarkdown(denied);
    expect(md.startsWith('### ❌ Gatehouse: denied\n')).toBe(true);
    expect(md).toContain('| | Check | Result | Where |');
    expect(md).toContain(
      '| ❌ | &nbsp;&nbsp;↳ `quorum/approval` | vetoed by carol: 1/1 approvals | `policies/quorum.yaml:3` |',
    );
    expect(md).toContain('**To pass:**');
    expect(md).toContain(
      '- `blast-radius/service:staff-scheduling`: reduce the change to at most 5 resources',
    );
    expect(renderMarkdown(allowed)).toContain('### ✅ Gatehouse: allowed');
  });

  it('escapes table cells', () => {
    const d = evaluateGate(inputs({ manifest: { title: 'a | b <script>' }, approvals: [approval('bob')] }));
    const md = renderMarkdown(d);
    expect(md).toContain('a \\| b &lt;script&gt;');
    expect(md).not.toContain('<script>');
  });
});

describe('renderJson', () => {
  it('is one document where every node has id, status, reason and integer numbers', () => {
    const doc = JSON.parse(renderJson(denied)) as { allowed: boolean; root: Record<string, unknown> };
    expect(doc.allowed).toBe(false);
    const walk = (n: Record<string, unknown>): void => {
      expect(Object.keys(n)).toEqual(
        expect.arrayContaining(['id', 'status', 'reason', 'numbers', 'children']),
      );
      for (const v of Object.values(n.numbers as Record<string, number>))
        expect(Number.isInteger(v)).toBe(true);
      for (const c of n.children as Record<string, unknown>[]) walk(c);
    };
    walk(doc.root);
  });
});

// ajv-draft-04 is CommonJS: under NodeNext its default import is the module object at type level.
const Ajv04 = ((Ajv04Module as unknown as { default?: unknown }).default ??
  Ajv04Module) as typeof Ajv04Module.default;

describe('renderSarif', () => {
  const schema = JSON.parse(
    readFileSync('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', 'utf8'),
  ) as object;
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  const validate = ajv.compile(schema);

  it('validates against the SARIF 2.1.0 schema with one result per failing node', () => {
    const log = renderSarifLog(denied, { version: '0.1.0' });
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const run = (
      log.runs as {
        tool: { driver: { name: string; rules: { id: string }[] } };
        results: Record<string, unknown>[];
      }[]
    )[0]!;
    expect(run.tool.driver.name).toBe('gatehouse');
    expect(run.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['quorum/approval', 'error'],
      ['quorum/batch-two-roles', 'warning'],
      ['blast-radius/service', 'error'],
    ]);
    expect(run.results[0]).toMatchObject({
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'changes/CHG-0042/approvals/carol.yaml' },
            region: { startLine: 1 },
          },
        },
      ],
    });
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([
      'blast-radius/service',
      'quorum/approval',
      'quorum/batch-two-roles',
    ]);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex as number]!.id).toBe(r.ruleId);
  });

  it('validates with no results for an allowed change, and locates source-less nodes at the manifest', () => {
    expect(validate(renderSarifLog(allowed))).toBe(true);
    const unsigned = evaluateGate(
      inputs({
        approvals: [approval('bob')],
        authority: authority({ commits: { require_signed: true } }),
        extra: { commits: [{ sha: 'f'.repeat(40), ok: false, reason: 'no signature' }] },
      }),
    );
    const log = renderSarifLog(unsigned);
    expect(validate(log)).toBe(true);
    const res = (log.runs as { results: { ruleId: string; locations: unknown[] }[] }[])[0]!.results;
    expect(res.map((r) => r.ruleId)).toEqual(['commits']);
    expect(res[0]!.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'changes/CHG-0042/change.yaml' },
          region: { startLine: 1 },
        },
      },
    ]);
  });

  it('groups node ids into stable rule ids', () => {
    expect(ruleIdFor('blast-radius/region:us-east-1')).toBe('blast-radius/region');
    expect(ruleIdFor('kill-switches/flip:x')).toBe('kill-switches/flip');
    expect(ruleIdFor('kill-switches/x')).toBe('kill-switches');
    expect(ruleIdFor('append-only/ledger/events/0.jsonl')).toBe('append-only');
    expect(ruleIdFor('quorum/approval/ignored:bob')).toBe('quorum/approval');
  });
});
