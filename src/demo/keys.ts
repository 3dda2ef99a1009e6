/**
 * The example actors' TEST-ONLY private keys written to files for `--ssh-key` (mode 0600). They derive from
 * public seeds (src/example/park.ts): anyone can recompute them, so they protect nothing.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_ACTORS, exampleSshPrivateKey } from '../example/park.js';

/** Writes one key file per example actor into `dir`; returns the path of an actor's key. */
export function writeExampleKeys(dir: string): (actor: string) => string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = (actor: string): string => join(dir, `${actor}-TEST-ONLY_ed25519`);
  for (const a of EXAMPLE_ACTORS) {
    writeFileSync(file(a.id), exampleSshPrivateKey(a.id), { mode: 0o600 });
    chmodSync(file(a.id), 0o600);
  }
  return file;
}
