import type { Sysctls, Timing } from '../scenario/scenario.js';

/**
 * Service-time defaults (ns). First estimates of a forwarded SYN through veth → bridge → POSTROUTING on a
 * modern x86 core; to be calibrated against the real kernel by `portclash lab` (docs/validation.md).
 */
export const DEFAULT_TIMING: Timing = {
  /** veth → bridge → PREROUTING → FORWARD → POSTROUTING for one small packet. */
  packetServiceNs: 5_000,
  /** PREROUTING conntrack lookup to the POSTROUTING nat hook: bridge, routing, FORWARD. */
  natOffsetNs: 3_000,
  /** POSTROUTING +100 (nat) to INT_MAX (confirm): little runs in between. */
  natToConfirmNs: 1_000,
  jitterNs: 1_000,
  /** sendmmsg(): the AAAA datagram follows the A one as soon as the first send returns. */
  dnsGapNs: 1_000,
  cpuPolicy: 'spread',
};

/** Linux defaults (kernel-nat.md §4, ip-sysctl). */
export const DEFAULT_SYSCTLS: Sysctls = {
  nf_conntrack_max: 262_144,
  nf_conntrack_tcp_timeout_syn_sent: 120,
  nf_conntrack_tcp_timeout_established: 432_000,
  nf_conntrack_tcp_timeout_fin_wait: 120,
  nf_conntrack_tcp_timeout_time_wait: 120,
  nf_conntrack_udp_timeout: 30,
  nf_conntrack_udp_timeout_stream: 120,
  tcp_syn_retries: 6,
  tcp_syn_linear_timeouts: 4,
};
