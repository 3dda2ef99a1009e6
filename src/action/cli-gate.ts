/**
 * GatePort over the Gatehouse CLI: the Action runs the same commands a person runs (`node dist/cli.js …
 * --json`, next to the bundled Action) and reads their stable JSON output. The contract (docs/action.md):
 *   digest  --base B --head H --json                          → {change, digest}
 *   check   --base B --head H --json --github-approvals FILE  → the Decision {allowed, status, root, digest, change}
 *   record  --base B --head H --merge-commit SHA [--pr N] --github-approvals FILE --json → {appended, size, head}
 *           (checkpoint signer key in the environment as GATEHOUSE_CHECKPOINT_KEY, never on the command line)
 *   verify  --json  → {ok, entries, head, findings: [{check, file, line?, message}]}
 *   monitor --json  → {ok, alerts: [{fingerprint, title, body, severity}]}
 *   report  --out DIR --json → {out, index, …}
 * Every call carries --repo and --now. Exit 2 is bad input, 3 (or anything unexpected) internal: both reach
 * the caller as GatehouseErrors, which the Action turns into a denial with the message.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatehouseError, internalError } from '../errors/errors.js';
import {
  conclusionOf,
  decisionAnnotations,
  decisionMarkdown,
  decisionTitle,
  type DecisionDoc,
} from '../github/decision.js';
import { code, escapeMd } from '../github/markdown.js';
import type { Alert, Annotation } from '../github/types.js';
import { readGithubIdentities } from './layout.js';
import type { GatePort, GitPort } from './ports.js';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function spawnCli(cliPath: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code: code ?? 3,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export interface CliGateOptions {
  /** Path of the bundled CLI (dist/cli.js beside dist/index.js). */
  cliPath: string;
  git: GitPort;
  env?: NodeJS.ProcessEnv;
}

