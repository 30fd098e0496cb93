import { copyFile, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
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
 * directory that does not exist yet or is empty. Everything is written into a temporary directory next to `out`
 * and renamed into place at the end: a failure leaves nothing half-written. Spooled captures are moved in (and
 * their temporary directory removed, whatever happens).
 */
export async function writeSnapshot(snapshot: Snapshot, out: string): Promise<WrittenSnapshot> {
  const files = snapshot.files.length + (snapshot.spooled?.files.length ?? 0) + 1;
  const archive = ARCHIVE.test(out);
  let staging: string | undefined;
  try {
    if (!archive) await checkEmpty(out);
    await mkdir(dirname(out), { recursive: true });
    staging = await mkdtemp(join(dirname(out), `.${basename(out)}.`));
    const top = archive ? basename(out).replace(ARCHIVE, '') || 'snapshot' : 'snapshot';
    await writeDirectory(snapshot, join(staging, top));
    if (archive) {
      // tar reads each file from disk as it packs it: a spooled dump is never held in memory.
      const packed = join(staging, 'archive');
      await create({ gzip: !out.endsWith('.tar'), file: packed, cwd: staging, portable: true }, [top]);
      await rename(packed, out);
    } else await rename(join(staging, top), out);
    return { path: out, kind: archive ? 'archive' : 'directory', files };
  } catch (error) {
    if (error instanceof SnapshotError) throw error;
    throw new SnapshotError(out, describeFsError(error));
  } finally {
    if (staging !== undefined) await rm(staging, { recursive: true, force: true });
    if (snapshot.spooled) await rm(snapshot.spooled.dir, { recursive: true, force: true });
  }
}

async function checkEmpty(dir: string): Promise<void> {
  const existing = await readdir(dir).catch((error: { code?: string }) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (existing.length > 0) throw new SnapshotError(dir, 'exists and is not empty');
}

async function writeDirectory(snapshot: Snapshot, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, MANIFEST_FILE), renderSnapshotManifest(snapshot.manifest));
  for (const file of snapshot.files) {
    const path = join(dir, file.name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.text);
  }
  for (const file of snapshot.spooled?.files ?? []) {
    const path = join(dir, file.name);
    await mkdir(dirname(path), { recursive: true });
    await moveFile(file.path, path);
  }
}

/** A rename, or a copy across file systems (the temporary directory may be on another one than the output). */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EXDEV') throw error;
    await copyFile(from, to);
  }
}
