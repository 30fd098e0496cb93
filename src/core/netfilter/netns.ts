import type { KernelProfile } from '../kernel/kernel-profile.js';
import type { Xoshiro128 } from '../random/xoshiro128.js';
import type { ConntrackTable } from './conntrack-table.js';
import type { CpuCounters } from './counters.js';

/**
 * The kernel state one NAT/conntrack decision reads and writes: the table, the per-CPU counters, the
 * shared port rovers and the clock. Mutable on purpose: it is the hot path.
 */
export interface Netns {
  readonly table: ConntrackTable;
  readonly profile: KernelProfile;
  readonly rng: Xoshiro128;
  readonly stats: readonly CpuCounters[];
  /** ≤4.x: one global u16 rover per protocol (index 0 TCP, 1 UDP), shared by all CPUs without locking. */
  readonly rover: Uint16Array;
  /** The boot-time secret behind secure_ipv4_port_ephemeral() and secure_tcp_seq(). */
  readonly secret: number;
  /** The current simulated time, ns. */
  now: number;
  /** The CPU running the current packet. */
  cpu: number;
}
