import type { KernelProfile, KernelVersion, StatsEra } from './kernel-profile.js';

/** A behaviour change: the first mainline release carrying it, plus stable branches that got it later. */
interface Change {
  readonly mainline: readonly [major: number, minor: number, patch?: number];
  readonly stable?: readonly (readonly [major: number, minor: number, sublevel: number])[];
}

// Versions and sources: docs/kernel-notes.md (one row per constant).
const RTO_1S: Change = { mainline: [3, 1] };
const RANDOM_FULLY: Change = { mainline: [3, 14] };
const CONNECT_PARITY: Change = { mainline: [4, 6] };
const UDP_MERGE_UNNATED: Change = { mainline: [4, 7] };
const UDP_MERGE_IDENTICAL: Change = { mainline: [4, 19] };
const UDP_INSERT_CLASH: Change = { mainline: [5, 6] };
const UDP_STREAM_120: Change = { mainline: [5, 11] };
/** 6ed5943f8735 + a504b703bb1d, backported together in Feb 2022. */
const ROVER_REMOVED: Change = {
  mainline: [5, 0],
  stable: [
    [4, 9, 300],
    [4, 14, 265],
    [4, 19, 228],
  ],
};
const SAME_ORIGIN_SKIP: Change = { mainline: [5, 0] };
/** table_perturb 2^16 series (CVE-2022-32296). */
const CONNECT_PERTURB: Change = {
  mainline: [5, 18],
  stable: [
    [4, 9, 320],
    [4, 14, 285],
    [4, 19, 249],
    [5, 4, 201],
    [5, 10, 125],
    [5, 15, 41],
    [5, 17, 9],
  ],
};
const TIME_WAIT_EVICTION: Change = { mainline: [6, 5] };
const SYN_LINEAR: Change = { mainline: [6, 5] };
const USED_TUPLE_NEW: Change = {
  mainline: [6, 12],
  stable: [
    [6, 6, 57],
    [6, 11, 4],
  ],
};
const MERGE_REVERSE: Change = { mainline: [6, 12] };
const EARLY_DROP_FIRST: Change = { mainline: [3, 15] };
const EARLY_DROP_BUCKETS: Change = { mainline: [4, 7] };
const EARLY_DROP_LIST: Change = { mainline: [4, 8] };
const EARLY_DROP_NEXT_BUCKET: Change = { mainline: [4, 20] };
const BUCKETS_65536: Change = { mainline: [4, 0] };
const TABLE_SIZE_DEFAULTS: Change = { mainline: [5, 15] };
/** d7e7747ac5c2 (5.15-rc1, fixed 64) made random [8, 31] by c9c3b6811f74 before 5.15 was released. */
const CHAIN_LIMIT: Change = { mainline: [5, 15] };
/** c77737b736ce (6.3; a 6.2.y backport exists, sublevel UNVERIFIED, not modelled). */
const CHAIN_LIMIT_50: Change = { mainline: [6, 3] };
const STATS_SEARCH_RESTART: Change = { mainline: [2, 6, 31] };
const STATS_4_9: Change = { mainline: [4, 9] };
const STATS_5_10: Change = { mainline: [5, 10] };
const STATS_5_15: Change = { mainline: [5, 15] };

export function compareVersions(a: KernelVersion, b: KernelVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

function hasChange(v: KernelVersion, change: Change): boolean {
  const [major, minor, patch = 0] = change.mainline;
  if (compareVersions(v, { major, minor, patch }) >= 0) return true;
  return (change.stable ?? []).some(([M, m, s]) => v.major === M && v.minor === m && v.patch >= s);
}

function statsEra(v: KernelVersion): StatsEra {
  if (hasChange(v, STATS_5_15)) return 'v5.15';
  if (hasChange(v, STATS_5_10)) return 'v5.10';
  if (hasChange(v, STATS_4_9)) return 'v4.9';
  return hasChange(v, STATS_SEARCH_RESTART) ? 'v4.8' : 'v2.6';
}

function udpClash(v: KernelVersion): KernelProfile['udpClash'] {
  if (hasChange(v, UDP_INSERT_CLASH)) return 'insert-clash';
  if (hasChange(v, UDP_MERGE_IDENTICAL)) return 'merge-identical';
  return hasChange(v, UDP_MERGE_UNNATED) ? 'merge-unnated' : 'none';
}

function earlyDrop(v: KernelVersion): KernelProfile['earlyDrop'] {
  if (hasChange(v, EARLY_DROP_NEXT_BUCKET)) return 'all-of-8-buckets';
  if (hasChange(v, EARLY_DROP_LIST)) return 'all-rescaled';
  if (hasChange(v, EARLY_DROP_BUCKETS)) return 'one-rescaled';
  return hasChange(v, EARLY_DROP_FIRST) ? 'newest-of-8-nodes' : 'oldest-of-8-nodes';
}

function defaultConntrackBuckets(v: KernelVersion): number {
  if (hasChange(v, TABLE_SIZE_DEFAULTS)) return 262_144;
  return hasChange(v, BUCKETS_65536) ? 65_536 : 16_384;
}

function connectPortAlgo(v: KernelVersion): KernelProfile['connectPortAlgo'] {
  if (hasChange(v, CONNECT_PERTURB)) return 'perturb';
  return hasChange(v, CONNECT_PARITY) ? 'parity' : 'hint';
}

/** The behaviours of one upstream version (stable sublevel included). */
export function kernelProfileForVersion(version: KernelVersion, release: string): KernelProfile {
  const prng = hasChange(version, ROVER_REMOVED);
  return {
    release,
    version,
    natOffset: prng ? 'prng' : 'rover',
    // The 4.x backports kept secure_port for --random; only 5.0 folded it into the PRNG path.
    randomUsesSecurePort: compareVersions(version, { major: 5, minor: 0, patch: 0 }) < 0,
    boundedSearch: prng,
    randomFully: hasChange(version, RANDOM_FULLY),
    timeWaitEviction: hasChange(version, TIME_WAIT_EVICTION),
    usedTupleNew: hasChange(version, USED_TUPLE_NEW),
    tupleTakenSkipsSameOrigin: hasChange(version, SAME_ORIGIN_SKIP),
    udpClash: udpClash(version),
    mergeReverse: hasChange(version, MERGE_REVERSE),
    statsEra: statsEra(version),
    synBackoff: hasChange(version, SYN_LINEAR) ? 'linear4' : 'exponential',
    initialRtoMs: hasChange(version, RTO_1S) ? 1000 : 3000,
    connectPortAlgo: connectPortAlgo(version),
    udpStreamTimeoutS: hasChange(version, UDP_STREAM_120) ? 120 : 180,
    earlyDrop: earlyDrop(version),
    defaultConntrackBuckets: defaultConntrackBuckets(version),
    chainLimit: hasChange(version, CHAIN_LIMIT_50)
      ? 'random-50-79'
      : hasChange(version, CHAIN_LIMIT)
        ? 'random-8-31'
        : 'none',
  };
}
