/**
 * Cold start of the bundled Action (esbuild, same options as scripts/build.mjs) to its first GitHub API
 * request, against a peer in the same run: a bare `node` process that makes one HTTP request to the same
 * loopback server. Also the bundle size (raw and gzip). Last line: BENCH {"name":"action", ...}.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildAction } from '../test/fixtures/github/build.js';
import { pullRequestPayload } from '../test/fixtures/github/payloads.js';

const RUNS = 15;

let firstRequest: ((t: number) => void) | undefined;
const server = createServer((req, res) => {
  firstRequest?.(performance.now());
  firstRequest = undefined;
  req.resume();
  res.writeHead(403, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ message: 'Resource not accessible by integration', documentation_url: 'x' }));
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const { index } = await buildAction();
const tmp = mkdtempSync(join(tmpdir(), 'gatehouse-bench-action-'));
const eventPath = join(tmp, 'event.json');
writeFileSync(
  eventPath,
  JSON.stringify(pullRequestPayload('opened', { number: 1, base: 'a'.repeat(40), head: 'b'.repeat(40) })),
);
const peer = join(tmp, 'peer.mjs');
writeFileSync(
  peer,
  `await fetch(${JSON.stringify(`${url}/repos/o/r/check-runs`)}, { method: 'POST', body: '{}' });\n`,
);

async function timeToFirstRequest(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const seen = new Promise<number>((resolve) => (firstRequest = resolve));
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: 'ignore', cwd: tmp });
  const t1 = await seen;
  child.kill();
  await new Promise((r) => child.on('close', r));
  return t1 - t0;
}

const env: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_EVENT_PATH: eventPath,
  GITHUB_WORKSPACE: tmp,
  GITHUB_STEP_SUMMARY: join(tmp, 'summary.md'),
  GITHUB_OUTPUT: join(tmp, 'out.txt'),
  GITHUB_API_URL: url,
  'INPUT_GITHUB-TOKEN': 'bench',
};
writeFileSync(env.GITHUB_STEP_SUMMARY as string, '');

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};
const action: number[] = [];
const bare: number[] = [];
await timeToFirstRequest([index], env); // warm the file cache for both
await timeToFirstRequest([peer], env);
for (let i = 0; i < RUNS; i++) {
  action.push(await timeToFirstRequest([index], env));
  bare.push(await timeToFirstRequest([peer], env));
}
server.close();

const bytes = statSync(index).size;
const gzip = gzipSync(readFileSync(index)).length;
const result = {
  name: 'action',
  cold_start_ms_median: Number(median(action).toFixed(1)),
  peer_node_fetch_ms_median: Number(median(bare).toFixed(1)),
  ratio_vs_bare_node: Number((median(action) / median(bare)).toFixed(2)),
  bundle_bytes: bytes,
  bundle_gzip_bytes: gzip,
  runs: RUNS,
};
console.log(`cold start to first API request: ${result.cold_start_ms_median} ms (median of ${RUNS})`);
console.log(
  `peer (bare node + one fetch):     ${result.peer_node_fetch_ms_median} ms → ratio ${result.ratio_vs_bare_node}×`,
);
console.log(`bundle dist/index.js: ${(bytes / 1024).toFixed(0)} KiB (${(gzip / 1024).toFixed(0)} KiB gzip)`);
console.log(`BENCH ${JSON.stringify(result)}`);
