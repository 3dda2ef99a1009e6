import { describe, expect, it } from 'vitest';
import { signedBytes } from '../../../src/core/jcs.js';
import { buildKeyring } from '../../../src/identity/keyring.js';
import { signSshSigEd25519 } from '../../../src/identity/sshsig.js';
import { verifyDocument } from '../../../src/identity/verify.js';
import { actor, ed25519Ssh, keyringOf, pgpKey } from './keys.js';

describe('buildKeyring', () => {
  it('indexes OpenPGP primary keys and subkeys, and SSH keys, by actor', async () => {
    const pgp = await pgpKey('alice');
    const ssh = ed25519Ssh('alice@laptop');
    const keyring = await keyringOf(
      [
        actor('alice', [
          { type: 'openpgp', file: 'keys/alice.asc' },
          { type: 'ssh', key: ssh.line },
        ]),
      ],
      { 'keys/alice.asc': pgp.publicArmored },
    );
    expect(keyring.problems).toEqual([]);
    const ids = pgp.privateKey.getKeys().map((k) => k.getKeyID().toHex().toUpperCase());
    expect(ids).toHaveLength(2); // primary + encryption subkey
    for (const id of ids) expect(keyring.openpgp.get(id)?.[0]?.actor).toBe('alice');
    expect(keyring.ssh.get(ssh.blob.toString('base64'))?.[0]?.actor).toBe('alice');
  });

  it('records a missing, an unparseable, a secret and a badly windowed key as problems, never dropping them silently', async () => {
    const pgp = await pgpKey('bob');
    const keyring = await keyringOf(
      [
        actor('alice', [{ type: 'openpgp', file: 'keys/missing.asc' }]),
        actor('bob', [{ type: 'openpgp', file: 'keys/bob.asc' }]),
        actor('carol', [{ type: 'ssh', key: 'ssh-ed25519 not-base64!' }]),
        actor('dave', [{ type: 'openpgp', file: 'keys/secret.asc' }]),
        actor('erin', [{ type: 'ssh', key: ed25519Ssh('e').line, valid_before: 'next tuesday' }]),
      ],
      {
        'keys/bob.asc':
          '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\ngarbage\n-----END PGP PUBLIC KEY BLOCK-----\n',
        'keys/secret.asc': pgp.privateKey.armor(),
      },
    );
    const byActor = Object.fromEntries(keyring.problems.map((p) => [p.actor, p]));
    expect(byActor.alice).toMatchObject({
      file: 'keys/missing.asc',
      reason: expect.stringMatching(/not found/),
    });
    expect(byActor.bob).toMatchObject({
      file: 'keys/bob.asc',
      reason: expect.stringMatching(/unreadable OpenPGP key/),
    });
    expect(byActor.carol).toMatchObject({
      file: 'actors.yaml',
      reason: expect.stringMatching(/unreadable SSH public key/),
    });
    expect(byActor.dave?.reason).toMatch(/secret key material/);
    expect(byActor.erin?.reason).toMatch(/valid_after \/ valid_before/);
    expect(keyring.problems).toHaveLength(5);
  });

  it('reports a key-unreadable failure when the named actor signs with a key the keyring could not read', async () => {
    const ssh = ed25519Ssh('alice');
    const keyring = await keyringOf([actor('alice', [{ type: 'ssh', file: 'keys/alice.pub' }])], {
      'keys/alice.pub': 'ssh-ed25519 AAAA',
    });
    const doc = { change: 'C', actor: 'alice', ts: '2026-01-01T00:00:00Z' };
    const value = signSshSigEd25519(ssh.privateKey, ssh.blob, 'gatehouse', signedBytes(doc));
    const res = await verifyDocument({ ...doc, signature: { type: 'ssh', value } }, keyring);
    expect(res).toMatchObject({ ok: false, code: 'key-unreadable' });
  });

  it('flags one key listed for two actors, so one person cannot count twice', async () => {
    const ssh = ed25519Ssh('shared');
    const keyring = await keyringOf([
      actor('alice', [{ type: 'ssh', key: ssh.line }]),
      actor('bob', [{ type: 'ssh', key: ssh.line }]),
    ]);
    expect(keyring.problems.map((p) => p.actor)).toEqual(['alice', 'bob']);
    expect(keyring.problems[0]?.reason).toMatch(/listed for several actors: alice, bob/);
  });

  it('records a reader failure as a problem', async () => {
    const keyring = await buildKeyring([actor('alice', [{ type: 'ssh', file: 'keys/a.pub' }])], () =>
      Promise.reject(new Error('EACCES: permission denied')),
    );
    expect(keyring.problems).toEqual([
      { actor: 'alice', file: 'keys/a.pub', reason: 'cannot read key file: EACCES: permission denied' },
    ]);
  });
});
