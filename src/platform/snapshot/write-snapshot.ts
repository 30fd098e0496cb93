import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { create } from 'tar';
import { renderSnapshotManifest } from '../../formats/snapshot/render-snapshot-manifest.js';
import { MANIFEST_FILE, type Snapshot } from './snapshot.js';
import { describeFsError, SnapshotError } from './snapshot-error.js';

export interface WrittenSnapshot {
  readonly path: string;
  readonly kind: 'archive' | 'directory';
  /** Files written, manifest.json included. */
  readonly files: number;
}

const ARCHIVE = /\.(?:tar\.gz|tgz|tar)$/;

/**
 * Writes the snapshot to `out`: a `.tar.gz`/`.tgz`/`.tar` archive (one top-level folder named after it), or a
 * directory that does not exist yet or is empty.
 */
export async function writeSnapshot(snapshot: Snapshot, out: string): Promise<WrittenSnapshot> {
  if (!ARCHIVE.test(out)) {
    await writeDirectory(snapshot, out);
    return { path: out, kind: 'directory', files: snapshot.files.length + 1 };
  }
  const staging = await mkdtemp(join(tmpdir(), 'portclash-snapshot-'));
  try {
    const top = basename(out).replace(ARCHIVE, '') || 'snapshot';
    await writeDirectory(snapshot, join(staging, top));
    try {
      await create({ gzip: !out.endsWith('.tar'), file: out, cwd: staging, portable: true }, [top]);
    } catch (error) {
      throw new SnapshotError(out, describeFsError(error));
    }
    return { path: out, kind: 'archive', files: snapshot.files.length + 1 };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function writeDirectory(snapshot: Snapshot, dir: string): Promise<void> {
  try {
    const existing = await readdir(dir).catch((error: { code?: string }) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    if (existing.length > 0) throw new SnapshotError(dir, 'exists and is not empty');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, MANIFEST_FILE), renderSnapshotManifest(snapshot.manifest));
    for (const file of snapshot.files) {
      const path = join(dir, file.name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.text);
    }
  } catch (error) {
    if (error instanceof SnapshotError) throw error;
    throw new SnapshotError(dir, describeFsError(error));
  }
}
