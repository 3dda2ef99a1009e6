/**
 * `gatehouse demo [--out DIR]` (DESIGN §5): the whole lifecycle on the worked example, in a fresh git
 * repository, each step printed as it happens with the command a user would type. Exit 0 only when every step
 * did what it should; a step that fails stops the demo with its message and exit 1. The repository stays on
 * disk; the last line names the report's index.html.
 */
import { DEMO_START, runDemo } from '../../demo/run.js';
import { usageError } from '../../core/errors.js';
import { optionalString } from '../args.js';
import type { Command } from '../command.js';

const USAGE = 'gatehouse demo [--out DIR] [--now ISO (the timeline start)]';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'the whole lifecycle on the worked example, in a fresh repo: propose … verify, report',
  usage: USAGE,
  options: { out: { type: 'string' } },
  async run(ctx, args) {
    if (args.positionals.length > 0) throw usageError(`demo takes no arguments\nusage: ${USAGE}`);
    const out = optionalString(args, 'out');
    const lines: string[] = [];
    // --json collects the story and prints one document; otherwise each line is printed as it happens.
    const print = ctx.json ? (l: string) => void lines.push(l) : ctx.stdout;
    const result = await runDemo({
      ...(out !== undefined ? { out } : {}),
      startMs: typeof args.values.now === 'string' ? ctx.now.getTime() : Date.parse(DEMO_START),
      print,
      color: (ctx.color ?? ctx.isTTY) && !ctx.json,
      env: ctx.env,
      run: ctx.dispatch,
    });
    if (ctx.json) {
      ctx.stdout(
        JSON.stringify({
          ok: result.ok,
          dir: result.dir,
          report: result.facts.reportIndex ?? null,
          steps: result.done,
          ...(result.failed ? { failed: result.failed } : {}),
          seconds: Math.round(result.seconds * 1000) / 1000,
          log: lines,
        }),
      );
      return result.ok ? 0 : 1;
    }
    if (!result.ok) {
      ctx.stderr(`demo: step "${result.failed?.step}" failed: ${result.failed?.message}`);
      ctx.stderr(`the repository is left in ${result.dir} for a look`);
      return 1;
    }
    ctx.stdout('');
    ctx.stdout(
      `demo: ${result.done.length} steps ok in ${result.seconds.toFixed(1)} s; repository ${result.dir}`,
    );
    ctx.stdout(`report: ${result.facts.reportIndex}`);
    return 0;
  },
};
