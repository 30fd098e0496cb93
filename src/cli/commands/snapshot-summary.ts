import type { SnapshotManifest } from '../../formats/snapshot/snapshot-manifest.js';
import type { WrittenSnapshot } from '../../platform/snapshot/write-snapshot.js';

/** `wrote host.tar.gz (archive, 14 files)` and one line per command that captured nothing. */
export function renderSnapshotSummary(manifest: SnapshotManifest, written: WrittenSnapshot): string {
  const lines = [`wrote ${written.path} (${written.kind}, ${written.files} files)`];
  const failed = manifest.entries.filter((e) => e.file === undefined);
  if (failed.length > 0) {
    lines.push(`not captured (${failed.length}; recorded in manifest.json):`);
    for (const e of failed) {
      const why = e.error ?? (e.stderr.split('\n')[0] || `exit status ${e.exitStatus ?? '-'}, no output`);
      lines.push(`  ${e.argv.join(' ')}: ${why}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
