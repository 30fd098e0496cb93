import type { Sysctls } from '../../core/scenario/scenario.js';
import type { TimingInput } from './scenario-input.js';

/** Defaults of the scenario format, in the units the user writes (docs/scenario-format.md). */
export const SCENARIO_DEFAULTS = {
  cpus: 2,
  hostAddresses: ['10.0.0.10'],
  outInterface: 'eth0',
  bridgeName: 'cni0',
  bridgeSubnet: '10.244.1.0/24',
  internalRttMs: 1,
  externalRttMs: 20,
  namePrefix: 'pod-',
  /** Linux's default net.ipv4.ip_local_port_range. */
  portRange: [32768, 60999] as const,
  /** glibc RES_TIMEOUT and RES_DFLRETRY. */
  resolverTimeoutS: 5,
  resolverAttempts: 2,
  maxSimTimeS: 600,
} as const;

/** The datapath service-time model, µs. Placeholders until the lab calibrates them against a real kernel. */
export const TIMING_DEFAULTS_US: Readonly<Required<TimingInput>> = {
  packetServiceUs: 4,
  natOffsetUs: 2,
  natToConfirmUs: 1.5,
  jitterUs: 2,
  dnsGapUs: 5,
  cpuPolicy: 'thread',
};

/** Linux defaults (kernel-nat.md §4, ip-sysctl); nf_conntrack_udp_timeout_stream comes from the kernel profile. */
export const SYSCTL_DEFAULTS: Readonly<Omit<Sysctls, 'nf_conntrack_udp_timeout_stream'>> = {
  nf_conntrack_max: 262144,
  nf_conntrack_tcp_timeout_syn_sent: 120,
  nf_conntrack_tcp_timeout_established: 432000,
  nf_conntrack_tcp_timeout_fin_wait: 120,
  nf_conntrack_tcp_timeout_time_wait: 120,
  nf_conntrack_udp_timeout: 30,
  tcp_syn_retries: 6,
  tcp_syn_linear_timeouts: 4,
};
