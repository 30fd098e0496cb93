import type { Sysctls, Timing } from '../scenario/scenario.js';

/**
 * Service-time defaults (ns), calibrated by `portclash lab` on the build machine (kernel 6.18, a 2-vCPU VM,
 * docs/validation.md "Calibration"): the race window and its spread were fitted to how often two SYNs that
 * reached the node so many µs apart clashed in the real kernel (per-round likelihood over 1 600 + 960
 * connections), then checked on five other lab set-ups without retuning.
 */
export const DEFAULT_TIMING: Timing = {
  /**
   * veth → bridge → PREROUTING → FORWARD → POSTROUTING for one small packet. Not identified by the lab (workers
   * sharing a CPU are serialised by the scheduler, not by softirq): the least the window below allows.
   */
  packetServiceNs: 15_000,
  /** PREROUTING conntrack lookup to the POSTROUTING nat hook: bridge, routing, FORWARD. */
  natOffsetNs: 3_000,
  /**
   * The race window: from the NAT decision until the entry is visible to the other CPUs. Fitted at 12 µs (the
   * likelihood is flat over 12–16 µs; 10 µs with the machine busy): far longer than the code between the nat hook
   * and confirm suggests, which is what the real kernel showed on this VM.
   */
  natToConfirmNs: 12_000,
  /** Per-packet variance of the path to the nat hook (and of the CPU time): fitted with the window. */
  jitterNs: 12_000,
  /** sendmmsg(): the AAAA datagram follows the A one as soon as the first send returns. */
  dnsGapNs: 1_000,
  cpuPolicy: 'spread',
};

/** Linux defaults (kernel-nat.md §4, ip-sysctl). */
export const DEFAULT_SYSCTLS: Sysctls = {
  nf_conntrack_max: 262_144,
  /** The 5.15+ default on a host with more than 4 GB (65536 before 5.15: `KernelProfile.defaultConntrackBuckets`). */
  nf_conntrack_buckets: 262_144,
  nf_conntrack_tcp_timeout_syn_sent: 120,
  nf_conntrack_tcp_timeout_established: 432_000,
  nf_conntrack_tcp_timeout_fin_wait: 120,
  nf_conntrack_tcp_timeout_time_wait: 120,
  nf_conntrack_udp_timeout: 30,
  nf_conntrack_udp_timeout_stream: 120,
  tcp_syn_retries: 6,
  tcp_syn_linear_timeouts: 4,
};
