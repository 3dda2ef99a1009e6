/**
 * What a change may hold, through the CLI on real governed repositories (real git, real keys): YAML that a
 * YAML 1.1 reader takes differently, merge keys and runaway nesting are bad input (exit 2, file:line:col, nothing
 * written) for `validate`, `check` and `simulate`; a file-mode change after approval changes the digest.
 */
import { chmodSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  governedRepos,
  node,
  stateFiles,
  withCapacity,
  type GovernedRepo,
} from '../fixtures/governed-repo.js';

const repo = governedRepos();
const FILE = 'state/park-ticketing/us-east-1.yaml';

/** A PR on branch `pr` that rewrites FILE with `edit`, with a signed manifest. */
function prEditing(r: GovernedRepo, edit: (text: string) => string): void {
  r.branch();
  const text = stateFiles(r.perCell)[FILE]!;
  const next = edit(text);
  expect(next).not.toBe(text);
  r.commit('edit state', { [FILE]: next, ...r.manifest({ id: 'CHG-1', proposer: 'alice', level: 3 }) });
}

/** validate, check and simulate all refuse with exit 2 and `message`, and write nothing. */
async function refusedEverywhere(r: GovernedRepo, message: string): Promise<void> {
  const before = r.snapshot();
  for (const argv of [
    ['validate'],
    ['check', '--base', 'main', '--head', 'HEAD'],
    ['simulate', '--base', 'main', '--head', 'HEAD'],
  ]) {
    const res = await r.cli(...argv);
    expect(res.code, `${argv[0]}: ${res.out}${res.err}`).toBe(2);
    expect(`${res.out}${res.err}`, argv[0]).toContain(message);
    expect(r.snapshot(), argv[0]).toBe(before);
  }
}

describe('YAML 1.1 / 1.2 hazards in state files', () => {
  it('refuses capacity: 0500 (500 here, octal 320 to a YAML 1.1 reader) with file:line:col and the fix', async () => {
    const r = repo();
    prEditing(r, (t) => t.replace('capacity: 500', 'capacity: 0500'));
    await refusedEverywhere(
      r,
      `${FILE}:6:17: 0500 is the integer 500 in YAML 1.2 but the octal number 320 in YAML 1.1 (a leading zero means octal there): write 500 for the number, or quote it ("0500") to keep the string`,
    );
  });

  it('refuses a plain yes, and a sexagesimal time, naming each position', async () => {
    const r = repo();
    prEditing(r, (t) => t.replace('capacity: 500', 'capacity: 500\n      open: yes\n      opens: 9:30'));
    await refusedEverywhere(r, `${FILE}:7:13: yes is a string in YAML 1.2 but the boolean true in YAML 1.1`);
    const res = await r.cli('check', '--base', 'main', '--head', 'HEAD');
    expect(res.err).toContain(
      `${FILE}:8:14: 9:30 is a string in YAML 1.2 but the base-60 number 570 in YAML 1.1`,
    );
  });

  it('accepts the same values quoted, as strings', async () => {
    const r = repo();
    prEditing(r, (t) => t.replace('capacity: 500', 'capacity: 500\n      open: "yes"\n      opens: "9:30"'));
    const v = await r.cli('validate');
    expect(v.code, v.err).toBe(0);
    const c = await r.check();
    expect(c.err).toBe('');
    expect(c.doc.digest).toMatch(/^sha256:/);
  });

  it('refuses a merge key, which YAML 1.2 would keep as a literal "<<" key', async () => {
    const r = repo();
    prEditing(r, (t) =>
      t
        .replace('  - id: us-east-1-r01\n    spec:', '  - id: us-east-1-r01\n    spec: &base')
        .replace(
          '  - id: us-east-1-r02\n    spec:\n      capacity: 500',
          '  - id: us-east-1-r02\n    spec:\n      <<: *base',
        ),
    );
    await refusedEverywhere(r, `${FILE}:9:7: merge key "<<" is not allowed`);
  });

  it('refuses 10,000-deep nesting with the limit instead of a stack overflow', async () => {
    const r = repo();
    prEditing(r, (t) =>
      t.replace('capacity: 500', `capacity: 500\n      deep: ${'['.repeat(10_000)}${']'.repeat(10_000)}`),
    );
    await refusedEverywhere(r, `${FILE}:7:73: nesting deeper than 64 levels`);
  });
});

