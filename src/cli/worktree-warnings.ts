/**
 * The warning of commands that read commits (`check`, `digest`, `override status`): governed files the working
 * tree holds but no commit does are ignored by what they print, and they say so on stderr (and in `--json` as
 * `warnings`), so an uncommitted approval is never silently "0/1 approvals".
 */
import { uncommittedFiles, uncommittedWarning, type UncommittedFile } from '../git/worktree.js';
import type { RepoLayout } from '../repo/layout.js';
import type { CliContext } from './command.js';

export interface WorktreeWarning {
  kind: 'uncommitted';
  message: string;
  files: UncommittedFile[];
}

/** The governed folders a decision reads from commits (DESIGN §2): changes, state, policies, overrides, incidents. */
export function governedDirs(layout: Pick<RepoLayout, 'paths'>): string[] {
  const p = layout.paths;
  return [p.changes, p.state, p.policies, p.overrides, p.incidents];
}

/** Warns on stderr and returns the warnings for `--json` (empty when the working tree matches HEAD). */
export function warnUncommitted(ctx: CliContext, dirs: readonly string[], reads: string): WorktreeWarning[] {
  const files = uncommittedFiles(ctx.repo, dirs);
  if (files.length === 0) return [];
  const message = uncommittedWarning(files, reads);
  ctx.stderr(message);
  return [{ kind: 'uncommitted', message: message.split('\n')[0]!, files }];
}
