/**
 * A repository set up by `gatehouse init` itself, driven only through the CLI (in-process) and git: the
 * founding actors' keys are made by ssh-keygen at test time. Every git commit and CLI run takes the next
 * minute of a fixed clock, so approvals, merges and records keep their order and stay within their TTLs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { closeRepos } from '../../src/git/repo.js';
import { sshKeygen } from '../unit/identity/tools.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

const START = Date.parse('2026-03-02T09:00:00Z');

export class StarterRepo {
  readonly dir: string;
  readonly keysDir: string;
  private minute = 0;
  private pr = 0;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'gatehouse-starter-'));
    this.keysDir = mkdtempSync(join(tmpdir(), 'gatehouse-starter-keys-'));
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'commit.gpgsign', 'false');
  }

  /** The next minute of the fixed clock, as ISO-8601. */
  tick(): string {
    this.minute += 1;
    return new Date(START + this.minute * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** An ssh-keygen ed25519 key pair for `id`: {key: private key file, pub: public key file}. */
  key(id: string): { key: string; pub: string } {
    const k = sshKeygen(this.keysDir, id, 'ed25519');
    return { key: k.path, pub: `${k.path}.pub` };
  }

  keyOf(id: string): string {
    return join(this.keysDir, id);
  }

  git(...args: string[]): string {
    const when = new Date(START + this.minute * 60_000).toISOString();
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.invalid',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.invalid',
        GIT_AUTHOR_DATE: when,
        GIT_COMMITTER_DATE: when,
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: this.dir,
      },
    }).trim();
  }

  write(files: Record<string, string>): void {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(this.dir, path)), { recursive: true });
      writeFileSync(join(this.dir, path), text);
    }
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), 'utf8');
  }

  /** A file outside the repository (a public key made by key()). */
  readKey(path: string): string {
    return readFileSync(path, 'utf8');
  }

  commit(message: string, files: Record<string, string> = {}): string {
    this.write(files);
    this.tick();
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  branch(name: string): void {
    this.git('checkout', '-q', '-b', name, 'main');
  }

  /** Run the CLI in-process over this repository at the next minute (unless argv has --now). */
  async cli(...argv: string[]): Promise<CliResult> {
    closeRepos();
    let out = '';
    let err = '';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
    try {
      const now = argv.includes('--now') ? [] : ['--now', this.tick()];
      const code = await main([...argv, '--repo', this.dir, ...now]);
      return { code, out, err };
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  }

  /** Like cli(), but throws with the output unless the exit code is 0. */
  async ok(...argv: string[]): Promise<string> {
    const r = await this.cli(...argv);
    if (r.code !== 0) throw new Error(`gatehouse ${argv.join(' ')} exited ${r.code}\n${r.out}${r.err}`);
    return r.out;
  }

  /** `check --base main --head HEAD --json`: the decision. */
  async check(): Promise<{
    code: number;
    allowed: boolean;
    doc: { root: unknown; allowed: boolean };
    text: string;
  }> {
    const r = await this.cli('check', '--base', 'main', '--head', 'HEAD', '--json');
    const doc = JSON.parse(r.out) as { root: unknown; allowed: boolean };
    return { code: r.code, allowed: doc.allowed, doc, text: r.out + r.err };
  }

  /** Merge `branch` into main (--no-ff), `record` it, commit the ledger; returns the new ledger entries' types. */
  async land(branch: string): Promise<{ code: number; types: string[]; text: string }> {
    this.git('checkout', '-q', 'main');
    const before = this.git('rev-parse', 'HEAD');
    const size = this.ledgerTypes().length;
    this.tick();
    this.git('merge', '-q', '--no-ff', '-m', `Merge ${branch}`, branch);
    const after = this.git('rev-parse', 'HEAD');
    this.pr += 1;
    const rec = await this.cli('record', '--base', before, '--head', after, '--pr', String(this.pr));
    if (rec.code === 0) this.commit(`ledger: record #${this.pr}`);
    this.git('branch', '-q', '-D', branch);
    return { code: rec.code, types: this.ledgerTypes().slice(size), text: rec.out + rec.err };
  }

  ledger(): {
    seq: number;
    type: string;
    body: Record<string, unknown>;
    subject?: Record<string, unknown>;
  }[] {
    const text = this.read('ledger/events/000000000000.jsonl');
    return text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as never);
  }

  ledgerTypes(): string[] {
    return this.ledger().map((e) => e.type);
  }

  cleanup(): void {
    closeRepos();
    rmSync(this.dir, { recursive: true, force: true });
    rmSync(this.keysDir, { recursive: true, force: true });
  }
}
