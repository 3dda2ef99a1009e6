import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliGatePort } from '../../src/action/cli-gate.js';
import { gitCli } from '../../src/action/git-cli.js';
import { GatehouseError } from '../../src/errors/errors.js';
import { buildAction } from '../fixtures/github/build.js';
import { commit, git, makePrRepo } from '../fixtures/github/repo.js';

// The Action's gate port against the real bundled CLI (src/cli.ts), for the commands that exist today.
let cli: string;
beforeAll(async () => {
  ({ cli } = await buildAction({ cliEntry: join(import.meta.dirname, '../../src/cli.ts') }));
});

describe('the CLI-backed gate port with the real gatehouse CLI', () => {
  it('turns "no change manifest" from gatehouse digest (exit 2) into a bad-input error with the message', async () => {
    const r = makePrRepo();
    git(r.work, 'checkout', '-q', r.base);
    const plain = commit(r.work, { 'docs/readme.md': 'no governed change\n' }, 'docs only');
    const gate = cliGatePort({ cliPath: cli, git: gitCli() });
    const err = await gate.digest({ repoDir: r.work, base: r.base, head: plain }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatehouseError);
    expect((err as GatehouseError).code).toBe('bad-input');
    expect((err as GatehouseError).message).toMatch(/^gatehouse digest: .*no change manifest/s);
  });

  it('reads github identities from the base policy, not from the head', async () => {
    const r = makePrRepo();
    commit(
      r.work,
      { 'policies/actors.yaml': 'actors:\n  - id: mallory\n    github: { login: m, id: 1 }\n' },
      'head edits actors',
    );
    const gate = cliGatePort({ cliPath: cli, git: gitCli() });
    const ids = await gate.githubIdentities({ repoDir: r.work, base: r.base });
    expect(ids).toEqual([
      { actor: 'alice', login: 'alice-ng', id: 1234567 },
      { actor: 'bob', login: 'bob-gh', id: 7654321 },
    ]);
  });
});
