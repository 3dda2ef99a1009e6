/** The flags of `gatehouse override` and the use-case requests they make (src/app/override-*.ts). */
import { parseDuration } from '../core/duration.js';
import { usageError } from '../core/errors.js';
import type { Severity } from '../core/documents.js';
import type { OverrideNewRequest } from '../app/override-new.js';
import type { OverridePostmortemRequest } from '../app/override-postmortem.js';
import type { OverrideSignRequest } from '../app/override-sign.js';
import { optionalString, parseIsoFlag, requireString } from './args.js';
import type { OptionSpec, ParsedArgs } from './command.js';
import { SIGNER_OPTIONS } from './signer-flags.js';

export const OVERRIDE_USAGE = [
  'gatehouse override new --change CHG-… (--base REF [--head REF] | --digest D) --checks blast-radius[,…] --impact critical|high|medium|low --reason TEXT --expires (ISO|DURATION) --requested-by ID [--post-mortem-due (ISO|DURATION after expiry)] [--id OVR-…]',
  'gatehouse override sign OVR-… (--key FILE | --gpg KEYID | --ssh-key FILE) --role R [--actor ID] [--reject]',
  'gatehouse override status [OVR-…] [--ref REF]',
  'gatehouse override postmortem OVR-… --incident INC-…',
].join('\n       ');

export const usageLine = (i: number): string => OVERRIDE_USAGE.split('\n')[i]!.trim();

const str = { type: 'string' } as const;
export const OVERRIDE_OPTIONS: OptionSpec = {
  ...SIGNER_OPTIONS,
  ...Object.fromEntries(
    'change base head digest checks impact reason expires post-mortem-due requested-by id role actor'
      .split(' ')
      .map((k) => [k, str]),
  ),
  reject: { type: 'boolean', default: false },
  incident: str,
  ref: str,
};

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** An ISO time, or a duration counted from `from`. */
function timeFlag(name: string, v: string, from: Date): Date {
  if (/^\d{4}-/.test(v)) return parseIsoFlag(name, v);
  try {
    return new Date(from.getTime() + parseDuration(v));
  } catch {
    throw usageError(`--${name} expects an ISO-8601 time or a duration like 2h; found "${v}"`);
  }
}

/** DESIGN §2.6: the override is bound to the change digest, given (--digest) or computed (--base/--head). */
function bindingFlags(args: ParsedArgs, change: string, usage: string): OverrideNewRequest['binding'] {
  const given = optionalString(args, 'digest');
  const base = optionalString(args, 'base');
  if ((given === undefined) === (base === undefined))
    throw usageError(
      `give --base REF [--head REF] (or --digest D): the override is bound to the digest of ${change}\nusage: ${usage}`,
    );
  if (given === undefined) return { base: base!, head: optionalString(args, 'head') ?? 'HEAD' };
  if (!DIGEST.test(given))
    throw usageError(`--digest must look like sha256:<64 hex digits>, found "${given}"`);
  return { digest: given };
}

export function newRequest(args: ParsedArgs, now: Date): OverrideNewRequest {
  const usage = OVERRIDE_USAGE.split('\n')[0]!;
  const impact = requireString(args, 'impact', usage);
  if (!['critical', 'high', 'medium', 'low'].includes(impact))
    throw usageError(`--impact must be critical, high, medium or low; found "${impact}"`);
  const expires = timeFlag('expires', requireString(args, 'expires', usage), now);
  const dueFlag = optionalString(args, 'post-mortem-due');
  // seed 000 Part 5 step 6: post-incident review within 24 hours.
  const due =
    dueFlag !== undefined
      ? timeFlag('post-mortem-due', dueFlag, expires)
      : new Date(expires.getTime() + 86_400_000);
  const id = optionalString(args, 'id');
  const change = requireString(args, 'change', usage);
  return {
    ...(id !== undefined ? { id } : {}),
    change,
    binding: bindingFlags(args, change, usage),
    checks: requireString(args, 'checks', usage)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    reason: requireString(args, 'reason', usage),
    impact: impact as Severity,
    requestedBy: requireString(args, 'requested-by', usage),
    expires,
    postMortemDue: due,
    now,
  };
}

/** The override id, the first positional after the subcommand. */
function overrideId(args: ParsedArgs, usage: string): string {
  const id = args.positionals[1];
  if (!id) throw usageError(`give the override id\nusage: ${usage}`);
  return id;
}

export function signRequest(args: ParsedArgs, now: Date): OverrideSignRequest {
  const id = overrideId(args, usageLine(1));
  const role = requireString(args, 'role', usageLine(1));
  const actor = optionalString(args, 'actor');
  return { id, role, ...(actor !== undefined ? { actor } : {}), reject: args.values.reject === true, now };
}

export function postmortemRequest(args: ParsedArgs, now: Date): OverridePostmortemRequest {
  const id = overrideId(args, usageLine(3));
  return { id, incident: requireString(args, 'incident', usageLine(3)), now };
}
