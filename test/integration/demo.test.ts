import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DemoFailure } from '../../src/demo/driver.js';
import { runDemo, type DemoResult } from '../../src/demo/run.js';
import { STEPS } from '../../src/demo/scenario.js';
import type { ResultNode } from '../../src/core/result.js';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'gatehouse-demo-test-'));

function capture(): {
  io: { stdout: (t: string) => void; stderr: (t: string) => void; isTTY: boolean };
  out: string[];
  err: string[];
} {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), isTTY: false }, out, err };
}

function ledgerEntries(dir: string): {
  seq: number;
  type: string;
  actor: string;
  subject?: { change?: string };
  body: Record<string, unknown>;
}[] {
  const events = join(dir, 'ledger', 'events');
  return readdirSync(events)
    .sort()
    .flatMap((f) => readFileSync(join(events, f), 'utf8').split('\n').filter(Boolean))
    .map((l) => JSON.parse(l));
}

function node(root: ResultNode, id: string): ResultNode | undefined {
  if (root.id === id) return root;
  for (const c of root.children) {
    const f = node(c, id);
    if (f) return f;
  }
  return undefined;
}

describe('demo', () => {
  let result: DemoResult;
  let lines: string[];

  beforeAll(async () => {
    lines = [];
    result = await runDemo({
      out: join(fresh(), 'repo'),
      print: (l) => void lines.push(l),
      run: main,
      env: process.env,
    });
  });

  it('runs every step of the lifecycle and reports success', () => {
    expect(result.failed).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.done).toEqual(STEPS.map((s) => s.title));
  });

  it('prints each step with the command a user would type, without --repo or --now', () => {
    const commands = lines.filter((l) => l.startsWith('  $ gatehouse '));
    for (const c of [
      'init',
      'sign',
      'approve',
      'check',
      'record',
      'incident detect',
      'incident rca',
      'rollback',
      'override sign',
      'verify',
      'report',
    ])
      expect(commands.some((l) => l.startsWith(`  $ gatehouse ${c}`))).toBe(true);
    expect(commands.join('\n')).not.toMatch(/--repo|--now/);
    expect(commands.join('\n')).not.toContain(result.dir);
  });

  it('allows the level-2 batch with two approvals from different roles', () => {
    const d = result.facts.batch!.decision;
    expect(d.allowed).toBe(true);
    expect(d.level).toBe(2);
    expect(d.counted.map((c) => [c.actor, c.role])).toEqual([
      ['alice', 'operator'],
      ['bob', 'sre'],
    ]);
    expect(lines.some((l) => /✓ quorum: /.test(l))).toBe(true);
  });

  it('grows the ledger with every recorded change', () => {
    const sizes = result.facts.ledgerSizes;
    expect(sizes[0]).toBe(1);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeGreaterThan(sizes[i - 1]!);
    const entries = ledgerEntries(result.dir);
    expect(entries.length).toBe(sizes[sizes.length - 1]);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i));
    expect(entries[result.facts.batch!.seq]).toMatchObject({
      type: 'change.applied',
      subject: { change: 'CHG-0001' },
    });
    expect(entries[result.facts.levelThree!.seq]).toMatchObject({
      type: 'change.applied',
      subject: { change: 'CHG-0002' },
    });
  });

  it('detects the spike on the changed service and region only', () => {
    expect(result.facts.anomaly).toMatchObject({
      metric: 'http_error_rate',
      labels: { service: 'park-ticketing', region: 'us-west-2' },
    });
  });

  it('ranks the level-3 change first in the root cause analysis', () => {
    expect(result.facts.rcaFirst).toMatchObject({
      seq: result.facts.levelThree!.seq,
      change: 'CHG-0002',
      level: 3,
    });
  });

  it('rolls the level-3 change back through the gate and restores its state', () => {
    const rb = result.facts.rollback!;
    expect(rb.decision.allowed).toBe(true);
    const entry = ledgerEntries(result.dir)[rb.seq]!;
    expect(entry.type).toBe('rollback.applied');
    // DESIGN §3: alice rolled the level-3 change back inside its observation window: an interrupt, first.
    const interrupt = ledgerEntries(result.dir)[rb.seq - 1]!;
    expect(interrupt).toMatchObject({
      type: 'interrupt',
      actor: 'alice',
      subject: { change: rb.change },
      body: { interrupted: result.facts.levelThree!.seq, change: result.facts.levelThree!.change },
    });
    const state = readFileSync(join(result.dir, 'state/park-ticketing/us-west-2.yaml'), 'utf8');
    expect(state).not.toContain('capacity: 1200');
  });

  it('commits a resolved incident record naming the culprit', () => {
    const file = join(result.dir, 'incidents', `${result.facts.incident}.md`);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(new RegExp(`culprit: ${result.facts.levelThree!.seq}\\b`));
    expect(text).toMatch(/resolved_at: 2026-01-18T09:55:00Z/);
    expect(
      execFileSync('git', ['ls-files', '--', `incidents/${result.facts.incident}.md`], {
        cwd: result.dir,
        encoding: 'utf8',
      }).trim(),
    ).not.toBe('');
  });

  it('denies the oversized change on blast radius, then activates the override with three roles', () => {
    expect(node(result.facts.overrideDenied!.root, 'blast-radius')?.status).toBe('fail');
    const sigs = readdirSync(join(result.dir, 'overrides', result.facts.overrideId!, 'signatures')).sort();
    expect(sigs).toEqual(['bob.yaml', 'carol.yaml', 'dave.yaml']);
    const d = result.facts.overridden!.decision;
    expect(d.allowed).toBe(true);
    expect(node(d.root, 'blast-radius')?.reason).toMatch(/overridden by OVR-/);
    const entry = ledgerEntries(result.dir)[result.facts.overridden!.seq]!;
    expect(entry).toMatchObject({ type: 'change.applied', subject: { change: 'CHG-0003' } });
    expect(JSON.stringify(entry.body)).toContain(result.facts.overrideId!);
  });

  it('ends with a verified ledger and a report index', () => {
    expect(result.facts.verifyOk).toBe(true);
    expect(result.facts.reportIndex).toBe(join(result.dir, 'report', 'index.html'));
    expect(existsSync(result.facts.reportIndex!)).toBe(true);
    expect(readFileSync(result.facts.reportIndex!, 'utf8')).toMatch(/<html/i);
  });

  it('leaves main checked out with a clean work tree apart from the demo outputs', () => {
    const status = execFileSync('git', ['status', '--porcelain'], { cwd: result.dir, encoding: 'utf8' });
    expect(
      execFileSync('git', ['branch', '--show-current'], { cwd: result.dir, encoding: 'utf8' }).trim(),
    ).toBe('main');
    expect(status.split('\n').filter(Boolean).sort()).toEqual(['?? observability/', '?? report/']);
  });
});

