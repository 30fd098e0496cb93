import type { CaptureSet } from '../../formats/snapshot/capture-set.js';
import { type CollectOptions, collectSnapshot } from './collect-snapshot.js';
import { createNodeSnapshotHost } from './node-snapshot-host.js';
import { readCapturePath } from './read-capture-path.js';
import type { Snapshot } from './snapshot.js';
import type { SnapshotHost } from './snapshot-host.js';
import { type WrittenSnapshot, writeSnapshot } from './write-snapshot.js';

/**
 * The CLI's port for `snapshot` and `doctor`: collect read-only from this machine, write a snapshot, read captures
 * back. Failing paths reject with SnapshotError.
 */
export interface SnapshotPort {
  readonly collect: (options: CollectOptions) => Promise<Snapshot>;
  readonly write: (snapshot: Snapshot, out: string) => Promise<WrittenSnapshot>;
  readonly read: (path: string) => Promise<CaptureSet>;
}

/** The port on this machine; `host` replaces the command runner (tests pass a fake one). */
export function createNodeSnapshotPort(host: SnapshotHost = createNodeSnapshotHost()): SnapshotPort {
  return {
    collect: (options) => collectSnapshot(host, options),
    write: writeSnapshot,
    read: readCapturePath,
  };
}
