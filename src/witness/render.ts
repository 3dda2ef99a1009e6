/** The text lines `verify` prints for witnessed checkpoints (CONVENTIONS: one line per checkpoint). */
import type { WitnessReport } from './check.js';

export function witnessLines(r: WitnessReport): string[] {
  const head = `witnesses: ${r.policy} requires ${r.quorum} of ${r.witnesses.join(', ')}${r.witnessed_only ? ' on every checkpoint relied on (--witnessed-only)' : ' on the latest checkpoint'}`;
  const lines = r.checkpoints.map((c) => {
    const who = c.cosigners.length
      ? c.cosigners.map((x) => `${x.name} at ${x.time}`).join(', ')
      : 'no witness';
    const extra = [
      ...(c.rejected.length ? [`${c.rejected.length} rejected`] : []),
      ...(c.ignored.length
        ? [`${c.ignored.length} ignored (${c.ignored.map((i) => i.name).join(', ')})`]
        : []),
    ];
    const size = c.size !== undefined ? ` (size ${c.size})` : '';
    return `cosigned: ${c.file}${size}: ${who}${c.quorum_met ? ' — quorum met' : ''}${extra.length ? `; ${extra.join('; ')}` : ''}`;
  });
  return [head, ...lines];
}
