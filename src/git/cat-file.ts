/**
 * A long-lived `git cat-file --batch` reader: one process answers every object read of a run, in order. Used where
 * isomorphic-git is too slow (a walk of the whole first-parent history reads every commit, several trees and the
 * ledger blobs per commit; isomorphic-git takes milliseconds per object, cat-file microseconds). Reads only:
 * nothing here can write to the repository.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Socket } from 'node:net';

export interface RawObject {
  type: 'blob' | 'tree' | 'commit' | 'tag';
  bytes: Buffer;
}

interface Pending {
  oid: string;
  resolve: (o: RawObject | undefined) => void;
  reject: (e: Error) => void;
}

let available: boolean | undefined;

/** Whether a usable `git` is on PATH (checked once per process). */
export function gitCliAvailable(): boolean {
  if (available === undefined) {
    try {
      available = spawnSync('git', ['--version'], { stdio: 'ignore' }).status === 0;
    } catch {
      available = false;
    }
  }
  return available;
}

export class CatFileBatch {
  #child: ChildProcessWithoutNullStreams | undefined;
  readonly #gitdir: string;
  #queue: Pending[] = [];
  #buf: Buffer = Buffer.alloc(0);
  #failed: Error | undefined;
  #held = false;

  /** Keep the event loop alive exactly while replies are awaited. */
  #hold(on: boolean): void {
    const child = this.#child;
    if (!child || on === this.#held) return;
    this.#held = on;
    const out = child.stdout as unknown as Socket;
    if (on) {
      child.ref();
      out.ref?.();
    } else {
      child.unref();
      out.unref?.();
    }
  }

  constructor(gitdir: string) {
    this.#gitdir = gitdir;
  }

  #start(): ChildProcessWithoutNullStreams {
    if (this.#child) return this.#child;
    const child = spawn('git', ['--git-dir', this.#gitdir, 'cat-file', '--batch'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' },
    });
    // An idle reader must not keep the process alive; a pending read must (see #hold).
    child.unref();
    for (const s of [child.stdin, child.stdout, child.stderr]) (s as unknown as Socket).unref?.();
    this.#held = false;
    child.stdout.on('data', (chunk: Buffer) => this.#onData(chunk));
    child.on('error', (e) => this.#fail(e));
    child.on('exit', (code) => this.#fail(new Error(`git cat-file exited with code ${code}`)));
    child.stdin.on('error', (e) => this.#fail(e));
    this.#child = child;
    return child;
  }

  #fail(e: Error): void {
    this.#hold(false);
    this.#failed ??= e;
    this.#child = undefined;
    for (const p of this.#queue.splice(0)) p.reject(e);
  }

  #onData(chunk: Buffer): void {
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    for (;;) {
      const head = this.#queue[0];
      if (!head) {
        this.#hold(false);
        return;
      }
      const nl = this.#buf.indexOf(0x0a);
      if (nl < 0) return;
      const header = this.#buf.subarray(0, nl).toString('utf8');
      const parts = header.split(' ');
      if (parts[1] === 'missing' || parts[1] === 'ambiguous') {
        this.#buf = this.#buf.subarray(nl + 1);
        this.#queue.shift();
        head.resolve(undefined);
        continue;
      }
      const size = Number(parts[2]);
      if (parts.length !== 3 || !Number.isInteger(size)) {
        this.#fail(new Error(`git cat-file: unexpected reply "${header.slice(0, 100)}"`));
        return;
      }
      if (this.#buf.length < nl + 1 + size + 1) return;
      const bytes = Buffer.from(this.#buf.subarray(nl + 1, nl + 1 + size));
      this.#buf = this.#buf.subarray(nl + 1 + size + 1);
      this.#queue.shift();
      head.resolve({ type: parts[1] as RawObject['type'], bytes });
    }
  }

  /** The object `oid`, or undefined when the repository does not have it. */
  read(oid: string): Promise<RawObject | undefined> {
    if (this.#failed) return Promise.reject(this.#failed);
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(oid)) return Promise.resolve(undefined); // SHA-1 or SHA-256 id
    const child = this.#start();
    return new Promise((resolve, reject) => {
      this.#queue.push({ oid, resolve, reject });
      this.#hold(true);
      child.stdin.write(`${oid}\n`);
    });
  }

  close(): void {
    this.#hold(false);
    this.#child?.stdin.end();
    this.#child = undefined;
  }
}

// Raw object formats (gitformat-tree, gitformat-commit) -------------------------------------------

export interface RawTreeEntry {
  mode: string;
  path: string;
  oid: string;
  type: 'blob' | 'tree' | 'commit';
}

/** Entries of a raw tree object: `<mode> <name>\0<oid>` repeated (20-byte oids, 32 in SHA-256 repositories). */
export function parseTree(bytes: Buffer, objectFormat: 'sha1' | 'sha256' = 'sha1'): RawTreeEntry[] {
  const out: RawTreeEntry[] = [];
  const len = objectFormat === 'sha256' ? 32 : 20;
  let i = 0;
  while (i < bytes.length) {
    const sp = bytes.indexOf(0x20, i);
    const nul = bytes.indexOf(0x00, sp + 1);
    if (sp < 0 || nul < 0 || nul + 1 + len > bytes.length) throw new Error('malformed tree object');
    const mode = bytes.subarray(i, sp).toString('latin1').padStart(6, '0');
    const path = bytes.subarray(sp + 1, nul).toString('utf8');
    const oid = bytes.subarray(nul + 1, nul + 1 + len).toString('hex');
    const type = mode === '040000' ? 'tree' : mode === '160000' ? 'commit' : 'blob';
    out.push({ mode, path, oid, type });
    i = nul + 1 + len;
  }
  return out;
}

export interface RawCommit {
  tree: string;
  parents: string[];
  author: { name: string; email: string; timestamp: number };
  committer: { name: string; email: string; timestamp: number };
  message: string;
}

function person(v: string): { name: string; email: string; timestamp: number } {
  const m = /^(.*?) ?<([^>]*)> (\d+) [+-]\d{4}$/.exec(v);
  return m ? { name: m[1]!, email: m[2]!, timestamp: Number(m[3]) } : { name: v, email: '', timestamp: 0 };
}

/** Header fields of a raw commit object; continuation lines (gpgsig, mergetag) are skipped. */
export function parseCommit(bytes: Buffer): RawCommit {
  const text = bytes.toString('utf8');
  const end = text.indexOf('\n\n');
  const head = end < 0 ? text : text.slice(0, end);
  const message = end < 0 ? '' : text.slice(end + 2);
  const c: RawCommit = {
    tree: '',
    parents: [],
    author: { name: '', email: '', timestamp: 0 },
    committer: { name: '', email: '', timestamp: 0 },
    message,
  };
  for (const line of head.split('\n')) {
    if (line.startsWith(' ')) continue;
    const sp = line.indexOf(' ');
    const key = line.slice(0, sp);
    const value = line.slice(sp + 1);
    if (key === 'tree') c.tree = value;
    else if (key === 'parent') c.parents.push(value);
    else if (key === 'author') c.author = person(value);
    else if (key === 'committer') c.committer = person(value);
  }
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(c.tree)) throw new Error('malformed commit object');
  return c;
}
