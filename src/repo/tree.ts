/**
 * A read-only view of a tree of files: the working directory (FsTree) or a git commit (see src/git).
 * Loaders take a TreeReader so policy can come from the base branch and state from either side.
 */
export interface TreeReader {
  /** Human label for messages, e.g. the directory or `origin/main:`. */
  readonly label: string;
  /** Bytes of a file (path relative to the tree root, '/' separated), or undefined if absent. */
  read(path: string): Promise<Uint8Array | undefined>;
  /** Every file path under `dir` (recursive, sorted), relative to the tree root. */
  list(dir: string): Promise<string[]>;
}
