/**
 * The ledger-files port of the use cases (src/app/ports.ts `LedgerFiles`) over the work tree at `root`: segment
 * and snapshot files listed once and read on demand (DESIGN §7). Matches that interface by shape.
 */
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { snapshotsDir } from '../ledger/layout.js';
import type { RepoLayout } from '../repo/layout.js';
import type { SegmentRef, SnapshotFiles } from '../rollback/ledger-view.js';
import { readLedgerLines } from '../store/ledger-files.js';
import { listSegments } from '../store/ledger-store.js';

export class FsLedgerFiles {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  async segments(layout: RepoLayout): Promise<SegmentRef[]> {
    const { segments } = await listSegments(this.root, layout);
    return segments.map((s) => ({
      file: s.file,
      firstSeq: s.firstSeq,
      read: () => readFileSync(s.abs, 'utf8'),
    }));
  }

  async snapshots(layout: RepoLayout): Promise<SnapshotFiles> {
    const dir = snapshotsDir(layout);
    const names = await readdir(join(this.root, dir)).catch(() => [] as string[]);
    const out = new Map<number, () => string | undefined>();
    for (const n of names) {
      const m = /^(\d+)\.json$/.exec(n);
      if (m) out.set(Number(m[1]), () => this.readTextSync(join(dir, n)));
    }
    return out;
  }

  lines(layout: RepoLayout): ReturnType<typeof readLedgerLines> {
    return readLedgerLines(this.root, layout);
  }

  readTextSync(path: string): string | undefined {
    try {
      return readFileSync(join(this.root, path), 'utf8');
    } catch {
      return undefined;
    }
  }
}
