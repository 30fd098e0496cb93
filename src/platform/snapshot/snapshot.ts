import type { CaptureFile, CaptureSet } from '../../formats/snapshot/capture-set.js';
import { renderSnapshotManifest } from '../../formats/snapshot/render-snapshot-manifest.js';
import type { SnapshotManifest } from '../../formats/snapshot/snapshot-manifest.js';

/** What the collector gathered: the manifest and the files it names. */
export interface Snapshot {
  readonly manifest: SnapshotManifest;
  readonly files: readonly CaptureFile[];
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