describe('the digest covers file modes (DESIGN §2.2, extended)', () => {
  /** A level-1 change of one resource plus scripts/deploy.sh, approved by alice. */
  async function approvedWithScript(r: GovernedRepo): Promise<string> {
    r.branch();
    r.commit('change', {
      [FILE]: withCapacity(r.perCell, 'park-ticketing', 'us-east-1', 1),
      'scripts/deploy.sh': 'echo deploy\n',
      ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 1 }),
    });
    await r.approve('CHG-1', ['alice']);
    const c = await r.check();
    expect(c.code, JSON.stringify(c.doc.root)).toBe(0);
    return c.doc.digest;
  }

  it('a chmod +x after approval changes the digest, so the approval no longer counts', async () => {
    const r = repo();
    const approved = await approvedWithScript(r);
    chmodSync(join(r.dir, 'scripts/deploy.sh'), 0o755);
    r.commit('make it executable');
    expect(r.git('ls-files', '-s', 'scripts/deploy.sh')).toMatch(/^100755 /);
    const d = await r.cli('digest', '--base', 'main', '--head', 'HEAD');
    expect(d.code).toBe(0);
    expect(d.out).not.toContain(approved);
    const c = await r.check();
    expect(c.code).toBe(1);
    expect(c.doc.digest).not.toBe(approved);
    expect(node(c.doc.root, 'quorum').status).toBe('pending');
  });

  it('turning a file into a symlink with the same bytes changes the digest', async () => {
    const r = repo();
    r.branch();
    r.commit('add a pointer file', {
      'docs/current': 'policies/actors.yaml',
      ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 3 }),
    });
    const before = await r.digest();
    rmSync(join(r.dir, 'docs/current'));
    symlinkSync('policies/actors.yaml', join(r.dir, 'docs/current'));
    r.commit('make it a symlink');
    expect(r.git('ls-files', '-s', 'docs/current')).toMatch(/^120000 /);
    expect(await r.digest()).not.toBe(before);
  });

  it('a mode change of a state file alone changes the digest although the ops are the same', async () => {
    const r = repo();
    r.branch();
    r.commit('change', {
      [FILE]: withCapacity(r.perCell, 'park-ticketing', 'us-east-1', 1),
      ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 3 }),
    });
    const before = await r.digest();
    chmodSync(join(r.dir, FILE), 0o755);
    r.commit('chmod state');
    expect(await r.digest()).not.toBe(before);
  });

  it('keeps the digest of an ordinary change (every side 100644) as DESIGN §2.2 computes it', async () => {
    const r = repo();
    r.branch();
    r.commit('change', {
      'docs/a.md': 'a\n',
      ...r.manifest({ id: 'CHG-1', proposer: 'ops-agent', level: 3 }),
    });
    const c = await r.check();
    // No mode fields: the preimage's files entry is exactly {path, before, after}.
    const { digestPreimage } = await import('../../src/change/digest.js');
    const { readChangeCore } = await import('../../src/assembly/change-read.js');
    const core = await readChangeCore(r.dir, 'main', 'HEAD');
    expect(
      JSON.parse(digestPreimage({ manifest: core.manifest!, ops: core.ops, files: core.files })).files,
    ).toEqual([{ path: 'docs/a.md', before: null, after: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }]);
    expect(c.doc.digest).toBe(core.digest);
  });
});

