/**
 * The GitHub Action entry, bundled to dist/index.js (action.yml: runs.using node24). Reads the inputs once,
 * wires the real ports, runs, and sets the exit code (DESIGN §5, §6). Everything else is in src/action/.
 */
import * as core from '@actions/core';
import { exitCodeFor } from './core/errors.js';
import { environmentPorts } from './action/env-ports.js';
import { readInputs } from './action/inputs.js';
import { run } from './action/run.js';

try {
  const inputs = readInputs(process.env);
  const result = await run(inputs, environmentPorts(inputs));
  process.exitCode = result.exitCode;
} catch (e) {
  core.setFailed(`gatehouse: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = exitCodeFor(e);
}
