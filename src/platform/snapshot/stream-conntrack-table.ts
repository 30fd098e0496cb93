import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { CaptureFile } from '../../formats/snapshot/capture-set.js';
import { createCaptureStream } from './capture-stream.js';
import type { Snapshot } from './snapshot.js';
import { describeFsError, SnapshotError } from './snapshot-error.js';
import type { ChunkConsumer, RunOptions, SnapshotHost, StreamOutcome } from './snapshot-host.js';

export interface StreamedTable {
  readonly outcome: StreamOutcome;
  /** Output that is not blank, or an empty table listed without error: a fact to keep, as for `run`. */
  readonly captured: boolean;
  /** `digest`: the digest and the head of the dump, when captured. */
  readonly file?: CaptureFile;
  /** `file`: the dump in a temporary directory of its own, when captured (writeSnapshot moves it and removes it). */
  readonly spooled?: Snapshot['spooled'];
}

/**
 * Runs `conntrack -L` (argv, checked by the caller) through `host.stream`, the dump never held whole: `digest`ed
 * as it comes (doctor), or written to a `file` named `name` (snapshot). Nothing is left on disk when nothing was
 * captured; a file that cannot be written rejects with SnapshotError.
 */
export async function streamConntrackTable(
  host: SnapshotHost,
  argv: readonly string[],
  name: string,
  options: RunOptions,
  destination: 'digest' | 'file',
): Promise<StreamedTable> {
  let content = false;
  const note = (chunk: Uint8Array) => {
    if (!content) content = chunk.some((b) => b !== 32 && (b < 9 || b > 13));
  };
  if (destination === 'digest') {
    const capture = createCaptureStream(name, 'conntrack-list');
    const outcome = await host.stream(argv, options, (chunk) => {
      note(chunk);
      capture.push(chunk);
    });
    const captured = content || (outcome.exitStatus === 0 && outcome.error === undefined);
    return { outcome, captured, ...(captured && { file: capture.end() }) };
  }
  const dir = await mkdtemp(join(tmpdir(), 'portclash-spool-'));
  const path = join(dir, basename(name));
  const out = createWriteStream(path);
  let failed: unknown;
  out.on('error', (error) => {
    failed ??= error;
  });
  const write: ChunkConsumer = (chunk) => {
    note(chunk);
    if (failed !== undefined) throw failed;
    if (!out.write(chunk)) return once(out, 'drain').then(() => undefined);
  };
  try {
    const outcome = await host.stream(argv, options, write);
    out.end();
    await finished(out).catch(() => undefined);
    if (failed !== undefined) throw new SnapshotError(path, describeFsError(failed));
    const captured = content || (outcome.exitStatus === 0 && outcome.error === undefined);
    if (!captured) await rm(dir, { recursive: true, force: true });
    return { outcome, captured, ...(captured && { spooled: { dir, files: [{ name, path }] } }) };
  } catch (error) {
    out.destroy();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
