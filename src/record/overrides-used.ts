/**
 * Which overrides a merged change used (DESIGN §2.6, §4), read from the gate's typed `decision.overridesUsed`
 * (src/gate/overrides.ts), so what `record` writes never depends on the wording of the result nodes.
 */
import type { OverrideUse } from '../gate/overrides.js';

/** override.activated `bypassed`: the checks each override turned from fail/pending into pass, by id. */
export function bypassedOf(used: readonly OverrideUse[] | undefined): Map<string, string[]> {
  return new Map((used ?? []).filter((u) => u.bypasses.length > 0).map((u) => [u.id, [...u.bypasses]]));
}

/** change.applied `overrides` (DESIGN §4): the ids of every override the gate applied to a failing check, sorted. */
export function overrideIdsUsed(used: readonly OverrideUse[] | undefined): string[] {
  return [...new Set((used ?? []).map((u) => u.id))].sort();
}
