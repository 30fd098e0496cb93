/** The schema id written into every snapshot's manifest.json (docs/doctor.md). */
export const SNAPSHOT_SCHEMA = 'portclash.snapshot/v1';

/** What a captured file holds: the command's output kind, named after what produced it. */
export type CaptureKind =
  | 'uname-r'
  | 'proc-net-stat-nf-conntrack'
  | 'conntrack-stats'
  | 'iptables-save'
  | 'iptables-legacy-save'
  | 'iptables-nft-save'
  | 'nft-json'
  | 'sysctl'
  | 'ip-addr-json'
  | 'netns-list'
  | 'cni-config'
  | 'resolv-conf'
  | 'conntrack-list';

export const CAPTURE_KINDS: readonly CaptureKind[] = [
  'uname-r',
  'proc-net-stat-nf-conntrack',
  'conntrack-stats',
  'iptables-save',
  'iptables-legacy-save',
  'iptables-nft-save',
  'nft-json',
  'sysctl',
  'ip-addr-json',
  'netns-list',
  'cni-config',
  'resolv-conf',
  'conntrack-list',
];

/** One command the collector ran (or could not run) and the file its standard output went to. */
export interface ManifestEntry {
  readonly kind: CaptureKind;
  /** Path inside the snapshot; absent when nothing was captured (see `error`, `exitStatus`). */
  readonly file?: string;
  /** The command as run, an argument array (no shell). */
  readonly argv: readonly string[];
  /** Exit status; null when the command did not run or was killed. */
  readonly exitStatus: number | null;
  /** Its standard error, trimmed, at most a few KB. */
  readonly stderr: string;
  /** Why nothing or only part was captured: `not installed`, `timed out after 10 s`, … */
  readonly error?: string;
  /** The named network namespace it ran in (`ip netns exec`); absent for the collector's own namespace. */
  readonly netns?: string;
  /** 0 for the first stats sample, 1 for the second (`--interval`). */
  readonly sample?: number;
  /** Milliseconds since the collection started, when the command started: what rates divide by. */
  readonly atMs?: number;
}

export interface SnapshotOptionsRecord {
  /** Seconds between the two stats samples; absent for one sample. */
  readonly intervalS?: number;
  readonly allNetns: boolean;
  readonly conntrackTable: boolean;
}

/** manifest.json: what was collected, how, and what is missing. */
export interface SnapshotManifest {
  readonly schema: typeof SNAPSHOT_SCHEMA;
  /** `portclash 0.1.0`. */
  readonly tool: string;
  /** ISO 8601 time the collection started (informational). */
  readonly createdAt?: string;
  readonly options: SnapshotOptionsRecord;
  readonly entries: readonly ManifestEntry[];
}