describe('demo command', () => {
  it('runs through the CLI with --json and names the report', async () => {
    const dir = join(fresh(), 'out');
    const c = capture();
    expect(await main(['demo', '--out', dir, '--json'], process.env, c.io)).toBe(0);
    const doc = JSON.parse(c.out.join(''));
    expect(doc).toMatchObject({ ok: true, dir, report: join(dir, 'report', 'index.html') });
    expect(doc.steps).toHaveLength(STEPS.length);
  });

  it('refuses an --out directory that is not empty and writes nothing', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const c = capture();
    expect(await main(['demo', '--out', dir], process.env, c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/is not empty/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('refuses an --out path that is a file, and stray arguments, with exit 2 and nothing written', async () => {
    const dir = fresh();
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'mine');
    const c = capture();
    expect(await main(['demo', '--out', file], process.env, c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/notes\.txt is a file/);
    expect(await main(['demo', 'extra', '--out', join(dir, 'x')], process.env, c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/demo takes no arguments/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  it('stops at the first step that does not do what it should', async () => {
    const lines: string[] = [];
    let after = false;
    const r = await runDemo({
      out: join(fresh(), 'repo'),
      print: (l) => void lines.push(l),
      run: main,
      steps: [
        STEPS[0]!,
        {
          title: 'a step that fails',
          run: () => Promise.reject(new DemoFailure('the gate said no')),
        },
        {
          title: 'never reached',
          run: () => Promise.resolve(void (after = true)),
        },
      ],
    });
    expect(r.ok).toBe(false);
    expect(r.failed).toEqual({ step: 'a step that fails', message: 'the gate said no' });
    expect(r.done).toEqual([STEPS[0]!.title]);
    expect(after).toBe(false);
  });

  it('fails a step whose command exits with an unexpected code, naming the command', async () => {
    const r = await runDemo({
      out: join(fresh(), 'repo'),
      print: () => undefined,
      run: main,
      steps: [
        STEPS[0]!,
        {
          title: 'check a branch that does not exist',
          run: async (d) => void (await d.check('main', 'no-such-branch', 1, true)),
        },
      ],
    });
    expect(r.ok).toBe(false);
    expect(r.failed?.message).toMatch(
      /`gatehouse check --base main --head no-such-branch` exited 2, expected 0/,
    );
  });
});
