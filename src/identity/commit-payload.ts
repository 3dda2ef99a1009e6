/**
 * The signed payload of a git commit, extracted from the raw object bytes exactly as git does it
 * (commit.c parse_buffer_signed_by_header): header lines `gpgsig ` (SHA-1 repositories; `gpgsig-sha256 ` in
 * SHA-256 ones) and their continuation lines form the signature, minus the one leading space of each line;
 * any other header starting with `gpgsig` (e.g. `gpgsig-sha256` in a SHA-1 repository, or `gpgsig-foo`) is
 * dropped with its continuation lines; every other byte, including the message after the blank line, is the
 * payload, unchanged: no newline normalisation, no decoding, non-UTF-8 preserved.
 */

export interface CommitSignatureParts {
  payload: Buffer;
  /** The signature text (undefined when the commit carries no signature header). */
  signature?: Buffer;
}

const SPACE = 0x20;
const NL = 0x0a;
const GPGSIG = Buffer.from('gpgsig', 'latin1');

// commit.c gpg_sig_headers[]: the header that carries the signature for the repository's hash function.
export function signatureHeaderFor(objectFormat: 'sha1' | 'sha256'): string {
  return objectFormat === 'sha256' ? 'gpgsig-sha256' : 'gpgsig';
}

function startsWith(buf: Buffer, at: number, end: number, prefix: Buffer): boolean {
  return end - at >= prefix.length && buf.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0;
}

export function splitCommitSignature(
  raw: Uint8Array,
  objectFormat: 'sha1' | 'sha256' = 'sha1',
): CommitSignatureParts {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const header = Buffer.from(signatureHeaderFor(objectFormat), 'latin1');
  const payload: Buffer[] = [];
  const signature: Buffer[] = [];
  let inSignature = false;
  let sawSignature = false;
  let otherSignature = false;
  let line = 0;
  const tail = buf.length;
  while (line < tail) {
    const nl = buf.indexOf(NL, line);
    let next = nl < 0 ? tail : nl + 1;
    let sig = -1;
    if (inSignature && buf[line] === SPACE) {
      sig = line + 1; // continuation line: drop its leading space
    } else if (startsWith(buf, line, tail, header) && buf[line + header.length] === SPACE) {
      sig = line + header.length + 1;
      otherSignature = false;
    } else if (startsWith(buf, line, tail, GPGSIG)) {
      otherSignature = true; // another gpgsig* header: not part of the payload
    } else if (otherSignature && buf[line] !== SPACE) {
      otherSignature = false;
    }
    if (sig >= 0) {
      signature.push(buf.subarray(sig, next));
      sawSignature = true;
      inSignature = true;
    } else {
      // The blank line ends the header: the rest of the object is payload, byte for byte.
      if (buf[line] === NL) next = tail;
      if (!otherSignature) payload.push(buf.subarray(line, next));
      inSignature = false;
    }
    line = next;
  }
  const out: CommitSignatureParts = { payload: Buffer.concat(payload) };
  if (sawSignature) out.signature = Buffer.concat(signature);
  return out;
}

export interface CommitHeaders {
  tree: string;
  parents: string[];
  /** Committer time (seconds since the epoch), the time git checks SSH key validity at. */
  committerTime?: number;
  committer?: string;
  /** First line of the message, decoded leniently for display only. */
  summary: string;
}

/** Read the headers git needs to walk history; the message is only decoded for display. */
export function parseCommitHeaders(raw: Uint8Array): CommitHeaders {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const end = buf.indexOf('\n\n');
  const head = buf.subarray(0, end < 0 ? buf.length : end).toString('latin1');
  let tree = '';
  const parents: string[] = [];
  let committerTime: number | undefined;
  let committer: string | undefined;
  for (const l of head.split('\n')) {
    if (l.startsWith('tree ')) tree = l.slice(5);
    else if (l.startsWith('parent ')) parents.push(l.slice(7));
    else if (l.startsWith('committer ')) {
      const m = /^committer (.*) (\d+) ([+-]\d{4})$/.exec(l);
      if (m) {
        committer = Buffer.from(m[1]!, 'latin1').toString('utf8');
        committerTime = Number(m[2]);
      }
    }
  }
  const body = end < 0 ? Buffer.alloc(0) : buf.subarray(end + 2);
  const firstLine = body.subarray(0, body.indexOf(NL) < 0 ? body.length : body.indexOf(NL));
  const summary = new TextDecoder('utf-8', { fatal: false }).decode(firstLine).replace(/\r$/, '');
  const out: CommitHeaders = { tree, parents, summary };
  if (committerTime !== undefined) out.committerTime = committerTime;
  if (committer !== undefined) out.committer = committer;
  return out;
}

export type CommitSignatureFormat = 'openpgp' | 'ssh' | 'x509' | 'unknown';

/** gpg-interface.c get_format_by_sig: the format is named by the armor's first line. */
export function signatureFormat(sig: Buffer): CommitSignatureFormat {
  const s = sig.subarray(0, 40).toString('latin1');
  if (s.startsWith('-----BEGIN PGP SIGNATURE-----') || s.startsWith('-----BEGIN PGP MESSAGE-----'))
    return 'openpgp';
  if (s.startsWith('-----BEGIN SSH SIGNATURE-----')) return 'ssh';
  if (s.startsWith('-----BEGIN SIGNED MESSAGE-----')) return 'x509';
  return 'unknown';
}
