/**
 * SSHSIG (OpenSSH PROTOCOL.sshsig) through gatehouse/lib: signatures made by ssh-keygen -Y sign (shared vectors,
 * part-a/sshsig/gen) verify over the signed message and fail over the altered one; a truncated one does not parse.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkSshSig, parseSshPublicKeyLine, parseSshSig } from 'gatehouse/lib';

const DIR = fileURLToPath(new URL('../../../shared/interop-vectors/part-a/sshsig/gen/', import.meta.url));
const read = (name: string): Buffer => readFileSync(`${DIR}${name}`);

describe('SSHSIG vectors from ssh-keygen', () => {
  const message = read('message');
  const altered = read('message.altered');
  for (const kind of ['ed25519', 'p256', 'p384', 'p521', 'rsa3072'])
    for (const hash of ['sha256', 'sha512']) {
      it(`verifies ${kind}.${hash}.sig over the message, and not over the altered message`, () => {
        const key = parseSshPublicKeyLine(read(`${kind}.pub`).toString('utf8'));
        const sig = parseSshSig(read(`${kind}.${hash}.sig`).toString('utf8'));
        expect(sig.hashAlgorithm).toBe(hash);
        expect(checkSshSig(sig, key, sig.namespace, message)).toEqual({ ok: true });
        const bad = checkSshSig(sig, key, sig.namespace, altered);
        expect(bad.ok).toBe(false);
        const otherNamespace = checkSshSig(sig, key, `${sig.namespace}-other`, message);
        expect(otherNamespace).toMatchObject({ ok: false, code: 'wrong-namespace' });
      });
    }

  it('refuses a truncated signature at parse time', () => {
    expect(() => parseSshSig(read('ed25519.truncated.sig').toString('utf8'))).toThrow();
  });
});
