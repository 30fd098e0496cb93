import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { list, type ReadEntry } from 'tar';
import type { CaptureFile, CaptureSet } from '../../formats/snapshot/capture-set.js';
import { createCaptureStream, STREAM_FROM_BYTES } from './capture-stream.js';
import { describeFsError, SnapshotError } from './snapshot-error.js';

/** Captures bigger than this are not held in memory (a `conntrack -L` dump of any size is digested as it streams). */
const MAX_FILE_BYTES = 512 * 1024 * 1024;
const MAX_FILES = 10_000;

/**
 * Reads what `doctor --from PATH` names: a snapshot archive (`.tar.gz`, `.tgz`, `.tar`, recognised by content), a
 * directory of captures (a snapshot or files pasted into it, read recursively) or one pasted file.
 */
export async function readCapturePath(path: string): Promise<CaptureSet> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw new SnapshotError(path, describeFsError(error));
  }
  if (info.isDirectory()) return { origin: path, kind: 'directory', files: await readDirectory(path) };
  if (await isArchive(path)) {
    if (info.size > MAX_FILE_BYTES) throw new SnapshotError(path, `larger than ${MAX_FILE_BYTES >> 20} MiB`);
    return { origin: path, kind: 'archive', files: await readArchive(path) };
  }
  return { origin: path, kind: 'file', files: [await readCapture(path, path, info.size)] };
}

/** A big file is streamed: a conntrack dump of any size is digested on the way, anything else held up to the limit. */
async function readCapture(path: string, name: string, size: number): Promise<CaptureFile> {
  if (size < STREAM_FROM_BYTES) return { name, text: await readText(path) };
  const capture = createCaptureStream(name);
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
      capture.push(chunk as Buffer);
      if (capture.heldBytes() > MAX_FILE_BYTES)
        throw new SnapshotError(path, `larger than ${MAX_FILE_BYTES >> 20} MiB`);
    }
  } catch (error) {
    if (error instanceof SnapshotError) throw error;
    throw new SnapshotError(path, describeFsError(error));
  }
  return capture.end();
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new SnapshotError(path, describeFsError(error));
  }
}

async function readDirectory(root: string): Promise<CaptureFile[]> {
  const files: CaptureFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (error) {
      throw new SnapshotError(dir, describeFsError(error));
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      const s = await stat(path).catch(() => undefined);
      if (s?.isDirectory()) await walk(path);
      else if (s?.isFile()) {
        if (files.length >= MAX_FILES) throw new SnapshotError(root, `more than ${MAX_FILES} files`);
        files.push(await readCapture(path, relative(root, path), s.size));
      }
    }
  };
  await walk(root);
  return files;
}

/** gzip magic (1f 8b) or a ustar header at offset 257. */
async function isArchive(path: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, 512, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return true;
    return bytesRead >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar';
  } catch (error) {
    throw new SnapshotError(path, describeFsError(error));
  } finally {
    await handle?.close();
  }
}

/** The regular files of an archive, in memory (nothing is extracted), without the common top folder. */
async function readArchive(path: string): Promise<CaptureFile[]> {
  const files: { name: string; text: string }[] = [];
  let tooBig: string | undefined;
  try {
    await list({
      file: path,
      onReadEntry: (entry: ReadEntry) => {
        if (entry.type !== 'File' && entry.type !== 'OldFile') return entry.resume();
        // A big entry (a `conntrack -L` dump) is digested as it is unpacked; others are held up to the limit.
        const capture = createCaptureStream(entry.path);
        let dropped = false;
        entry.on('data', (c: Buffer) => {
          if (dropped) return;
          capture.push(c);
          if (capture.heldBytes() > MAX_FILE_BYTES) {
            dropped = true;
            tooBig = entry.path;
          }
        });
        entry.on('end', () => {
          if (!dropped) files.push(capture.end());
        });
      },
    });
  } catch (error) {
    throw new SnapshotError(path, `not a readable archive (${describeFsError(error)})`);
  }
  if (files.length === 0)
    throw new SnapshotError(
      path,
      tooBig ? `${tooBig} is larger than ${MAX_FILE_BYTES >> 20} MiB` : 'the archive holds no file',
    );
  return stripTopFolder(files).sort((a, b) => a.name.localeCompare(b.name));
}

function stripTopFolder(files: readonly CaptureFile[]): CaptureFile[] {
  const clean = files.map((f) => ({ ...f, name: f.name.replace(/^\.\//, '') }));
  const top = clean[0]?.name.split('/')[0];
  const shared = top !== undefined && clean.every((f) => f.name.startsWith(`${top}/`));
  return shared ? clean.map((f) => ({ ...f, name: f.name.slice(top.length + 1) })) : clean;
}
