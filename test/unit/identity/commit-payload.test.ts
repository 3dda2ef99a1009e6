import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseCommitHeaders,
  signatureFormat,
  splitCommitSignature,
} from '../../../src/identity/commit-payload.js';

const HEAD =
  'tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1700000000 +0000\ncommitter C <c@x> 1700000001 +0100\n';
const SIG = ['-----BEGIN PGP SIGNATURE-----', '', 'iHUEABYIAB0WIQ', '=abcd', '-----END PGP SIGNATURE-----'];

function signed(head: string, sigLines: string[], body: Buffer, header = 'gpgsig'): Buffer {
  return Buffer.concat([Buffer.from(`${head}${header} ${sigLines.join('\n ')}\n\n`, 'latin1'), body]);
}

describe('splitCommitSignature (git commit.c parse_buffer_signed_by_header)', () => {
  it('returns the whole object as payload and no signature for an unsigned commit', () => {
    const raw = Buffer.from(`${HEAD}\nmessage\n`);
    expect(splitCommitSignature(raw)).toEqual({ payload: raw });
  });

  it('removes the gpgsig header and its continuation lines, dropping one leading space per line', () => {
    const { payload, signature } = splitCommitSignature(signed(HEAD, SIG, Buffer.from('msg\n')));
    expect(payload.toString()).toBe(`${HEAD}\nmsg\n`);
    expect(signature?.toString()).toBe(`${SIG.join('\n')}\n`);
  });

  it('drops gpgsig-sha256 and gpgsig-foo headers with their continuation lines from a SHA-1 payload', () => {
    const extra = `gpgsig-foo first\n second\n third\nmergetag x\n`;
    const raw = Buffer.concat([
      Buffer.from(HEAD + extra),
      signed('', SIG, Buffer.from('msg\n'), 'gpgsig-sha256'),
    ]);
    const { payload, signature } = splitCommitSignature(raw);
    expect(payload.toString()).toBe(`${HEAD}mergetag x\n\nmsg\n`);
    expect(signature).toBeUndefined();
    // In a SHA-256 repository the roles swap: gpgsig-sha256 is the signature and gpgsig is dropped.
    const sha256 = splitCommitSignature(raw, 'sha256');
    expect(sha256.signature?.toString()).toBe(`${SIG.join('\n')}\n`);
  });

  it('leaves "gpgsig" lines in the message body alone', () => {
    const body = Buffer.from('subject\n\ngpgsig in the body\n stays\n');
    const { payload } = splitCommitSignature(signed(HEAD, SIG, body));
    expect(payload.toString()).toBe(`${HEAD}\n${body.toString()}`);
  });

  it('keeps CRLF and non-UTF-8 bytes of the message exactly', () => {
    const body = Buffer.from([
      0x73, 0x75, 0x62, 0x6a, 0x0d, 0x0a, 0x0d, 0x0a, 0xe9, 0xff, 0xfe, 0x00, 0x0d, 0x0a,
    ]);
    const { payload } = splitCommitSignature(signed(HEAD, SIG, body));
    expect(payload.equals(Buffer.concat([Buffer.from(`${HEAD}\n`), body]))).toBe(true);
  });

  const headerLine = fc
    .tuple(fc.stringMatching(/^[a-z][a-z-]{0,10}$/), fc.stringMatching(/^[ -~]{0,30}$/))
    .filter(([k]) => !k.startsWith('gpgsig'))
    .map(([k, v]) => `${k} ${v}\n`);
  const sigLine = fc.stringMatching(/^[!-~][ -~]{0,40}$|^$/);

  it('recovers the unsigned object and the signature exactly for any headers, signature and message bytes', () => {
    fc.assert(
      fc.property(
        fc.array(headerLine, { maxLength: 6 }),
        fc.array(sigLine, { minLength: 1, maxLength: 8 }),
        fc.uint8Array({ maxLength: 200 }),
        fc.option(fc.tuple(fc.stringMatching(/^-[a-z0-9]{1,8}$/), fc.array(sigLine, { maxLength: 3 }))),
        (headers, sigLines, body, other) => {
          const head = headers.join('');
          const otherHeader = other ? `gpgsig${other[0]} x${other[1].map((l) => `\n ${l}`).join('')}\n` : '';
          const raw = Buffer.concat([Buffer.from(otherHeader), signed(head, sigLines, Buffer.from(body))]);
          const { payload, signature } = splitCommitSignature(raw);
          expect(payload.equals(Buffer.concat([Buffer.from(`${head}\n`), Buffer.from(body)]))).toBe(true);
          expect(signature?.toString()).toBe(`${sigLines.join('\n')}\n`);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseCommitHeaders and signatureFormat', () => {
  it('reads parents, committer time and the subject without the CR of a CRLF message', () => {
    const raw = Buffer.from(
      `${HEAD.replace('author', 'parent aaa\nparent bbb\nauthor')}\nSubject line\r\n\r\nbody\n`,
    );
    expect(parseCommitHeaders(raw)).toMatchObject({
      parents: ['aaa', 'bbb'],
      committerTime: 1700000001,
      summary: 'Subject line',
    });
  });

  it('names the format from the armor line as git does', () => {
    expect(signatureFormat(Buffer.from('-----BEGIN PGP SIGNATURE-----\n'))).toBe('openpgp');
    expect(signatureFormat(Buffer.from('-----BEGIN SSH SIGNATURE-----\n'))).toBe('ssh');
    expect(signatureFormat(Buffer.from('-----BEGIN SIGNED MESSAGE-----\n'))).toBe('x509');
    expect(signatureFormat(Buffer.from('hello'))).toBe('unknown');
  });
});