describe('state the gate cannot see is denied (symlinks, submodules), and hidden YAML is state', () => {
  const OTHER =
    'service: park-ticketing\nregion: eu-central-1\nresources:\n  - id: hidden-gate\n    spec:\n      capacity: 1\n';

  /** A level-0 recommendation PR by the recommender agent, plus `files`, committed by `extra`. */
  function recommendation(r: GovernedRepo, extra: () => void): void {
    r.branch();
    r.write({
      ...r.manifest({ id: 'REC-1', proposer: 'recommender', level: 0, kind: 'recommendation' }),
    });
    extra();
    r.commit('recommendation');
  }

  async function deniedFor(r: GovernedRepo, path: string, words: string): Promise<void> {
    const before = r.snapshot();
    const c = await r.check();
    expect(c.code, JSON.stringify(c.doc.root)).toBe(1);
    const records = node(c.doc.root, 'records');
    expect(records.status).toBe('fail');
    const child = records.children.find((n) => n.source?.file === path);
    expect(child, JSON.stringify(records)).toBeDefined();
    expect(child!.reason).toContain(words);
    expect(child!.reason).toMatch(/replace the link|move that state into this repository/);
    expect(r.snapshot()).toBe(before);
  }

  it('denies a symlinked folder under state/ at level 0, naming it and what would pass', async () => {
    const r = repo();
    recommendation(r, () => {
      r.write({ 'elsewhere/extra.yaml': OTHER });
      symlinkSync('../elsewhere', join(r.dir, 'state/extra'));
    });
    expect(r.git('ls-files', '-s', 'state/extra')).toMatch(/^120000 /);
    await deniedFor(
      r,
      'state/extra',
      'state/extra is a symbolic link (to "../elsewhere") in the state folder',
    );
  });

  it('denies a symlinked state file, without reading the link as YAML', async () => {
    const r = repo();
    recommendation(r, () => {
      r.write({ 'elsewhere/extra.yaml': OTHER });
      symlinkSync('../../elsewhere/extra.yaml', join(r.dir, 'state/park-ticketing/extra.yaml'));
    });
    await deniedFor(r, 'state/park-ticketing/extra.yaml', 'is a symbolic link');
  });

  it('denies a git submodule (gitlink) under state/', async () => {
    const r = repo();
    recommendation(r, () => undefined);
    r.git('update-index', '--add', '--cacheinfo', `160000,${r.head('main')},state/vendored`);
    r.git('commit', '-q', '-m', 'add a submodule under state/');
    expect(r.git('ls-tree', 'HEAD', 'state/vendored')).toMatch(/^160000 commit /);
    await deniedFor(r, 'state/vendored', 'state/vendored is a git submodule in the state folder');
  });

  it('reports a symlink under state/ from validate in the working tree (exit 2, the path, nothing written)', async () => {
    const r = repo();
    r.write({ 'elsewhere/extra.yaml': OTHER });
    symlinkSync('../elsewhere', join(r.dir, 'state/extra'));
    const before = r.snapshot();
    const v = await r.cli('validate');
    expect(v.code).toBe(2);
    expect(v.out + v.err).toContain(
      'state/extra: state/extra is a symbolic link (to "../elsewhere") in the state folder',
    );
    expect(r.snapshot()).toBe(before);
  });

  it('reports a submodule checkout under state/ from validate, and does not read its files as state', async () => {
    const r = repo();
    r.write({
      'state/vendored/.git': 'gitdir: ../../.git/modules/vendored\n',
      'state/vendored/extra.yaml': OTHER,
    });
    const v = await r.cli('validate');
    expect(v.code).toBe(2);
    expect(v.out + v.err).toContain('state/vendored: state/vendored is a git submodule in the state folder');
    expect(v.out + v.err).not.toContain('state/vendored/extra.yaml');
  });

  it('treats a hidden YAML file under state/ as state: its resources are ops, so level 0 is denied', async () => {
    const r = repo();
    recommendation(r, () => r.write({ 'state/.hidden.yaml': OTHER }));
    const c = await r.check();
    expect(c.code).toBe(1);
    expect(node(c.doc.root, 'authority/ops').status).toBe('fail');
    const s = await r.cli('simulate', '--base', 'main', '--head', 'HEAD', '--json');
    expect(s.out).toContain('park-ticketing/hidden-gate');
  });
});

describe('strings JSON cannot carry, and YAML 1.1 line breaks', () => {
  it('refuses a lone surrogate escape in state with exit 2 and file:line:col (not an internal error)', async () => {
    const r = repo();
    prEditing(r, (t) => t.replace('capacity: 500', 'capacity: 500\n      route: "\\ud800"'));
    await refusedEverywhere(r, `${FILE}:7:14: a lone UTF-16 surrogate escape`);
  });

  it('refuses NEL inside a comment, which a YAML 1.1 reader takes as a new line', async () => {
    const r = repo();
    prEditing(r, (t) => t.replace('capacity: 500', 'capacity: 500 #\u0085      capacity: 9999'));
    await refusedEverywhere(r, 'U+0085 is a line break in YAML 1.1 but not in YAML 1.2');
  });
});

