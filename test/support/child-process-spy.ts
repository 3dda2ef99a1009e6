/**
 * A spy over node:child_process for the tests that show the Action starts no child process of the CLI. Use:
 *   const started = vi.hoisted(() => [] as Started[]);
 *   vi.mock('node:child_process', async (importOriginal) =>
 *     (await import('../support/child-process-spy.js')).spiedChildProcess(await importOriginal(), started));
 * Every spawn, spawnSync, execFile, execFileSync and fork is recorded in `started`, then run for real.
 */
import type * as childProcess from 'node:child_process';

export interface Started {
  cmd: string;
  args: readonly string[];
}

export function spiedChildProcess(real: typeof childProcess, started: Started[]): typeof childProcess {
  const spy = <F extends (...a: never[]) => unknown>(f: F): F =>
    ((cmd: string, args?: unknown, ...rest: unknown[]) => {
      started.push({ cmd, args: Array.isArray(args) ? (args as string[]) : [] });
      return (f as unknown as (...a: unknown[]) => unknown)(cmd, args, ...rest);
    }) as unknown as F;
  return {
    ...real,
    spawn: spy(real.spawn),
    spawnSync: spy(real.spawnSync),
    execFile: spy(real.execFile),
    execFileSync: spy(real.execFileSync),
    fork: spy(real.fork),
  };
}

/** The recorded starts of a node process or of a CLI bundle (git may be spawned; never node). */
export function nodeStartsIn(started: readonly Started[]): Started[] {
  return started.filter(
    (s) => s.cmd === process.execPath || /(^|\/)node$/.test(s.cmd) || s.args.some((a) => /cli\.js$/.test(a)),
  );
}
