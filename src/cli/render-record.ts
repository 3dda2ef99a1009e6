/**
 * What `gatehouse record` prints (DESIGN §4, §5) for a result of the record use case (src/app/record-merge.ts):
 * one JSON document with `--json`, else lines of text ending with the ledger's size and head. The exit code
 * is 1 when the change is refused (the gate denies it, or its id was applied by another merge), else 0.
 */
import type { RecordMergeResult } from '../app/record-merge.js';
import { renderText } from '../gate/render/index.js';
import { isoSeconds } from '../record/build.js';

export const NO_CHECKPOINT =
  'no checkpoint signed (no --checkpoint-key FILE or GATEHOUSE_CHECKPOINT_KEY): sign the ledger head with ' +
  '`gatehouse checkpoint sign --checkpoint-key FILE` and commit ledger/';

/** The printed chunks (each one `stdout` call) and the exit code. */
export function renderRecord(r: RecordMergeResult, json: boolean): { out: string[]; code: number } {
  const out: string[] = [];
  const report = (doc: Record<string, unknown>, lines: string[]): void => {
    const all = { size: r.size, head: r.head, judged_at: isoSeconds(r.judgedAt), ...doc };
    out.push(json ? JSON.stringify(all) : [...lines, `ledger: ${r.size} entries, head ${r.head}`].join('\n'));
  };
  const notes = (n: readonly string[]): Record<string, unknown> => (n.length ? { notes: n } : {});
  switch (r.kind) {
    case 'record-commit':
      report({ appended: 0, allowed: true }, [
        'record: only ledger files changed (a record commit); nothing to record',
      ]);
      return { out, code: 0 };
    case 'nothing':
      report({ appended: 0, allowed: true, ...notes(r.notes) }, [
        ...r.notes.map((n) => `note: ${n}`),
        'record: no change manifest and nothing governed changed; nothing to record',
      ]);
      return { out, code: 0 };
    case 'refused':
      if (r.change === undefined) {
        if (!json) out.push(renderText(r.decision).trimEnd());
        report({ appended: 0, allowed: false, refused: true }, [
          'record: refused, the gate denies this change; nothing recorded',
        ]);
      } else if (json)
        out.push(
          JSON.stringify({
            appended: 0,
            allowed: false,
            refused: true,
            change: r.change,
            size: r.size,
            head: r.head,
          }),
        );
      else
        out.push(
          `${renderText(r.decision).trimEnd()}\nrecord: refused, the gate denies ${r.change}; nothing recorded`,
        );
      return { out, code: 1 };
    case 'reapplied':
      out.push(
        json
          ? JSON.stringify({ appended: 0, refused: true, change: r.change, already: r.already })
          : `record: refused, ${r.change} was already applied at seq ${r.already} by merge ${r.commit ?? '(unknown)'}; this merge applies it again. Open a new change with a new id and new approvals`,
      );
      return { out, code: 1 };
    case 'already': {
      const cp = r.repaired;
      report(
        {
          appended: 0,
          skipped: 1,
          change: r.change,
          digest: r.digest,
          already: r.already,
          ...(cp ? { checkpoint: cp } : {}),
        },
        [
          `record: ${r.change} (${r.digest}) is already in the ledger at seq ${r.already}; nothing appended`,
          ...(cp ? [`checkpoint written: ${cp.file} at size ${cp.size} (it lagged the ledger)`] : []),
        ],
      );
      return { out, code: 0 };
    }
    case 'appended': {
      const cp = r.checkpoint;
      report(
        {
          appended: r.appended.length,
          skipped: r.skipped.length,
          ...(r.change !== undefined ? { change: r.change, digest: r.digest } : {}),
          entries: r.appended.map((e) => ({ seq: e.seq, type: e.type })),
          ...notes(r.notes),
          // No key: say so, never skip the checkpoint silently (verify and monitor then have nothing signed).
          checkpoint: cp ?? null,
          ...(cp ? {} : { checkpoint_note: NO_CHECKPOINT }),
        },
        [
          ...(r.adopting ? ['record: no ledger yet: genesis written with the base state (adoption)'] : []),
          ...r.appended.map(
            (e) => `appended seq ${e.seq}: ${e.type}${e.subject !== undefined ? ` ${e.subject}` : ''}`,
          ),
          ...r.skipped.map((t) => `skipped ${t}: already recorded`),
          ...r.notes.map((n) => `note: ${n}`),
          cp ? `checkpoint written: ${cp.file} at size ${cp.size}` : `note: ${NO_CHECKPOINT}`,
        ],
      );
      return { out, code: 0 };
    }
  }
}