export function cliGatePort(opts: CliGateOptions): GatePort {
  const baseEnv = opts.env ?? process.env;

  async function call(
    command: string,
    args: string[],
    ctx: { repoDir: string; now?: Date },
    extra: { accept?: number[]; env?: NodeJS.ProcessEnv } = {},
  ): Promise<{ code: number; json: Record<string, unknown> }> {
    const argv = [
      command,
      ...args,
      '--json',
      '--repo',
      ctx.repoDir,
      ...(ctx.now ? ['--now', ctx.now.toISOString()] : []),
    ];
    const r = await spawnCli(opts.cliPath, argv, { ...baseEnv, ...extra.env, NO_COLOR: '1' });
    const accept = extra.accept ?? [0];
    const why = r.stderr.trim().replace(/^gatehouse: /, '') || `exit ${r.code}`;
    if (r.code === 2) throw new GatehouseError('bad-input', `gatehouse ${command}: ${why}`);
    if (!accept.includes(r.code)) throw internalError(`gatehouse ${command} failed (exit ${r.code}): ${why}`);
    let json: unknown;
    try {
      json = JSON.parse(r.stdout);
    } catch {
      throw internalError(`gatehouse ${command} printed no JSON document (exit ${r.code}): ${why}`);
    }
    if (!isRecord(json))
      throw internalError(`gatehouse ${command} printed ${typeof json}, expected a JSON object`);
    return { code: r.code, json };
  }

  async function withApprovalsFile<T>(approvals: unknown[], fn: (file: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'gatehouse-approvals-'));
    const file = join(dir, 'github-approvals.json');
    try {
      await writeFile(file, `${JSON.stringify(approvals, null, 2)}\n`);
      return await fn(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  return {
    async digest(req) {
      const { json } = await call('digest', ['--base', req.base, '--head', req.head], req);
      if (typeof json.digest !== 'string' || typeof json.change !== 'string') {
        throw internalError('gatehouse digest --json printed no {change, digest}');
      }
      return { change: json.change, digest: json.digest };
    },

    async githubIdentities(req) {
      return readGithubIdentities((path) => opts.git.show(req.repoDir, req.base, path));
    },

    async check(req) {
      return withApprovalsFile(req.githubApprovals, async (file) => {
        const { json } = await call(
          'check',
          ['--base', req.base, '--head', req.head, '--github-approvals', file],
          req,
          { accept: [0, 1] },
        );
        if (typeof json.allowed !== 'boolean' || !isRecord(json.root)) {
          throw internalError('gatehouse check --json printed no decision {allowed, root}');
        }
        const d = json as unknown as DecisionDoc;
        return {
          allowed: d.allowed,
          conclusion: conclusionOf(d),
          title: decisionTitle(d),
          markdown: decisionMarkdown(d),
          annotations: decisionAnnotations(d),
          ...(d.digest ? { digest: d.digest } : {}),
          ...(d.change ? { change: d.change } : {}),
        };
      });
    },

    async record(req) {
      return withApprovalsFile(req.githubApprovals, async (file) => {
        const args = [
          '--base',
          req.base,
          '--head',
          req.head,
          '--merge-commit',
          req.mergeCommit,
          '--github-approvals',
          file,
        ];
        if (req.pr !== undefined) args.push('--pr', String(req.pr));
        const env = req.checkpointKey ? { GATEHOUSE_CHECKPOINT_KEY: req.checkpointKey } : {};
        const { json } = await call('record', args, req, { env });
        const size = json.size ?? json.ledgerSize;
        const head = json.head ?? json.ledgerHead;
        if (typeof size !== 'number' || typeof head !== 'string') {
          throw internalError('gatehouse record --json printed no {size, head}');
        }
        const appended = typeof json.appended === 'number' ? json.appended : 0;
        return {
          ledgerHead: head,
          ledgerSize: size,
          appended,
          markdown: `Ledger head ${code(head)} at size ${size}.`,
        };
      });
    },

    async verify(req) {
      const { json } = await call('verify', [], req, { accept: [0, 1] });
      const findings = Array.isArray(json.findings) ? json.findings.filter(isRecord) : [];
      const annotations: Annotation[] = findings.map((f) => ({
        path: typeof f.file === 'string' ? f.file : 'ledger',
        line: typeof f.line === 'number' ? f.line : 1,
        level: 'failure',
        message: `${typeof f.check === 'string' ? `${f.check}: ` : ''}${String(f.message ?? '')}`,
      }));
      const ok = json.ok === true && annotations.length === 0;
      const lines = annotations.map((a) => `- ${code(`${a.path}:${a.line}`)} ${escapeMd(a.message)}`);
      return {
        ok,
        annotations,
        markdown: ok ? 'Chain, Merkle root, checkpoints and snapshots verify.' : lines.join('\n'),
        ...(typeof json.head === 'string' ? { ledgerHead: json.head } : {}),
        // `gatehouse verify --json` names the entry count `entries`.
        ...(typeof (json.entries ?? json.size) === 'number'
          ? { ledgerSize: Number(json.entries ?? json.size) }
          : {}),
      };
    },

    async monitor(req) {
      const { json } = await call('monitor', [], req, { accept: [0, 1] });
      const alerts: Alert[] = (Array.isArray(json.alerts) ? json.alerts : []).filter(isRecord).map((a) => ({
        fingerprint: String(a.fingerprint ?? ''),
        title: String(a.title ?? 'Gatehouse alert'),
        body: String(a.body ?? ''),
        severity: String(a.severity ?? 'medium'),
      }));
      const bad = alerts.find((a) => !/^[A-Za-z0-9._:-]+$/.test(a.fingerprint));
      if (bad)
        throw internalError(
          `gatehouse monitor printed an alert with an unusable fingerprint "${bad.fingerprint}"`,
        );
      return { ok: json.ok !== false, alerts, markdown: '' };
    },

    async report(req) {
      const { json } = await call('report', ['--out', req.outDir], req);
      // `gatehouse report --json` prints {out, index, …}.
      const path =
        typeof json.out === 'string' ? json.out : typeof json.path === 'string' ? json.path : req.outDir;
      return { path };
    },
  };
}
