/**
 * DESIGN §2.2 digest stability, as a property over real git repositories: the same logical change gives the same
 * digest whatever base it sits on and however it is split into commits, and any further in-scope edit changes it.
 * Histories are written with `git fast-import` (one process per case) into one repository shared by all cases.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readChangeCore } from '../../../src/assembly/change-read.js';

type Files = Record<string, string | null>;

let dir: string;
let caseNo = 0;

function git(args: string[], input?: string): string {
  return execFileSync('git', args, {
    cwd: dir,
    input,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir },
  }).trim();
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gh-digest-prop-'));
  git(['init', '-q', '-b', 'main']);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A tiny fast-import writer: commits with full control of parents and file contents. */
class History {
  #out: string[] = [];
  #mark = 0;
  #time = 1768744800;
  commit(ref: string, from: number | null, files: Files, merge?: number): number {
    const mark = ++this.#mark;
    const msg = `commit ${mark}`;
    this.#out.push(`commit ${ref}`, `mark :${mark}`, `committer T <t@example.invalid> ${this.#time++} +0000`);
    this.#out.push(`data ${Buffer.byteLength(msg)}`, msg);
    if (from !== null) this.#out.push(`from :${from}`);
    if (merge !== undefined) this.#out.push(`merge :${merge}`);
    for (const [path, content] of Object.entries(files)) {
      if (content === null) this.#out.push(`D ${path}`);
      else this.#out.push(`M 100644 inline ${path}`, `data ${Buffer.byteLength(content)}`, content);
    }
    this.#out.push('');
    return mark;
  }
  run(): void {
    git(
      ['-c', 'fastimport.unpackLimit=100000', 'fast-import', '--quiet', '--force'],
      this.#out.join('\n') + '\n',
    );
  }
}

function stateFile(service: string, values: number[]): string {
  return (
    `service: ${service}\nregion: us-east-1\nresources:\n` +
    values.map((n, i) => `  - id: r${i}\n    spec: { count: ${n} }\n`).join('')
  );
}

function manifest(id: string, title: string): string {
  return (
    `id: ${id}\nkind: change\ntitle: ${title}\nproposer: ops-agent\nlevel: 2\n` +
    `proposed_at: 2026-01-18T14:00:00Z\n`
  );
}

const owner = fc.constantFrom('change', 'drift', 'none');
const scenario = fc.record({
  states: fc.array(fc.record({ owner, initial: fc.array(fc.nat(50), { minLength: 1, maxLength: 3 }) }), {
    minLength: 1,
    maxLength: 4,
  }),
  docs: fc.array(fc.record({ owner, initial: fc.string({ maxLength: 8 }), deleted: fc.boolean() }), {
    minLength: 1,
    maxLength: 3,
  }),
  shift: fc.integer({ min: 1, max: 40 }),
  split: fc.integer({ min: 1, max: 3 }),
  title: fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,20}[A-Za-z]$/),
  extra: fc.nat(),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** The files of the initial tree, the change's final edits, and the base drift's edits. */
function plan(s: Scenario, id: string): { initial: Files; change: Files; drift: Files; inScope: string[] } {
  const initial: Files = {};
  const change: Files = { [`changes/${id}/change.yaml`]: manifest(id, s.title) };
  const drift: Files = {};
  const inScope: string[] = [];
  s.states.forEach((st, i) => {
    const path = `state/svc${i}.yaml`;
    initial[path] = stateFile(`svc${i}`, st.initial);
    const moved = stateFile(
      `svc${i}`,
      st.initial.map((n) => n + s.shift),
    );
    if (st.owner === 'change') change[path] = moved;
    if (st.owner === 'drift') drift[path] = moved;
  });
  s.docs.forEach((d, i) => {
    const path = `docs/d${i}.txt`;
    initial[path] = `doc ${i}: ${d.initial}\n`;
    const next = d.deleted ? null : `doc ${i}: ${d.initial} (edited)\n`;
    if (d.owner === 'change') change[path] = next;
    if (d.owner === 'drift') drift[path] = next;
    if (d.owner !== 'change') inScope.push(path);
  });
  return { initial, change, drift, inScope };
}

/** Split the change's edits over `k` commits, with a throw-away value first for every state file. */
function splits(change: Files, k: number): Files[] {
  const entries = Object.entries(change);
  const out: Files[] = Array.from({ length: k }, () => ({}));
  entries.forEach(([path, content], i) => {
    const at = i % k;
    if (path.startsWith('state/') && k > 1) out[0]![path] = content!.replace(/n: (\d+)/g, 'n: 9999$1');
    out[at]![path] = content;
  });
  return out;
}

describe('change digest stability', () => {
  it('keeps the digest across rebases, merges of the base and commit splits, and changes it on any in-scope edit', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const n = ++caseNo;
        const id = `CHG-${n}`;
        const p = plan(s, id);
        const h = new History();
        const r = (name: string): string => `refs/heads/c${n}/${name}`;
        const b0 = h.commit(r('b0'), null, p.initial);
        const b1 = h.commit(r('b1'), b0, { ...p.drift, 'unrelated.txt': `drift ${n}\n` });
        h.commit(r('b2'), b1, { 'later.txt': `later ${n}\n` });
        const one = h.commit(r('one'), b0, p.change);
        let last = b0;
        for (const part of splits(p.change, s.split)) last = h.commit(r('split'), last, part);
        h.commit(r('rebased'), b1, p.change);
        h.commit(r('merged'), last, { ...p.drift, 'unrelated.txt': `drift ${n}\n` }, b1);
        const scope = [...p.inScope, ...Object.keys(p.initial).filter((f) => f.startsWith('state/'))];
        const target = scope[s.extra % scope.length]!;
        const extraContent = target.startsWith('state/')
          ? stateFile(target.replace(/^state\/(.*)\.yaml$/, '$1'), [100000 + n])
          : `tampered ${n}\n`;
        h.commit(r('extra'), one, { [target]: extraContent });
        h.commit(r('retitled'), one, { [`changes/${id}/change.yaml`]: manifest(id, `${s.title} again`) });
        h.commit(r('approved'), one, { [`changes/${id}/approvals/alice.yaml`]: 'change: x\n' });
        h.run();

        const d = async (base: string, head: string): Promise<string> =>
          (await readChangeCore(dir, r(base), r(head))).digest;
        const reference = await d('b0', 'one');
        expect(reference).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(await d('b0', 'split')).toBe(reference); // a different commit split
        expect(await d('b1', 'rebased')).toBe(reference); // rebased onto a moved base
        expect(await d('b2', 'rebased')).toBe(reference); // the base moved again after the rebase
        expect(await d('b1', 'merged')).toBe(reference); // the base merged into the branch instead
        expect(await d('b0', 'approved')).toBe(reference); // approvals are outside the digest
        expect(await d('b0', 'extra')).not.toBe(reference); // any in-scope edit changes it
        expect(await d('b0', 'retitled')).not.toBe(reference);
      }),
      { numRuns: 200 },
    );
  }, 300_000);
});
