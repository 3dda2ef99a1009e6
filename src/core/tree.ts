/**
 * A read-only view of a tree of files: the working directory (FsTree) or a git commit (see src/git).
 * Loaders take a TreeReader so policy can come from the base branch and state from either side.
 */
/** A path the tree holds as something other than a file or a folder: a symbolic link or a git submodule. */
export interface TreeLink {
  path: string;
  kind: 'symlink' | 'submodule';
  /** Where a symlink points (its target text), when known. */
  target?: string;
}

export interface TreeReader {
  /** Human label prefixed to the paths messages name, e.g. the directory with a `/`, or `origin/main:`. */
  readonly label: string;
  /** Bytes of a file (path relative to the tree root, '/' separated), or undefined if absent. */
  read(path: string): Promise<Uint8Array | undefined>;
  /** Every file path under `dir` (recursive, sorted), relative to the tree root. */
  list(dir: string): Promise<string[]>;
  /**
   * Symlinks and submodules at `dir`, on the way to it, or under it (sorted by path): what `list` does not show
   * as files. Optional so that simple readers need not implement it; state loading uses it when present.
   */
  links?(dir: string): Promise<TreeLink[]>;
}
