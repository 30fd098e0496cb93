import type { SnapshotManifest } from './snapshot-manifest.js';

/** manifest.json text: two-space indented JSON with a final newline, keys in a fixed order. */
export function renderSnapshotManifest(manifest: SnapshotManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
