/**
 * A reference GatePort over the shipped CLI, for tests: `record`, `verify`, `monitor` and `report` run the
 * commands a person runs (`node dist/cli.js … --json`) and read their stable JSON output. The Action itself runs
 * the same use cases in process (src/action/*-in-process.ts); the differential tests hold the two to the same
 * outcome. The contract (docs/action.md), exactly as the commands print it:
 *   record  --base B --head H --merge-commit SHA [--pr N] --github-approvals FILE
 *                                             → {appended, size, head, skipped?, change?, digest?, entries?, checkpoint?}
 *                                               exit 0; exit 1 with {refused: true, appended: 0} when the gate denies
 *           (checkpoint signer key in the environment as GATEHOUSE_CHECKPOINT_KEY, never on the command line)
 *   verify                                    → {ok, entries, head, findings: [{check, seq?, file, line?, message}], …}
 *                                               exit 0 ok, 1 findings
 *   monitor                                   → {ok, now, alerts: [{fingerprint, rule, severity, owner, response_time,
 *                                               title, body, playbook}], notes}    exit 0 none, 1 alerts
 *   report  --out DIR                         → {out, index, entries, chain: {ok, …}, …}   exit 0, 1 chain not ok
 * Every call carries --json, --repo and --now. Exit 2 is bad input, 3 (or anything unexpected) internal: both
 * reach the caller as GatehouseErrors, which the Action turns into a denial with the message.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatehouseError, internalError } from '../../src/core/errors.js';
import { code, escapeMd } from '../../src/github/markdown.js';
import type { Alert, Annotation } from '../../src/github/types.js';
import type { GatePort } from '../../src/action/ports.js';

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
  env?: NodeJS.ProcessEnv;
}

export type CliGate = Pick<GatePort, 'record' | 'verify' | 'monitor' | 'report'>;

export function cliGatePort(opts: CliGateOptions): CliGate {
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
        const { code: exit, json } = await call('record', args, req, { env, accept: [0, 1] });
        const { size, head, appended } = json;
        if (typeof size !== 'number' || typeof head !== 'string' || typeof appended !== 'number') {
          throw internalError('gatehouse record --json printed no {appended, size, head}');
        }
        if (exit === 1 && json.refused !== true) {
          throw internalError('gatehouse record exited 1 without saying it refused the change');
        }
        const lines = [`Ledger head ${code(head)} at size ${size}.`];
        if (Array.isArray(json.entries) && json.entries.length > 0) {
          const entries = json.entries.filter(isRecord).map((e) => `${String(e.seq)} ${String(e.type)}`);
          lines.push('', `Appended: ${entries.map((e) => code(e)).join(', ')}.`);
        }
        if (isRecord(json.checkpoint) && typeof json.checkpoint.file === 'string') {
          lines.push(
            '',
            `Checkpoint ${code(json.checkpoint.file)} signed at size ${String(json.checkpoint.size)}.`,
          );
        }
        return {
          ledgerHead: head,
          ledgerSize: size,
          appended,
          markdown: lines.join('\n'),
          ...(exit === 1 ? { refused: true } : {}),
        };
      });
    },

    async verify(req) {
      const { json } = await call('verify', req.history ? [] : ['--no-history'], req, { accept: [0, 1] });
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
        ...(typeof json.entries === 'number' ? { ledgerSize: json.entries } : {}),
      };
    },

    async monitor(req) {
      const env = req.record?.checkpointKey ? { GATEHOUSE_CHECKPOINT_KEY: req.record.checkpointKey } : {};
      const { json } = await call('monitor', req.record ? ['--record'] : [], req, { env, accept: [0, 1] });
      if (typeof json.ok !== 'boolean' || !Array.isArray(json.alerts)) {
        throw internalError('gatehouse monitor --json printed no {ok, alerts}');
      }
      const alerts: Alert[] = json.alerts.filter(isRecord).map((a) => ({
        fingerprint: String(a.fingerprint ?? ''),
        title: String(a.title ?? 'Gatehouse alert'),
        body: String(a.body ?? ''),
        severity: String(a.severity ?? 'high'),
        ...(typeof a.rule === 'string' ? { rule: a.rule } : {}),
        ...(typeof a.owner === 'string' ? { owner: a.owner } : {}),
        ...(typeof a.response_time === 'string' ? { responseTime: a.response_time } : {}),
        ...(Array.isArray(a.playbook) ? { playbook: a.playbook.map(String) } : {}),
      }));
      const bad = alerts.find((a) => !/^[A-Za-z0-9._:-]+$/.test(a.fingerprint));
      if (bad)
        throw internalError(
          `gatehouse monitor printed an alert with an unusable fingerprint "${bad.fingerprint}"`,
        );
      const notes = Array.isArray(json.notes) ? json.notes.map((n) => `- ${escapeMd(String(n))}`) : [];
      const recorded =
        isRecord(json.recorded) && Array.isArray(json.recorded.entries)
          ? json.recorded.entries.filter(isRecord).map((e) => ({ seq: Number(e.seq), type: String(e.type) }))
          : undefined;
      if (req.record && recorded === undefined)
        throw internalError('gatehouse monitor --record --json printed no {recorded: {entries}}');
      return {
        ok: json.ok && alerts.length === 0,
        alerts,
        markdown: notes.join('\n'),
        ...(recorded ? { recorded } : {}),
      };
    },

    async report(req) {
      const { json } = await call('report', ['--out', req.outDir], req, { accept: [0, 1] });
      const chain = isRecord(json.chain) ? json.chain : undefined;
      if (typeof json.out !== 'string' || typeof json.index !== 'string' || typeof chain?.ok !== 'boolean') {
        throw internalError('gatehouse report --json printed no {out, index, chain}');
      }
      return {
        path: json.out,
        index: json.index,
        chainOk: chain.ok,
        entries: typeof json.entries === 'number' ? json.entries : 0,
      };
    },
  };
}
