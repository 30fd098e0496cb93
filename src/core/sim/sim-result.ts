import type { ConntrackListEntry } from '../netfilter/conntrack-list-entry.js';
import type { CpuCounters } from '../netfilter/counters.js';

/** Percentiles of a latency distribution, in milliseconds. */
export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * The outcome of one run: stable schema `portclash.simulate/v1` (docs/json-schema.md). Every number is
 * deterministic for (scenario, seed).
 */
export interface SimResult {
  readonly scenario: string;
  readonly kernel: string;
  readonly seed: number;
  readonly simulatedMs: number;
  readonly events: number;
  readonly tcp: {
    readonly attempted: number;
    readonly completed: number;
    readonly failed: number;
    /** Still connecting when the run ended (maxSimTimeS). */
    readonly unfinished: number;
    readonly noLocalPort: number;
    readonly synsSent: number;
    /** SYNs dropped at confirm: the SNAT clash. */
    readonly synsLost: number;
    readonly synsLostTableFull: number;
    readonly delayed1s: number;
    readonly connectMs: LatencySummary;
  };
  readonly dns: {
    readonly lookups: number;
    readonly completed: number;
    readonly failed: number;
    readonly unfinished: number;
    readonly queriesSent: number;
    readonly queriesLost: number;
    readonly delayed5s: number;
    readonly lookupMs: LatencySummary;
  };
  readonly nat: {
    /** SNAT'ed flows whose host port is the container's own source port. */
    readonly keptPort: number;
    /** SNAT'ed flows that got another port (step 4 search). */
    readonly searched: number;
    readonly portMin: number | null;
    readonly portMax: number | null;
  };
  readonly conntrack: {
    readonly perCpu: readonly CpuCounters[];
    readonly total: CpuCounters;
    /** nf_conntrack_count at the end. */
    readonly entries: number;
    readonly maxEntries: number;
    /** Bytes the emulator's own table holds at the end (typed arrays): its memory cost, not the kernel's. */
    readonly emulatorBytes: number;
  };
  readonly destinations: readonly {
    readonly name: string;
    readonly internal: boolean;
    readonly attempted: number;
    readonly synsLost: number;
    readonly delayed1s: number;
    readonly queriesLost: number;
  }[];
  /** The final table, only when asked for (`--conntrack-list`). */
  readonly conntrackList?: readonly ConntrackListEntry[];
}
