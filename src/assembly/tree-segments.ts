/**
 * The ledger's segments in a tree (the working directory or a git commit), committed pending ones included
 * (DESIGN §4; the selection is segments.ts `segmentList`, the same the fs reader in store/ledger-store.ts uses).
 */
import { eventsDir, type LedgerLayout } from '../ledger/layout.js';
import { filesIn, segmentList } from '../ledger/segments.js';
import type { TreeReader } from '../core/tree.js';

export interface TreeSegment {
  /** Tree path of the segment as named in the ledger (a committed pending file by its final name). */
  file: string;
  firstSeq: number;
  /** Tree path of the file that holds it (may be a committed `.pending` file). */
  path: string;
}

const text = (bytes: Uint8Array | undefined): string | undefined =>
  bytes === undefined
    ? undefined
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');

/** The segments of the ledger at `tree`, in seq order, and the tree paths of stale pending files. */
export async function treeSegments(
  tree: TreeReader,
  layout: LedgerLayout,
): Promise<{ segments: TreeSegment[]; stale: string[] }> {
  const files = filesIn(eventsDir(layout), await tree.list(eventsDir(layout)));
  const pathOf = (name: string): string => files.get(name)!;
  const list = await segmentList(files.keys(), layout.ledger.segment_size, async (n) =>
    text(await tree.read(pathOf(n))),
  );
  return {
    segments: list.segments.map((s) => {
      const path = pathOf(s.stored);
      return { file: path.slice(0, path.length - s.stored.length) + s.name, firstSeq: s.firstSeq, path };
    }),
    stale: list.stale.map(pathOf),
  };
}
