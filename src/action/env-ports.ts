/**
 * The real ports for a workflow run: @actions/core for logs, masking, outputs (GITHUB_OUTPUT) and the job
 * summary (GITHUB_STEP_SUMMARY); Octokit for GitHub; the git CLI; and the gate's use cases, all in process with
 * no child process of the CLI: digest and check (src/action/app-gate.ts), record, verify, monitor and report
 * (src/action/*-in-process.ts).
 */
import * as core from '@actions/core';
import { octokitApi } from '../github/octokit-api.js';
import { inProcessGate } from './app-gate.js';
import { gitCli } from './git-cli.js';
import type { ActionInputs } from './inputs.js';
import type { ActionPorts } from './ports.js';
import { inProcessMonitor } from './monitor-in-process.js';
import { inProcessRecord } from './record-in-process.js';
import { inProcessReport } from './report-in-process.js';
import { inProcessVerify } from './verify-in-process.js';

export function environmentPorts(inputs: ActionInputs): ActionPorts {
  const git = gitCli();
  return {
    git,
    gate: {
      ...inProcessGate(),
      record: inProcessRecord,
      verify: inProcessVerify,
      monitor: inProcessMonitor,
      report: inProcessReport,
    },
    github: octokitApi({
      token: inputs.token,
      baseUrl: inputs.apiUrl,
      retries: inputs.retries,
      retryBaseMs: inputs.retryBaseMs,
      ...(inputs.writeSpacingMs !== undefined ? { writeSpacingMs: inputs.writeSpacingMs } : {}),
      log: (m) => core.info(`github: ${m}`),
    }),
    log: {
      info: (m) => core.info(m),
      warning: (m) => core.warning(m),
      error: (m) => core.error(m),
      annotate: (a) => {
        const props = { file: a.path, startLine: a.line, ...(a.title ? { title: a.title } : {}) };
        if (a.level === 'failure') core.error(a.message, props);
        else if (a.level === 'warning') core.warning(a.message, props);
        else core.notice(a.message, props);
      },
      setSecret: (s) => core.setSecret(s),
    },
    async writeSummary(markdown) {
      if (!process.env.GITHUB_STEP_SUMMARY) {
        core.info(markdown);
        return;
      }
      await core.summary.addRaw(markdown, true).write();
    },
    setOutput: (name, value) => core.setOutput(name, value),
  };
}