describe('what a PR may not leave behind', () => {
  it('denies a file under state/ that is not a state document (x.YAML), which no op or digest would see', async () => {
    const r = repo();
    r.branch();
    r.commit('shadow state', {
      'state/park-ticketing/shadow.YAML': 'resources:\n  - id: shadow-1\n    spec: { open: true }\n',
      ...r.manifest({ id: 'CHG-1', proposer: 'alice', level: 3 }),
    });
    const res = await r.cli('check', '--base', 'main', '--head', 'HEAD', '--format', 'json');
    expect(res.code, res.err).toBe(1);
    const records = node(JSON.parse(res.out).root, 'records');
    expect(records?.status).toBe('fail');
    expect(JSON.stringify(records)).toContain('state/park-ticketing/shadow.YAML');
    expect(JSON.stringify(records)).toContain('the state directory holds only .yaml/.yml files');
  });

  it('governs .gitattributes as policy: export-ignore on a state file needs a policy change', async () => {
    const r = repo();
    r.branch();
    r.commit('attributes', { '.gitattributes': `${FILE} export-ignore\n` });
    const res = await r.cli('check', '--base', 'main', '--head', 'HEAD', '--format', 'json');
    expect(res.code, res.err).toBe(1);
    const doc = JSON.parse(res.out) as { root: Parameters<typeof node>[0] };
    expect(node(doc.root, 'manifest').status).not.toBe('pass');
    expect(JSON.stringify(node(doc.root, 'manifest'))).toContain('.gitattributes');
    // With a manifest that is not a policy change, policy/kind says what would pass.
    r.commit('manifest', r.manifest({ id: 'CHG-1', proposer: 'alice', level: 1 }));
    const again = await r.cli('check', '--base', 'main', '--head', 'HEAD', '--format', 'json');
    expect(again.code).toBe(1);
    const kind = node((JSON.parse(again.out) as { root: Parameters<typeof node>[0] }).root, 'policy/kind');
    expect(kind.status).toBe('fail');
    expect(kind.reason).toContain('.gitattributes');
  });

  it('denies deleting the signed manifest of a merged change (append-only)', async () => {
    const r = repo();
    r.branch();
    r.commit('a change', {
      [FILE]: withCapacity(r.perCell, 'park-ticketing', 'us-east-1', 1),
      ...r.manifest({ id: 'CHG-1', proposer: 'alice', level: 3 }),
    });
    expect((await r.land('pr')).code).toBe(0);
    r.branch('tidy');
    r.git('rm', '-q', '-r', 'changes/CHG-1');
    r.git('commit', '-q', '-m', 'tidy');
    const res = await r.cli('check', '--base', 'main', '--head', 'HEAD', '--format', 'json');
    expect(res.code, res.err).toBe(1);
    const ao = node(JSON.parse(res.out).root, 'append-only');
    expect(ao?.status).toBe('fail');
    expect(JSON.stringify(ao)).toContain('change manifests on the base branch are immutable');
  });
});

describe('case variants inside governed folders', () => {
  it('denies a file that collides by letter case with another in its folder (one file on macOS and Windows)', async () => {
    const r = repo();
    r.branch();
    const text = stateFiles(r.perCell)[FILE]!;
    r.commit('variant', {
      'state/park-ticketing/US-EAST-1.yaml': text.replace(/us-east-1-r0/g, 'us-east-1-x0'),
      ...r.manifest({ id: 'CHG-1', proposer: 'alice', level: 3 }),
    });
    const res = await r.cli('check', '--base', 'main', '--head', 'HEAD', '--format', 'json');
    expect(res.code, res.err).toBe(1);
    const cv = node((JSON.parse(res.out) as { root: Parameters<typeof node>[0] }).root, 'case-variants');
    expect(cv.status).toBe('fail');
    expect(JSON.stringify(cv)).toContain(
      'on a case-insensitive checkout this is the same entry as state/park-ticketing/us-east-1.yaml',
    );
  });

  it('leaves distinct names alone', async () => {
    const r = repo();
    r.branch();
    r.commit('new cell', {
      'state/park-ticketing/us-east-2.yaml': stateFiles(r.perCell)[FILE]!.replace(/us-east-1/g, 'us-east-2'),
      ...r.manifest({ id: 'CHG-1', proposer: 'alice', level: 3 }),
    });
    const res = await r.cli('check', '--base', 'main', '--head', 'HEAD', '--format', 'json');
    const cv = node((JSON.parse(res.out) as { root: Parameters<typeof node>[0] }).root, 'case-variants');
    expect(cv.status).toBe('pass');
  });
});
