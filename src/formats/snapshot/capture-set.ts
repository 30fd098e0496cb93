import type { ConntrackListDigest } from '../conntrack/digest-conntrack-list.js';

/** One captured text file, named as the user would find it (`host.tar.gz:iptables-save.txt`, `paste.txt`). */
export interface CaptureFile {
  /** Path relative to the capture set's root (`manifest.json`, `stats/conntrack-S.0.txt`), or the file's name. */
  readonly name: string;
  /** The whole text; only its beginning when `conntrackList` is set. */
  readonly text: string;
  /** A big `conntrack -L` dump digested while it was streamed from disk, instead of being held as text. */
  readonly conntrackList?: ConntrackListDigest;
}

/**
 * The input of the doctor: the files of one `--from` (a snapshot directory or archive, a directory of pasted
 * captures, one pasted file) or of a live collection. A snapshot's `manifest.json` is one of the files.
 */
export interface CaptureSet {
  /** What the user named (`host.tar.gz`, `captures/`, `paste.txt`) or `live`. */
  readonly origin: string;
  readonly kind: 'archive' | 'directory' | 'file' | 'live';
  readonly files: readonly CaptureFile[];
}

/** The name a file is shown under: `origin:name` for archives and directories, the origin for a single file. */
export function captureFileLabel(set: CaptureSet, file: CaptureFile): string {
  if (set.kind === 'file') return set.origin;
  if (set.kind === 'live') return file.name;
  return `${set.origin.replace(/\/+$/, '')}${set.kind === 'directory' ? '/' : ':'}${file.name}`;
}
