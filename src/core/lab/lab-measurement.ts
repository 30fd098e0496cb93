import type { ConntrackListEntry } from '../netfilter/conntrack-list-entry.js';
import type { CpuCounters } from '../netfilter/counters.js';
import type { LabAddressEntry } from './lab-address-map.js';
import type { LabDial } from './plan-lab-load.js';
import type { LabLookup } from './plan-lab-lookups.js';
import type { RuleBackend } from './rule-backend.js';

/** What became of one dial, as its worker saw it. */
export interface LabDialResult {
  /** The source port the connection used (the bound one for same-port dials); null when it never got one. */
  readonly localPort: number | null;
  /** From connect() to established, ns; null when it did not connect. */
  readonly connectNs: number | null;
  /** `ECONNREFUSED`, `EADDRNOTAVAIL`, …, or `unfinished` at the deadline; null on success. */
  readonly error: string | null;
  /** How late the worker issued the connect() against the schedule, ns. */
  readonly lateNs: number;
  /**
   * When the connection's first SYN entered the node's bridge, ns since the common start, from the kernel's
   * capture timestamps (tcpdump in the node namespace); null when no SYN of it was captured, absent when the run
   * had no capture. The emulator's clock for this dial (docs/validation.md, finding 7).
   */
  readonly synNs?: number | null;
}

/** What became of one DNS lookup (A and AAAA on one UDP socket), as its worker saw it. */
export interface LabLookupResult {
  /** The socket's source port; null when it never got one. */
  readonly localPort: number | null;
  /** From sending the queries to the second answer, ns; null when the lookup failed or did not finish. */
  readonly totalNs: number | null;
  /** How often the queries were sent: 1 when both answers came in the first try (a retry costs the timeout). */
  readonly tries: number;
  /** `timeout` after the last try, `unfinished` at the deadline, a socket error code; null on success. */
  readonly error: string | null;
  readonly lateNs: number;
}

export interface LabContainerRun {
  readonly name: string;
  readonly netns: string;
  /** The CPU the worker was pinned to, or null when not pinned. */
  readonly cpu: number | null;
  readonly dials: readonly LabDial[];
  /** Parallel to `dials`. */
  readonly results: readonly LabDialResult[];
  /** DNS lookups, when the scenario has any; `lookupResults` is parallel to `lookups`. */
  readonly lookups?: readonly LabLookup[];
  readonly lookupResults?: readonly LabLookupResult[];
}

/** The raw facts of one lab run; `summarizeLabRun` turns them into the numbers the report shows. */
export interface LabMeasurement {
  readonly runId: string;
  /** `uname -r` of the machine: the kernel that was measured. */
  readonly kernelRelease: string;
  /** Rows of the node's /proc/net/stat/nf_conntrack (possible CPUs). */
  readonly cpus: number;
  readonly ruleBackend: RuleBackend;
  /** The POSTROUTING rules as applied and as iptables-save printed them back, lab addresses. */
  readonly rulesApplied: readonly string[];
  readonly rulesReadBack: readonly string[];
  readonly addressMap: readonly LabAddressEntry[];
  /** Lab addresses of the containers and of the servers. */
  readonly containerAddresses: readonly number[];
  readonly serverAddresses: readonly number[];
  /** The node namespace's per-CPU counters before the load and after it. */
  readonly statsBefore: readonly CpuCounters[];
  readonly statsAfter: readonly CpuCounters[];
  /** nf_conntrack_count of the node namespace after the load. */
  readonly entriesAfter: number;
  /** `conntrack -L` of the node namespace after the load (TCP and UDP lines). */
  readonly conntrackList: readonly ConntrackListEntry[];
  readonly containers: readonly LabContainerRun[];
  /** From the common start to the last worker's end, ms. */
  readonly loadMs: number;
  readonly notes: readonly string[];
}
