import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isLoopbackUrl, octokitApi, spacedLimiter } from '../../../src/github/octokit-api.js';

describe('write spacing for a loopback API', () => {
  it('recognises loopback base URLs and nothing else', () => {
    expect(isLoopbackUrl('http://127.0.0.1:3000')).toBe(true);
    expect(isLoopbackUrl('http://127.8.9.10/api/v3')).toBe(true);
    expect(isLoopbackUrl('http://localhost:8080')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:9000')).toBe(true);
    expect(isLoopbackUrl('https://api.github.com')).toBe(false);
    expect(isLoopbackUrl('https://127.0.0.1.example.com/api/v3')).toBe(false);
    expect(isLoopbackUrl('not a url')).toBe(false);
  });

  it('runs scheduled jobs one at a time, in order, at least the spacing apart', async () => {
    const limiter = spacedLimiter(30).key('x');
    const starts: number[] = [];
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2].map((i) =>
        limiter.schedule({}, async () => {
          starts.push(performance.now());
          order.push(i);
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2]);
    for (let i = 1; i < starts.length; i++)
      expect((starts[i] ?? 0) - (starts[i - 1] ?? 0)).toBeGreaterThanOrEqual(30);
  });

  it('keeps going after a job fails', async () => {
    const limiter = spacedLimiter(0).key('x');
    await expect(limiter.schedule({}, () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await expect(limiter.schedule({}, () => Promise.resolve(7))).resolves.toBe(7);
  });

  it('spaces writes as asked against a loopback server, and refuses the knob for any other host', async () => {
    const times: number[] = [];
    const server = createServer((req, res) => {
      times.push(performance.now());
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const api = octokitApi({ token: 't', baseUrl: url, writeSpacingMs: 10 });
      const t0 = performance.now();
      for (let i = 0; i < 3; i++) await api.commentIssue({ owner: 'o', repo: 'r' }, 1, 'x');
      // plugin-throttling alone would space these comments 3 s apart (notification writes).
      expect(performance.now() - t0).toBeLessThan(1500);
      expect(times).toHaveLength(3);
    } finally {
      server.close();
    }
    const logs: string[] = [];
    octokitApi({
      token: 't',
      baseUrl: 'https://api.github.com',
      writeSpacingMs: 10,
      log: (m) => logs.push(m),
    });
    expect(logs).toEqual([
      'write spacing of 10 ms ignored: https://api.github.com is not a loopback address',
    ]);
  });
});
