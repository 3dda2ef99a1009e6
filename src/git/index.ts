/** The git adapter: isomorphic-git reads of refs, commits, trees and blobs (no work tree, no network). */
export { resolveRef, mergeBase } from './refs.js';
export { GitTree } from './tree.js';
export { changedFiles } from './diff.js';
export type { ChangedFile } from './diff.js';
export { firstParentHistory, readBlob, readCommit } from './log.js';
export type { CommitInfo } from './log.js';
