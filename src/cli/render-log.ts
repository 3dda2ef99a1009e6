/** The `gatehouse log` timeline (DESIGN §5) as text or JSON, from the ledger-log use case's result. */
import type { LedgerLogResult, LedgerLogRow } from '../app/ledger-log.js';

function subjectText(s: LedgerLogRow['subject']): string {
  if (!s) return '';
  return Object.entries(s)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

function addedText(o: LedgerLogRow['added_in'], git: boolean): string {
  if (!git) return '';
  return o ? `added in ${o.commit.slice(0, 12)}` : 'not committed yet';
}

export function renderLog(result: LedgerLogResult, json: boolean): string {
  const { rows, total } = result;
  if (json) return JSON.stringify({ entries: rows });
  const width = String(total).length;
  const typeWidth = Math.max(0, ...rows.map((r) => r.type.length));
  const actorWidth = Math.max(0, ...rows.map((r) => r.actor.length));
  const text = rows.map((r) =>
    [
      String(r.seq).padStart(width),
      r.ts,
      r.type.padEnd(typeWidth),
      r.actor.padEnd(actorWidth),
      r.level !== undefined ? `L${r.level}` : '- ',
      subjectText(r.subject),
      addedText(r.added_in, result.git),
    ]
      .join('  ')
      .trimEnd(),
  );
  text.push(`${rows.length} of ${total} entries`);
  return text.join('\n');
}
