/** What `gatehouse override` prints: text for people, one JSON object with --json (stable). */
import type { OverrideNewResult } from '../app/override-new.js';
import type { OverridePostmortemResult } from '../app/override-postmortem.js';
import type { OverrideSignResult } from '../app/override-sign.js';
import type { OverrideStatusResult } from '../app/override-status.js';
import type { OverrideView } from '../overrides/lifecycle.js';
import { isoSeconds as iso } from '../record/build.js';
import type { WorktreeWarning } from './worktree-warnings.js';

export function renderNew(r: OverrideNewResult, json: boolean): string {
  if (json)
    return JSON.stringify({ id: r.id, file: r.file, ...(r.incident ? { incident: r.incident } : {}) });
  return [
    `wrote ${r.file}`,
    ...(r.incident ? [`wrote ${r.incident} (${r.impact} impact opens an incident)`] : []),
    `next: signers run \`gatehouse override sign ${r.id} --role <role> --ssh-key …\``,
  ].join('\n');
}

export function renderSign(r: OverrideSignResult, json: boolean): string {
  return json
    ? JSON.stringify({ file: r.file, actor: r.actor, role: r.role, decision: r.decision })
    : `wrote ${r.file} (${r.actor} as ${r.role}: ${r.decision})`;
}

function formatView(v: OverrideView): string {
  const lines = [
    `${v.id} ${v.status}: ${v.change} bypasses ${v.checks.join(', ')} (impact ${v.impact}) — ${v.reason}`,
  ];
  if (v.signers.length) lines.push(`  signed: ${v.signers.map((s) => `${s.actor} (${s.role})`).join(', ')}`);
  for (const i of v.ignored) lines.push(`  ${i.file}: not counted: ${i.why}`);
  return lines.join('\n');
}

export function renderStatus(
  r: OverrideStatusResult,
  now: Date,
  warnings: WorktreeWarning[],
  json: boolean,
): string {
  const { source, overrides: shown } = r;
  if (json) return JSON.stringify({ now: iso(now), source, overrides: shown, warnings });
  const read =
    'commit' in source
      ? `read at ${source.ref} (${source.commit.slice(0, 12)}), the committed tree the gate reads`
      : 'read from the working tree (not a git repository)';
  return [`overrides ${read}:`, shown.length ? shown.map(formatView).join('\n') : 'no overrides'].join('\n');
}

export function renderPostmortem(r: OverridePostmortemResult, json: boolean): string {
  const { id, incident } = r;
  if (!r.changed)
    return json
      ? JSON.stringify({ id, incident, file: r.file, changed: false, message: r.message })
      : r.message;
  const a = r.amendment;
  if (a)
    return json
      ? JSON.stringify({ id, incident, file: a.file, record: a.id, amends: incident, changed: true })
      : `${r.file} is committed (HEAD ${a.commit.slice(0, 12)}) and records are immutable once committed, so the post-mortem is a new record: wrote ${a.file} (amends: ${incident}, overrides: ${id}); ${r.file} is unchanged`;
  return json
    ? JSON.stringify({ id, incident, file: r.file, changed: true })
    : `${r.file} is now the post-mortem of ${id}`;
}
