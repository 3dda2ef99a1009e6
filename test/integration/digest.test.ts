import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readChangeCore } from '../../src/assembly/change-read.js';
import { examplePolicyFiles } from '../../src/example/park.js';
import { makeRepo } from '../unit/git/fixture.js';
import type { Fixture } from '../unit/git/fixture.js';

const repos: Fixture[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const r of repos.splice(0)) r.cleanup();
});

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(
    (s: string | Uint8Array) => ((out += String(s)), true),
  );
  vi.spyOn(process.stderr, 'write').mockImplementation(
    (s: string | Uint8Array) => ((err += String(s)), true),
  );
  const code = await main(argv);
  vi.restoreAllMocks();
  return { code, out, err };
}

const MANIFEST = `id: CHG-0042
kind: change
title: Raise holiday capacity
proposer: ops-agent
level: 2
proposed_at: 2026-01-18T14:00:00Z
`;

function governed(): Fixture {
  const r = makeRepo('gh-digest-cli-');
  repos.push(r);
  r.commit('governed repo', {
    ...Object.fromEntries(examplePolicyFiles()),
    'state/gates.yaml': 'service: park-ticketing\nresources:\n  - id: gate-a\n    spec: { capacity: 500 }\n',
  });
  r.git('checkout', '-q', '-b', 'pr');
  return r;
}

/** Everything in the work tree and .git refs, to prove a failing command wrote nothing. */
function snapshot(r: Fixture): string {
  return (
    r.git('status', '--porcelain', '--ignored') + '\n' + r.git('for-each-ref') + readdirSync(r.dir).join(',')
  );
}

describe('gatehouse digest', () => {
  it('prints the change id and digest, the same as the change-set reader computes', async () => {
    const r = governed();
    r.commit('raise', {
      'changes/CHG-0042/change.yaml': MANIFEST,
      'state/gates.yaml':
        'service: park-ticketing\nresources:\n  - id: gate-a\n    spec: { capacity: 800 }\n',
      'docs/why.md': 'because\n',
    });
    const { code, out, err } = await run(['digest', '--repo', r.dir, '--base', 'main']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const core = await readChangeCore(r.dir, 'main', 'HEAD');
    const [first, second] = out.trim().split('\n');
    expect(first).toBe(`CHG-0042 ${core.digest}`);
    expect(second).toMatch(/^1 op, 1 file outside state \([0-9a-f]{12}\.\.[0-9a-f]{12}\)$/);
  });

  it('prints one JSON document with --json', async () => {
    const r = governed();
    r.commit('raise', { 'changes/CHG-0042/change.yaml': MANIFEST });
    const { code, out } = await run(['digest', '--repo', r.dir, '--base', 'main', '--head', 'pr', '--json']);
    expect(code).toBe(0);
    const doc = JSON.parse(out) as Record<string, unknown>;
    expect(doc).toMatchObject({ change: 'CHG-0042', ops: 0, files: 0, head: r.head() });
    expect(doc.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('keeps the digest when the manifest is signed and when approvals are added', async () => {
    const r = governed();
    r.commit('raise', { 'changes/CHG-0042/change.yaml': MANIFEST });
    const before = (await run(['digest', '--repo', r.dir, '--base', 'main', '--json'])).out;
    r.commit('sign and approve', {
      'changes/CHG-0042/change.yaml': MANIFEST + 'signature: { type: ssh, value: "x" }\n',
      'changes/CHG-0042/approvals/alice.yaml': 'anything: at all\n',
    });
    const after = (await run(['digest', '--repo', r.dir, '--base', 'main', '--json'])).out;
    expect(JSON.parse(after).digest).toBe(JSON.parse(before).digest);
  });

  it('exits 2 with a clear message and writes nothing when there is no manifest', async () => {
    const r = governed();
    r.commit('no manifest', { 'docs/x.md': 'x\n' });
    const before = snapshot(r);
    const { code, out, err } = await run(['digest', '--repo', r.dir, '--base', 'main']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe('gatehouse: changes/: no change manifest: add changes/<ID>/change.yaml\n');
    expect(snapshot(r)).toBe(before);
  });

  it('exits 2 naming file:line when the manifest is invalid, writing nothing', async () => {
    const r = governed();
    r.commit('bad', { 'changes/CHG-0042/change.yaml': MANIFEST.replace('level: 2', 'level: nine') });
    const before = snapshot(r);
    const { code, err } = await run(['digest', '--repo', r.dir, '--base', 'main']);
    expect(code).toBe(2);
    expect(err).toMatch(/^gatehouse: changes\/CHG-0042\/change\.yaml:5:8: \/level: /);
    expect(snapshot(r)).toBe(before);
  });

  it('exits 2 when --base is missing or names no commit, writing nothing', async () => {
    const r = governed();
    r.commit('raise', { 'changes/CHG-0042/change.yaml': MANIFEST });
    const before = snapshot(r);
    const missing = await run(['digest', '--repo', r.dir]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--base is required');
    const unknown = await run(['digest', '--repo', r.dir, '--base', 'origin/nowhere']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown git ref "origin/nowhere"');
    expect(snapshot(r)).toBe(before);
  });

  it('runs as a process through the CLI entry point', () => {
    const r = governed();
    r.commit('raise', { 'changes/CHG-0042/change.yaml': MANIFEST });
    const out = execFileSync(
      'npx',
      ['tsx', 'src/cli.ts', 'digest', '--repo', r.dir, '--base', 'main', '--json'],
      {
        cwd: process.cwd(),
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(out)).toMatchObject({ change: 'CHG-0042' });
  });
});
