/**
 * The ports of the use cases in src/app: small interfaces the CLI and the Action wire with one implementation
 * each (src/assembly/…). A use case reaches files, git, keys and the clock only through these; its result is
 * plain data the caller renders. Append a port here when a use case needs one; keep each edit local.
 */
import type { ChangeCore, ChangeSet } from '../assembly/change-read.js';
import type { ChangedFile } from '../git/diff.js';
import type { CommitInfo } from '../git/log.js';
import type { UncommittedFile } from '../git/worktree.js';
import type { Policy } from '../repo/load-policy.js';
import type { TreeReader } from '../core/tree.js';
import type { Ledger } from '../store/ledger-store.js';
import type { Signer } from '../signers/signers.js';
import type { CommitRow } from '../assembly/commit-signatures.js';
import type { HistoryResult, LineOrigin } from '../assembly/ledger-history.js';
import type { Keyring } from '../identity/types.js';
import type { RepoLayout } from '../repo/layout.js';
import type { SegmentRef, SnapshotFiles } from '../rollback/ledger-view.js';
import type { AddToRepoOptions, AddToRepoResult } from '../store/witness-notes.js';
import type { WitnessPolicy } from '../witness/policy-rules.js';

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

/** The read side of the work tree, for the use cases that only read it (check, simulate). */
export type WorkTreePort = Pick<WorkTree, 'root' | 'readBytes' | 'exists' | 'isDirectory' | 'tree'>;

/**
 * Git commits of the repository, read only (src/assembly/git-commits.ts): refs, the trees of commits, and the
 * facts the incident, override, log, verify-commits and monitor use cases read from history.
 */
export interface GitCommits {
  /** Whether the repository root holds a `.git` entry. */
  isRepository(): Promise<boolean>;
  /** The commit `ref` names; throws the not-found GatehouseError when it names none (or there is no repository). */
  resolve(ref: string): Promise<string>;
  /** The files of `commit`; `label` prefixes paths in messages (default `<short oid>:`). */
  tree(commit: string, label?: string): TreeReader;
  /** The change set base..head as git holds it: manifest, ops and digest files (src/assembly/change-read.ts). */
  changeCore(base: string, head: string): Promise<ChangeCore>;
  /** One row per commit in base..head with the actor whose key signed it (src/assembly/commit-signatures.ts). */
  commitSignatures(base: string, head: string, keyring: Keyring, at: Date): Promise<CommitRow[]>;
  /** Which first-parent commit of `ref` added each ledger entry, by seq (src/assembly/ledger-history.ts). */
  ledgerLineOrigins(ref: string, ledgerDir: string): Promise<Map<number, LineOrigin>>;
  /** Whether the repository is a shallow clone (its history cannot be proven). */
  isShallow(): Promise<boolean>;
  /** The append-only proof of the ledger over `commit`'s first-parent history (src/assembly/ledger-history.ts). */
  ledgerHistory(commit: string): Promise<HistoryResult>;
  /** The first-parent chain of `ref`, oldest first, its newest `limit` commits (src/git/log.ts). */
  firstParentHistory(ref: string, limit: number): Promise<CommitInfo[]>;
  /** The files that differ between two commits (src/git/diff.ts). */
  changedFiles(from: string, to: string): Promise<ChangedFile[]>;
}

/** The ledger's files in the work tree, read lazily (DESIGN §7: a segment only when one of its entries is needed). */
export interface LedgerFiles {
  /** The segment files in order (pending ones by their final name), each read on demand. */
  segments(layout: RepoLayout): Promise<SegmentRef[]>;
  /** `ledger/snapshots/<seq>.json` by seq, each read on demand (undefined when unreadable). */
  snapshots(layout: RepoLayout): Promise<SnapshotFiles>;
  /** Every ledger line with the segment file and line it came from. */
  lines(
    layout: RepoLayout,
  ): Promise<{ lines: string[]; origin: (seq: number) => { file: string; line: number } }>;
  /** A file a ledger entry names (a snapshot), read synchronously; undefined when unreadable. */
  readTextSync(path: string): string | undefined;
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
  /** Whether `path` is a directory. */
  isDirectory(path: string): Promise<boolean>;
  /** A directory a command names (`simulate --base-state DIR`), readable as a tree of its own. */
  tree(dir: string): TreeReader;
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

/**
 * What `record` (src/app/record-merge.ts) reaches outside its data: the repository (the merged change, judged
 * through the check use case), the head commit's time, and the ledger in the work tree
 * (src/assembly/record-merge-ports.ts).
 */
export interface RecordMergePorts {
  repo: RepositoryPort;
  /** The committer time of `ref`, Unix seconds. */
  committerTime(ref: string): Promise<number>;
  /** DESIGN §4: bad input (file:line of the last entry) when `now` is before the ledger's last entry. */
  assertNowAfterLedger(now: Date): Promise<void>;
  /** The ledger in the work tree, opened for appending. */
  openLedger(layout: RepoLayout): Promise<Ledger>;
  /** The text of the latest checkpoint (`ledger/checkpoint`), undefined when there is none. */
  readCheckpoint(layout: RepoLayout): Promise<string | undefined>;
}

/**
 * The ledger's checkpoint notes as witnesses cosign them (docs/witnesses.md): submit the latest checkpoint and
 * store the cosignatures that verify, under the ledger lock (src/assembly/fs-witness-notes.ts).
 */
export interface WitnessNotes {
  addCheckpoint(layout: RepoLayout, policy: WitnessPolicy, opts: AddToRepoOptions): Promise<AddToRepoResult>;
}
