/**
 * One process, timed, for the benches: the wall clock is measured here; CPU time (user + system) and peak RSS
 * come from GNU time when the machine has it (NaN otherwise). The machine may be shared, so CPU time, what the
 * process itself spent, is reported beside the wall clock, with the load average.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

export interface ProcessTiming {
  /** Seconds. */
  wall: number;
  /** Seconds of user + system time. */
  cpu: number;
  rssMb: number;
  status: number | null;
  stdout: string;
  /** The process's own stderr (GNU time's line removed). */
  stderr: string;
}

/** Runs `args` (in `cwd`) to its end; with `check`, a non-zero exit throws with its stderr. */
export function timeProcess(args: string[], opts: { cwd?: string; check?: boolean } = {}): ProcessTiming {
  const t = performance.now();
  const spawnOpts = { cwd: opts.cwd, encoding: 'utf8' as const, maxBuffer: 1 << 28 };
  const r = TIME
    ? spawnSync(TIME, ['-f', 'GHTIME %U %S %M', ...args], spawnOpts)
    : spawnSync(args[0]!, args.slice(1), spawnOpts);
  const wall = (performance.now() - t) / 1000;
  const m = /^GHTIME ([\d.]+) ([\d.]+) (\d+)$/m.exec(r.stderr);
  const stderr = r.stderr.replace(/^GHTIME .*\n?/m, '');
  if (opts.check && r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}\n${stderr}`);
  return {
    wall,
    cpu: m ? Number(m[1]) + Number(m[2]) : NaN,
    rssMb: m ? Number(m[3]) / 1024 : NaN,
    status: r.status,
    stdout: r.stdout,
    stderr,
  };
}

/** The 1, 5 and 15 minute load averages, for the printed figures. */
export function loadAverage(): string {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}
