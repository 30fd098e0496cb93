/**
 * The kernel behaviours the emulator (and later the doctor) distinguish, one flag per behaviour that changed
 * between releases. Built from a `uname -r` string by `kernelProfileFromRelease`, or given explicitly.
 * Sources and versions: ../shared/reference/kernel-nat.md §8 and docs/kernel-notes.md.
 */
export interface KernelProfile {
  /** The release string this profile was derived from, or a label for explicit profiles. */
  readonly release: string;
  readonly version: KernelVersion;
  /** Offset when the original port cannot be kept and no --random*: shared per-protocol rover (≤4.x) or PRNG (5.0+, Feb 2022 stable backports). */
  readonly natOffset: 'rover' | 'prng';
  /** `--random` starts from a keyed hash of (src, dst, dport) (before 5.0, kept by the 4.x backports); else PRNG. */
  readonly randomUsesSecurePort: boolean;
  /** The 128/64/32/16/8 bounded search (a504b703bb1d, 5.0 and backports); else the whole range linearly. */
  readonly boundedSearch: boolean;
  /** NF_NAT_RANGE_PROTO_RANDOM_FULLY exists (3.14). */
  readonly randomFully: boolean;
  /** TCP TIME_WAIT eviction in the last 32 probes of a round (6.5). */
  readonly timeWaitEviction: boolean;
  /** nf_nat_used_tuple_new for step (1) (6.12, 6.6.y). */
  readonly usedTupleNew: boolean;
  /** nf_conntrack_tuple_taken ignores a confirmed entry with the same ORIGINAL tuple (4e35c1cb9460, 5.0). */
  readonly tupleTakenSkipsSameOrigin: boolean;
  /** UDP clash handling at confirm: none (≤4.6), merge when the winner is un-NATed (4.7), also when tuples are identical (4.19), also REPLY-only insertion (5.6). */
  readonly udpClash: 'none' | 'merge-unnated' | 'merge-identical' | 'insert-clash';
  /** Merge also when the winner is the reverse of the loser (a4e6a1031e77, 6.12). */
  readonly mergeReverse: boolean;
  /** Which counters exist and how they are printed (see kernel-nat.md §3). */
  readonly statsEra: StatsEra;
  /** SYN retransmit schedule: exponential from the initial RTO (≤6.4) or the first four linear (6.5). */
  readonly synBackoff: 'exponential' | 'linear4';
  /** Initial RTO in ms (3000 before ≈3.1, then 1000). */
  readonly initialRtoMs: number;
  /** How connect() picks an ephemeral port: global hint (≤4.5), parity split (4.6–5.17), table_perturb (5.18 and 2022 stable). */
  readonly connectPortAlgo: 'hint' | 'parity' | 'perturb';
  /** nf_conntrack_udp_timeout_stream default in seconds (180 on older kernels, 120 on newer). */
  readonly udpStreamTimeoutS: number;
  /**
   * early_drop() when the table is full (docs/kernel-notes.md, "early_drop"): buckets from the new tuple's until
   * 8 nodes were seen, one victim, the chain's oldest (2.6.23–3.14) or newest (3.15–4.6) non-ASSURED entry; 8
   * buckets rescaled from hash + i (the `_hash++` bug: in practice one bucket), one victim (4.7) or every
   * non-ASSURED entry of the first bucket that has one (4.8–4.19); 8 consecutive buckets, every such entry (4.20).
   */
  readonly earlyDrop:
    | 'oldest-of-8-nodes'
    | 'newest-of-8-nodes'
    | 'one-rescaled'
    | 'all-rescaled'
    | 'all-of-8-buckets';
  /**
   * __nf_conntrack_confirm() refuses to insert when a tuple's chain is too long (chaintoolong + insert_failed,
   * DROP): never before 5.15; the limit drawn per confirm from [8, 31] (5.15) or [50, 79] (6.3).
   */
  readonly chainLimit: 'none' | 'random-8-31' | 'random-50-79';
  /** nf_conntrack_buckets default on a 64-bit host with more than 4 GiB (16384 before ≈4.0, 65536, 262144 from 5.15). */
  readonly defaultConntrackBuckets: number;
}

export interface KernelVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/**
 * ≤4.8: all counters live (searched, new, delete, delete_list, insert on confirm).
 * 4.9–5.9: those five are 0. 5.10–5.14: clash_resolve (proc column `clashres`). 5.15+: chaintoolong (`chainlength`).
 */
export type StatsEra = 'v2.6' | 'v4.8' | 'v4.9' | 'v5.10' | 'v5.15';
