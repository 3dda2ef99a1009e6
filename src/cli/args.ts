import { usageError } from '../core/errors.js';
import type { ParsedArgs } from './command.js';

/** A required string flag, or a usage error naming it. */
export function requireString(args: ParsedArgs, name: string, usage: string): string {
  const v = args.values[name];
  if (typeof v !== 'string' || v === '') throw usageError(`--${name} is required\nusage: ${usage}`);
  return v;
}

export function optionalString(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A non-negative integer flag (e.g. --at SEQ). */
export function optionalInt(args: ParsedArgs, name: string): number | undefined {
  const v = optionalString(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw usageError(`--${name} expects a non-negative integer, found "${v}"`);
  return Number(v);
}

/** An ISO-8601 timestamp flag with an explicit offset or Z. */
export function parseIsoFlag(name: string, v: string): Date {
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v);
  const d = new Date(v);
  if (!ok || Number.isNaN(d.getTime()))
    throw usageError(
      `--${name} expects an ISO-8601 time with a zone, e.g. 2026-01-18T14:30:00Z; found "${v}"`,
    );
  return d;
}
