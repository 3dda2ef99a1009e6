/**
 * A client of the C2SP tlog-witness protocol (https://c2sp.org/tlog-witness § add-checkpoint):
 *
 *   POST <submission prefix>/add-checkpoint
 *   old <size>\n <base64 consistency proof lines>\n \n <checkpoint note>
 *
 *   200  note signature lines (cosignatures), checked here against the witness's key before they are kept
 *   409  text/x.tlog.size "<size>\n": the witness's last cosigned size differs → resubmit with the proof from it
 *        (409 at the same size means it cosigned another root there: the ledger forked)
 *   422  the consistency proof does not verify against what the witness saw
 *   403  no signature verifies against a key the witness trusts for the origin; 404 unknown origin; 400 bad request
 *
 * The HTTP exchange is a port (HttpPost), so tests drive a loopback witness and the CLI uses fetch. Outcomes are
 * data; nothing here throws for a witness that fails.
 */
import { readCheckpoint } from '../formats/note-text.js';
import { checkCosignature } from './cosignature.js';
import type { Witness } from './policy-rules.js';

export interface HttpResponse {
  status: number;
  contentType: string;
  body: string;
}

/** POSTs `body` to `url`; rejects on a network failure or when `timeoutMs` passes. */
export type HttpPost = (url: string, body: string, timeoutMs: number) => Promise<HttpResponse>;

/** The witness did not answer within the time given (thrown by an HttpPost). */
export class HttpTimeout extends Error {}

export const fetchPost: HttpPost = async (url, body, timeoutMs) => {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      signal,
    });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
  } catch (err) {
    // The signal says whether the time ran out; error names are not relied on.
    if (signal.aborted) throw new HttpTimeout(`no answer within ${timeoutMs} ms`);
    throw err;
  }
};

export type AddOutcome =
  | { status: 'cosigned'; witness: string; lines: string[]; oldSize: number; attempts: number }
  | {
      status: 'conflict' | 'refused' | 'unreachable' | 'bad-response';
      witness: string;
      httpStatus?: number;
      message: string;
      attempts: number;
    };

export interface AddRequest {
  witness: Witness & { url: string };
  note: string;
  /** The size the witness is believed to have cosigned last (0 when unknown: a 409 tells). */
  oldSize: number;
  /** RFC 9162 consistency proof from `m` to the checkpoint's size, or undefined when m is beyond it. */
  proofFrom: (m: number) => Buffer[] | undefined;
  post: HttpPost;
  timeoutMs: number;
}

// tlog-witness: a client MUST NOT send more than 63 proof lines; a 409 at most once per size moved.
const MAX_ATTEMPTS = 3;

export function addCheckpointUrl(prefix: string): string {
  return `${prefix.replace(/\/+$/, '')}/add-checkpoint`;
}

export function requestBody(oldSize: number, proof: readonly Buffer[], note: string): string {
  return `old ${oldSize}\n${proof.map((h) => `${h.toString('base64')}\n`).join('')}\n${note}`;
}

/** The response lines that are cosignatures by this witness over the note (others are ignored, per the spec). */
function ownCosignatures(witness: Witness, note: string, body: string): string[] {
  const reading = readCheckpoint(`${note}${body}`);
  const lines = `${note}${body}`.split('\n');
  return reading.signatures
    .filter((s) => s.name === witness.name && s.keyId === witness.keyId)
    .filter((s) => checkCosignature(reading.text, s, witness).ok)
    .map((s) => `${lines[s.line - 1] ?? ''}\n`);
}

export async function addCheckpoint(req: AddRequest): Promise<AddOutcome> {
  const { witness } = req;
  const size = readCheckpoint(req.note).checkpoint?.size ?? 0;
  const url = addCheckpointUrl(witness.url);
  let old = req.oldSize;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const proof = old === 0 ? [] : req.proofFrom(old);
    if (proof === undefined || proof.length > 63)
      return {
        status: 'conflict',
        witness: witness.name,
        message: `the witness has cosigned size ${old}, beyond this checkpoint's ${size}: entries were removed or the ledger was rewritten`,
        attempts: attempt - 1,
      };
    let res: HttpResponse;
    try {
      res = await req.post(url, requestBody(old, proof, req.note), req.timeoutMs);
    } catch (err) {
      const why =
        err instanceof HttpTimeout ? `no answer within ${req.timeoutMs} ms` : (err as Error).message;
      return {
        status: 'unreachable',
        witness: witness.name,
        message: `could not reach ${url}: ${why}`,
        attempts: attempt,
      };
    }
    const at = { witness: witness.name, httpStatus: res.status, attempts: attempt };
    if (res.status === 200) {
      const lines = ownCosignatures(witness, req.note, res.body);
      if (lines.length === 0)
        return {
          ...at,
          status: 'bad-response',
          message: `200 but no cosignature by ${witness.name} that verifies over the checkpoint`,
        };
      return { status: 'cosigned', witness: witness.name, lines, oldSize: old, attempts: attempt };
    }
    if (res.status === 409) {
      const m = /^(0|[1-9][0-9]*)\n$/.exec(res.body);
      if (!res.contentType.startsWith('text/x.tlog.size') || !m)
        return { ...at, status: 'bad-response', message: '409 without a text/x.tlog.size body' };
      const theirs = Number(m[1]);
      if (theirs === old)
        return {
          ...at,
          status: 'conflict',
          message: `the witness already cosigned another root at size ${theirs}: the ledger at that size is not what it saw (a fork)`,
        };
      old = theirs; // tlog-witness § add-checkpoint: resubmit with the proof from the witness's size
      continue;
    }
    const text = res.body.trim().slice(0, 200);
    const said = text ? ` (${text})` : '';
    if (res.status === 422)
      return {
        ...at,
        status: 'refused',
        message: `the witness refused the consistency proof from size ${old}: what it cosigned at ${old} is not a prefix of this ledger (rewritten history)${said}`,
      };
    if (res.status === 403)
      return {
        ...at,
        status: 'refused',
        message: `the witness does not trust the checkpoint key for this origin (403): give its operator the policy's checkpoint verifier key${said}`,
      };
    if (res.status === 404)
      return {
        ...at,
        status: 'refused',
        message: `the witness does not know this log origin (404): ask its operator to add the log${said}`,
      };
    return { ...at, status: 'bad-response', message: `unexpected HTTP ${res.status}${said}` };
  }
  return {
    status: 'conflict',
    witness: witness.name,
    message: `the witness's size kept moving (409 ${MAX_ATTEMPTS} times); try again`,
    attempts: MAX_ATTEMPTS,
  };
}
