import type { CaptureFile, CaptureSet } from '../../formats/snapshot/capture-set.js';
import { renderSnapshotManifest } from '../../formats/snapshot/render-snapshot-manifest.js';
import type { SnapshotManifest } from '../../formats/snapshot/snapshot-manifest.js';

/** What the collector gathered: the manifest and the files it names. */
export interface Snapshot {
  readonly manifest: SnapshotManifest;
  readonly files: readonly CaptureFile[];
  /**
   * Captures too big to hold (`conntrack -L` for a snapshot), written to files in a temporary directory while
   * they streamed; writeSnapshot moves them into the output and removes the directory.
   */
  readonly spooled?: { readonly dir: string; readonly files: readonly SpooledFile[] };
}

/** A capture on disk: `name` in the snapshot, `path` where it was spooled. */
export interface SpooledFile {
  readonly name: string;
  readonly path: string;
}

export const MANIFEST_FILE = 'manifest.json';

/** The snapshot as the doctor reads it: its files plus manifest.json. */
export function captureSetOfSnapshot(
  snapshot: Snapshot,
  origin: string,
  kind: CaptureSet['kind'],
): CaptureSet {
  return {
    origin,
    kind,
    files: [{ name: MANIFEST_FILE, text: renderSnapshotManifest(snapshot.manifest) }, ...snapshot.files],
  };
}
