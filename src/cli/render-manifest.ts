/** Output of the commands that write a change manifest for another kind (`escalate`, `killswitch`). */
import type { WrittenManifest } from '../app/write-manifest.js';
import type { CliContext } from './command.js';

/** `{file, manifest, signed_by?}` as JSON, else what was written and what to do next. */
export function renderWrittenManifest(
  ctx: CliContext,
  written: WrittenManifest,
  what: string,
  next: string,
): void {
  const { file, manifest, signedBy } = written;
  if (ctx.json) {
    ctx.stdout(JSON.stringify({ file, manifest, ...(signedBy ? { signed_by: signedBy } : {}) }));
    return;
  }
  ctx.stdout(
    [
      `${file}: ${what}, proposed by ${manifest.proposer}${signedBy ? ` (signed ${signedBy})` : ''}`,
      ...(signedBy
        ? []
        : [
            `next: sign it as its proposer (gatehouse sign ${file} --ssh-key FILE | --gpg KEYID | --key FILE); unsigned, the gate denies it`,
          ]),
      `next: ${next}`,
    ].join('\n'),
  );
}
