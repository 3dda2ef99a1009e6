/**
 * The ports of the use cases in src/app: small interfaces the CLI and the Action wire with one implementation
 * each (src/assembly/…). A use case reaches files, git, keys and the clock only through these; its result is
 * plain data the caller renders. Append a port here when a use case needs one; keep each edit local.
 */
import type { ChangeCore, ChangeSet } from '../assembly/change-read.js';
import type { UncommittedFile } from '../git/worktree.js';
import type { Policy } from '../repo/load-policy.js';
import type { TreeReader } from '../core/tree.js';
import type { Signer } from '../signers/signers.js';

/**
 * One proposed change base..head in git, opened once: its base, head and merge-base trees are read by the
 * change-set reader (src/assembly/change-read.ts) at most once per snapshot, however many use cases ask.
 */
export interface ChangeSnapshot {
  readonly base: string;
  readonly head: string;
  /** Commits, diff, manifest, ops and digest (DESIGN §2.2): no policy, no approvals. */
  core(): Promise<ChangeCore>;
  /** The core plus the BASE policy, the base state and the approvals at head (DESIGN §3). */
  changeSet(): Promise<ChangeSet>;
}

/** The governed repository as git holds it: what decides (DESIGN §3), never the working tree. */
export interface RepositoryPort {
  /** The repository root (where git runs). */
  readonly dir: string;
  /** base..head; the same snapshot for the same pair within one run. */
  change(base: string, head: string): ChangeSnapshot;
  /** The policy (and its layout) of one commit, strictly loaded (src/repo/load-policy.ts); read once per ref. */
  policyAt(ref: string): Promise<Policy>;
  /** Governed files under `dirs` that the working tree holds but no commit does (for warnings). */
  uncommitted(dirs: readonly string[]): UncommittedFile[];
}

/** Files as the working tree holds them, relative to its root (absolute paths are taken as they are). */
export interface WorkTreePort {
  readonly root: string;
  /** The text of a file; throws the file system's error (its `code`, e.g. ENOENT) when it cannot be read. */
  readText(path: string): Promise<string>;
  /** Whether anything exists at `path`. */
  exists(path: string): Promise<boolean>;
  /** Whether `path` is a directory. */
  isDirectory(path: string): Promise<boolean>;
  /** A read-only tree over a directory, for the loaders that take a TreeReader. */
  tree(dir: string): TreeReader;
}

/**
 * The work tree with writes, for the use cases that write governed files (approve, sign, change new, escalate,
 * killswitch, rollback, incident, override, keygen): src/assembly/fs-work-files.ts. A path is relative to the
 * root ('/' separated) or absolute (a file named outside the repository, e.g. `keygen --out /tmp/keys`); the
 * TreeReader methods take root-relative paths.
 */
export interface WorkTree extends TreeReader {
  /** The repository root. */
  readonly root: string;
  /** The file as UTF-8 text, or undefined when it does not exist. */
  readText(path: string): Promise<string | undefined>;
  /** The file's bytes; a missing or unreadable file throws the file system's error (its message names the path). */
  readBytes(path: string): Promise<Uint8Array>;
  /** Whether anything (file or folder) exists at `path`. */
  exists(path: string): Promise<boolean>;
  /** The names directly under `dir` (files and folders); [] when it does not exist. */
  names(dir: string): Promise<string[]>;
  /** Creates `dir` and its parents. */
  makeDir(dir: string): Promise<void>;
  /** Replaces (or creates) the file atomically, creating its folder (DESIGN §9: never half a file). */
  write(path: string, text: string): Promise<void>;
  /** Creates the file with `mode`, never replacing one: false (nothing written) when it already exists. */
  create(path: string, text: string, mode: number): Promise<boolean>;
}

/**
 * The signer of a use case that signs, opened only when it is needed: bad input found before (an unknown actor,
 * a missing file) is reported before a key file is read or a passphrase asked.
 */
export type OpenSigner = () => Promise<Signer>;
