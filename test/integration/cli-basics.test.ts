/**
 * Everyday CLI basics: `change new` scaffolds a manifest with the next free id, `completion` prints scripts
 * generated from the registry and help table, and colour follows NO_COLOR / FORCE_COLOR (https://no-color.org).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main, type CliIo } from '../../src/cli/main.js';
import { HELP } from '../../src/cli/help-table.js';
import { commands } from '../../src/cli/registry.js';
import { loadDocument } from '../../src/formats/validate.js';
import { governedRepos, withCapacity } from '../fixtures/governed-repo.js';

const repo = governedRepos();

async function run(argv: string[], env: NodeJS.ProcessEnv = {}, isTTY = false) {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => void (out += `${t}\n`), stderr: (t) => void (err += `${t}\n`), isTTY };
  const code = await main(argv, env, io);
  return { code, out, err };
}

describe('gatehouse change new', () => {
  it('writes changes/CHG-0001/change.yaml valid against the schema, dated --now, and prints the sign command', async () => {
    const r = repo();
    const res = await r.cli(
      'change',
      'new',
      '--title',
      'Raise holiday capacity',
      '--proposer',
      'ops-agent',
      '--level',
      '2',
      '--justification',
      'Holiday crowd forecast',
      '--now',
      '2026-01-18T14:00:00Z',
    );
    expect(res.code, res.err).toBe(0);
    const file = 'changes/CHG-0001/change.yaml';
    const text = r.read(file);
    expect(loadDocument('change', text, file).value).toEqual({
      id: 'CHG-0001',
      kind: 'change',
      title: 'Raise holiday capacity',
      level: 2,
      justification: 'Holiday crowd forecast',
      proposer: 'ops-agent',
      proposed_at: '2026-01-18T14:00:00Z',
    });
    expect(res.out).toContain(`wrote ${file}`);
    expect(res.out).toContain(`gatehouse sign ${file} (--key FILE | --gpg KEYID | --ssh-key FILE)`);
  });

  it('takes the next id after those used by change folders and by the ledger', async () => {
    const r = repo();
    r.commit('older changes', { 'changes/CHG-0007/change.yaml': 'placeholder\n' });
    const first = await r.cli(
      'change',
      'new',
      '--title',
      'T',
      '--proposer',
      'alice',
      '--level',
      '1',
      '--json',
    );
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ id: 'CHG-0008', file: 'changes/CHG-0008/change.yaml' });
    const second = await r.cli(
      'change',
      'new',
      '--title',
      'T2',
      '--proposer',
      'alice',
      '--level',
      '1',
      '--kind',
      'policy',
      '--json',
    );
    expect(JSON.parse(second.out)).toMatchObject({ id: 'CHG-0009', manifest: { kind: 'policy' } });
  });

  it('counts change ids recorded in the ledger whose folders are gone', async () => {
    const r = repo();
    r.branch();
    r.commit('raise', {
      ...r.manifest({ id: 'CHG-0041', proposer: 'ops-agent', level: 1 }),
      'state/park-ticketing/us-east-1.yaml': withCapacity(4, 'park-ticketing', 'us-east-1', 1, 900),
    });
    await r.approve('CHG-0041', ['alice']);
    expect((await r.land('pr', [], { ...process.env, GATEHOUSE_CHECKPOINT_KEY: '' })).code).toBe(0);
    rmSync(join(r.dir, 'changes'), { recursive: true, force: true });
    const res = await r.cli('change', 'new', '--title', 'T', '--proposer', 'alice', '--level', '1', '--json');
    expect(JSON.parse(res.out).id).toBe('CHG-0042');
  });

  it('refuses bad input with exit 2 and writes nothing', async () => {
    const r = repo();
    const before = r.snapshot();
    const cases: [string[], RegExp][] = [
      [
        ['--title', 'T', '--proposer', 'mallory', '--level', '1'],
        /policies\/actors\.yaml: no actor "mallory"/,
      ],
      [
        ['--title', 'T', '--proposer', 'alice', '--level', '7'],
        /--level expects an authority level 0-4, found "7"/,
      ],
      [['--proposer', 'alice', '--level', '1'], /--title is required/],
      [
        ['--title', 'T', '--proposer', 'alice', '--level', '1', '--kind', 'rollback'],
        /use gatehouse rollback/,
      ],
      [
        ['--title', 'T', '--proposer', 'alice', '--level', '1', '--kind', 'nonsense'],
        /--kind must be one of change, recommendation, policy/,
      ],
      [
        ['--title', 'T', '--proposer', 'alice', '--level', '1', '--id', 'not an id'],
        /changes\/not an id\/change\.yaml:\d+.*id/,
      ],
    ];
    for (const [args, message] of cases) {
      const res = await r.cli('change', 'new', ...args);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.err).toMatch(message);
      expect(r.snapshot()).toBe(before);
    }
    const taken = await r.cli(
      'change',
      'new',
      '--title',
      'T',
      '--proposer',
      'alice',
      '--level',
      '1',
      '--id',
      'CHG-0001',
    );
    expect(taken.code).toBe(0);
    const again = await r.cli(
      'change',
      'new',
      '--title',
      'T',
      '--proposer',
      'alice',
      '--level',
      '1',
      '--id',
      'CHG-0001',
    );
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/changes\/CHG-0001\/change\.yaml already exists/);
  });

  it('notes when the level is above the proposer max_level', async () => {
    const r = repo();
    const res = await r.cli('change', 'new', '--title', 'T', '--proposer', 'carol', '--level', '3');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/note: carol may act at level 2 at most/);
    expect(parse(r.read('changes/CHG-0001/change.yaml')).level).toBe(3);
  });
});

describe('gatehouse completion', () => {
  it('bash: completes commands, subcommands and flags from the registry and help table', async () => {
    const res = await run(['completion', 'bash']);
    expect(res.code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'gh-completion-'));
    try {
      const script = join(dir, 'gatehouse.bash');
      writeFileSync(script, res.out);
      const complete = (...words: string[]): string[] =>
        execFileSync(
          'bash',
          [
            '-c',
            `source "$1"; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _gatehouse; printf '%s\\n' "\${COMPREPLY[@]}"`,
            'x',
            script,
          ],
          { encoding: 'utf8', cwd: dir },
        )
          .split('\n')
          .filter(Boolean);
      expect(complete('gatehouse', 'ch')).toEqual(['check', 'change', 'checkpoint']);
      expect(complete('gatehouse', 'override', '')).toEqual(['new', 'sign', 'status', 'postmortem']);
      expect(complete('gatehouse', 'checkpoint', 'sign', '--check')).toEqual(['--checkpoint-key']);
      expect(complete('gatehouse', 'override', 'status', '--r')).toEqual(['--ref', '--repo']);
      expect(complete('gatehouse', 'override', 'new', '--re')).toEqual([
        '--reason',
        '--requested-by',
        '--repo',
      ]);
      expect(complete('gatehouse', 'verify', '--h')).toEqual(['--history', '--help']);
      expect(complete('gatehouse', 'help', 'comp')).toEqual(['completion']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('zsh and fish: name every command, subcommand and flag of the help table', async () => {
    const zsh = (await run(['completion', 'zsh'])).out;
    const fish = (await run(['completion', 'fish'])).out;
    expect(zsh.startsWith('#compdef gatehouse\n')).toBe(true);
    for (const c of commands) {
      expect(zsh).toContain(`'${c.name}:`);
      expect(fish).toContain(`-a ${c.name} -d`);
      for (const s of HELP[c.name]?.subcommands ?? []) {
        expect(zsh).toContain(`'${s.name}:`);
        expect(fish).toMatch(new RegExp(`__fish_seen_subcommand_from ${c.name}; and not .* -a ${s.name} -d`));
      }
      for (const [flag, f] of Object.entries(HELP[c.name]?.flags ?? {})) {
        expect(zsh).toContain(`'--${flag}:`);
        const cond = f.for
          ? `__fish_seen_subcommand_from ${c.name}; and __fish_seen_subcommand_from ${f.for.join(' ')}`
          : `__fish_seen_subcommand_from ${c.name}`;
        expect(fish).toContain(`-n '${cond}' -l ${flag}${f.arg ? ' -r' : ''} -d`);
      }
    }
    const bashOk = spawnSync('bash', ['-n'], { input: (await run(['completion', 'bash'])).out });
    expect(bashOk.status).toBe(0);
  });

  it('refuses an unknown shell with exit 2', async () => {
    const res = await run(['completion', 'powershell']);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/unknown shell "powershell": bash, zsh, fish/);
    expect(res.out).toBe('');
  });
});

describe('colour: NO_COLOR and FORCE_COLOR', () => {
  const ESC = '\u001b[';
  async function checkOut(env: NodeJS.ProcessEnv, isTTY: boolean): Promise<string> {
    const r = repo();
    const res = await run(
      ['check', '--repo', r.dir, '--base', 'main', '--now', '2026-01-18T15:00:00Z'],
      env,
      isTTY,
    );
    expect(res.code, res.err).toBe(0);
    return res.out;
  }

  it('colours on a TTY, not when NO_COLOR is set and non-empty, and an empty NO_COLOR changes nothing', async () => {
    expect(await checkOut({}, true)).toContain(ESC);
    expect(await checkOut({ NO_COLOR: '1' }, true)).not.toContain(ESC);
    expect(await checkOut({ NO_COLOR: '' }, true)).toContain(ESC);
  });

  it('FORCE_COLOR colours without a TTY; FORCE_COLOR=0 and NO_COLOR turn it off', async () => {
    expect(await checkOut({}, false)).not.toContain(ESC);
    expect(await checkOut({ FORCE_COLOR: '1' }, false)).toContain(ESC);
    expect(await checkOut({ FORCE_COLOR: '0' }, true)).not.toContain(ESC);
    expect(await checkOut({ FORCE_COLOR: '1', NO_COLOR: '1' }, false)).not.toContain(ESC);
  });
});
