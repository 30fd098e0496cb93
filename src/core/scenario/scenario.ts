import type { KernelProfile } from '../kernel/kernel-profile.js';
import type { Cidr } from '../net/cidr.js';
import type { Ipv4 } from '../net/ipv4.js';
import type { L4Proto } from '../net/proto.js';
import type { NatRule } from '../netfilter/nat-rule.js';

/**
 * A validated scenario: everything the emulator needs, with defaults filled in, names resolved to indices and
 * times in integer nanoseconds. Built from JSON/YAML by `src/formats/scenario`; the core trusts it.
 */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly kernel: KernelProfile;
  readonly cpus: number;
  readonly host: Host;
  /** The VPC: destinations inside are "internal" (used by the verdict and by no-SNAT strategies). */
  readonly internalCidrs: readonly Cidr[];
  /** The nat POSTROUTING chain, in order. Empty = routed pod addresses, no SNAT at all (EKS-style). */
  readonly nat: readonly NatRule[];
  readonly destinations: readonly Destination[];
  readonly containers: readonly Container[];
  readonly workloads: readonly Workload[];
  readonly timing: Timing;
  readonly sysctl: Sysctls;
  /** Hard stop for the simulated clock, ns; the run also ends when no event is left. */
  readonly maxSimTimeNs: number;
}

export interface Host {
  /** Addresses on eth0; MASQUERADE uses the first (inet_select_addr on the outgoing interface). */
  readonly addresses: readonly Ipv4[];
  readonly outInterface: string;
  readonly bridge: { readonly name: string; readonly subnet: Cidr };
}

export interface Destination {
  readonly name: string;
  readonly ip: Ipv4;
  readonly port: number;
  readonly proto: L4Proto;
  /** Round-trip time to the destination, ns (SYN → SYN-ACK, query → answer). */
  readonly rttNs: number;
  /** A DNAT'ed service (ClusterIP): each new flow picks one backend uniformly, as kube-proxy's `-m statistic`. */
  readonly backends: readonly { readonly ip: Ipv4; readonly port: number }[];
  /** Inside one of the internal CIDRs (derived). */
  readonly internal: boolean;
  /** The server does not answer (a black hole) — for tests of the retransmit schedule. */
  readonly silent: boolean;
}

export type Libc = 'glibc' | 'musl';

export interface Resolver {
  readonly libc: Libc;
  /** resolv.conf `options`: how glibc sends A and AAAA (musl ignores it and always sends in parallel). */
  readonly mode: 'parallel' | 'single-request' | 'single-request-reopen' | 'use-vc';
  /** `options timeout:` in seconds (default 5). */
  readonly timeoutS: number;
  /** `options attempts:` (default 2). */
  readonly attempts: number;
  /** Index into destinations of the nameserver (a UDP destination, often a DNAT'ed service). */
  readonly nameserver: number;
}

export interface Container {
  readonly name: string;
  readonly ip: Ipv4;
  /** net.ipv4.ip_local_port_range of the container's network namespace. */
  readonly portRange: readonly [number, number];
  readonly resolver: Resolver | undefined;
  /**
   * The CPU the container's threads send on (with `cpuPolicy: thread`), as a worker pinned with taskset; absent:
   * threads are spread over the CPUs round-robin. Set by the lab comparison, not read from scenario files.
   */
  readonly cpu?: number;
}

/** Fields every workload has. */
interface WorkloadBase {
  /** Indices into containers. */
  readonly containers: readonly number[];
  /** Index into destinations. */
  readonly destination: number;
  /** When the workload starts, ns. */
  readonly startNs: number;
  /** How long each TCP connection stays open after it is established before the client closes it, ns. */
  readonly holdNs: number;
}

export type Workload =
  /** N containers × M connections released together; starts spread uniformly over `spreadNs`; optionally repeated. */
  | (WorkloadBase & {
      readonly type: 'burst';
      readonly connections: number;
      readonly spreadNs: number;
      readonly repeat: number;
      readonly intervalNs: number;
    })
  /** G threads per container, each dialling every intervalNs, `count` times; threads started together (± spreadNs). */
  | (WorkloadBase & {
      readonly type: 'periodic';
      readonly threads: number;
      readonly intervalNs: number;
      readonly count: number;
      readonly spreadNs: number;
    })
  /** Poisson arrivals at ratePerS per container for durationNs. */
  | (WorkloadBase & { readonly type: 'poisson'; readonly ratePerS: number; readonly durationNs: number })
  /** Applications that bind() the same source port before connect(): every container dials from `port`. */
  | (WorkloadBase & {
      readonly type: 'same-port';
      readonly port: number;
      readonly spreadNs: number;
      readonly repeat: number;
      readonly intervalNs: number;
    })
  /** DNS lookups (A + AAAA) through each container's resolver; `destination` is ignored (the nameserver is used). */
  | (WorkloadBase & {
      readonly type: 'dns';
      readonly lookups: number;
      readonly intervalNs: number;
      readonly spreadNs: number;
    });

/**
 * Service-time model of the datapath. Explicit scenario values with documented defaults, to be calibrated
 * against the real kernel by the lab.
 */
export interface Timing {
  /** CPU time to process one packet from the sender through POSTROUTING, ns. */
  readonly packetServiceNs: number;
  /** From the start of a packet's processing to the NAT decision (POSTROUTING +100), ns. */
  readonly natOffsetNs: number;
  /** From the NAT decision to the confirm (POSTROUTING INT_MAX): the race window, ns. */
  readonly natToConfirmNs: number;
  /** Random extra per packet, uniform in [0, jitterNs], ns. */
  readonly jitterNs: number;
  /** Gap between the A and AAAA queries that glibc/musl send back to back, ns. */
  readonly dnsGapNs: number;
  /** Which CPU handles a packet: the sending thread's (veth transmit) or any CPU (RPS/IRQ spread). */
  readonly cpuPolicy: 'thread' | 'spread';
}

/** The sysctls that change the emulator's behaviour (names as under net.netfilter / net.ipv4). */
export interface Sysctls {
  readonly nf_conntrack_max: number;
  /** The kernel's conntrack hash size (`net.netfilter.nf_conntrack_buckets`, the module's `hashsize`). */
  readonly nf_conntrack_buckets: number;
  readonly nf_conntrack_tcp_timeout_syn_sent: number;
  readonly nf_conntrack_tcp_timeout_established: number;
  readonly nf_conntrack_tcp_timeout_fin_wait: number;
  readonly nf_conntrack_tcp_timeout_time_wait: number;
  readonly nf_conntrack_udp_timeout: number;
  readonly nf_conntrack_udp_timeout_stream: number;
  readonly tcp_syn_retries: number;
  readonly tcp_syn_linear_timeouts: number;
}
