import type { Sysctls } from '../../core/scenario/scenario.js';
import { DEFAULT_SYSCTLS, DEFAULT_TIMING } from '../../core/sim/defaults.js';
import { NS_PER_US } from '../../core/time/sim-time.js';
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

/** The datapath service-time model in µs: the core's defaults (core/sim/defaults.ts), until the lab calibrates them. */
export const TIMING_DEFAULTS_US: Readonly<Required<TimingInput>> = {
  packetServiceUs: DEFAULT_TIMING.packetServiceNs / NS_PER_US,
  natOffsetUs: DEFAULT_TIMING.natOffsetNs / NS_PER_US,
  natToConfirmUs: DEFAULT_TIMING.natToConfirmNs / NS_PER_US,
  jitterUs: DEFAULT_TIMING.jitterNs / NS_PER_US,
  dnsGapUs: DEFAULT_TIMING.dnsGapNs / NS_PER_US,
  cpuPolicy: DEFAULT_TIMING.cpuPolicy,
};

/** Linux defaults (core/sim/defaults.ts); nf_conntrack_udp_timeout_stream comes from the kernel profile. */
export const SYSCTL_DEFAULTS: Readonly<Omit<Sysctls, 'nf_conntrack_udp_timeout_stream'>> = (({
  nf_conntrack_udp_timeout_stream: _stream,
  ...rest
}) => rest)(DEFAULT_SYSCTLS);
