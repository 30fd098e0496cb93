import type { KernelBehaviourFlags } from '../../core/kernel/kernel-profile-from-release.js';
import type { L4Proto } from '../../core/net/proto.js';
import type { Libc, Resolver, Sysctls, Timing } from '../../core/scenario/scenario.js';
import type { NatStrategy } from './nat-rules-for-strategy.js';

/**
 * A scenario file as the user writes it (YAML or JSON); docs/scenario-format.md describes every field with its
 * default and unit. `validateScenario` turns it into the core `Scenario`: defaults filled in, names resolved,
 * milliseconds and microseconds converted to integer nanoseconds. The seed is not part of it (a CLI flag).
 */
export interface ScenarioInput {
  readonly name: string;
  /** Default "". */
  readonly description?: string;
  /** A `uname -r` string, or one with behaviour flags overridden. */
  readonly kernel: string | KernelInput;
  /** CPUs of the host, 1..1024. Default 2. */
  readonly cpus?: number;
  readonly host?: HostInput;
  /** The VPC and other networks that count as internal. Default []. */
  readonly internalCidrs?: readonly string[];
  /** The nat POSTROUTING chain, or a standard rule set. Default `{ strategy: masquerade }`. */
  readonly nat?: readonly NatRuleInput[] | { readonly strategy: NatStrategy };
  readonly destinations: readonly DestinationInput[];
  readonly containers: ContainerPoolInput | readonly ContainerInput[];
  readonly workloads: readonly WorkloadInput[];
  readonly timing?: TimingInput;
  /** Linux defaults; `nf_conntrack_udp_timeout_stream` defaults to the kernel's (120, or 180 before ≈5.11). */
  readonly sysctl?: Partial<Sysctls>;
  /** Hard stop of the simulated clock, seconds. Default 600. */
  readonly maxSimTimeS?: number;
}

export interface KernelInput {
  readonly release: string;
  /** Behaviour flags that replace the ones derived from the release (a distro backport, an experiment). */
  readonly overrides?: Partial<KernelBehaviourFlags>;
}

export interface HostInput {
  /** eth0 addresses; MASQUERADE uses the first. Default ["10.0.0.10"]. */
  readonly addresses?: readonly string[];
  /** Default "eth0". */
  readonly outInterface?: string;
  readonly bridge?: {
    /** Default "cni0". */
    readonly name?: string;
    /** Default "10.244.1.0/24"; the bridge itself is .1. */
    readonly subnet?: string;
  };
}

/** An iptables-save line (`-A POSTROUTING ...`) or a structured rule. */
export type NatRuleInput = string | NatRuleObjectInput;

export interface NatRuleObjectInput {
  /** `"10.244.0.0/16"`, `"!10.0.0.0/8"` or `{ cidr, negated }`. */
  readonly source?: NegatableCidrInput;
  readonly destination?: NegatableCidrInput;
  /** `"eth0"`, `"!cni0"` or `{ name, negated }`. */
  readonly outInterface?: string | { readonly name: string; readonly negated?: boolean };
  readonly proto?: L4Proto;
  readonly target: NatTargetInput;
  readonly comment?: string;
}

export type NegatableCidrInput = string | { readonly cidr: string; readonly negated?: boolean };

export type NatTargetInput =
  | 'masquerade'
  | 'return'
  | 'accept'
  | {
      readonly type: 'masquerade';
      /** `"1024-65535"` or a single port; needs `proto`, as in iptables. */
      readonly toPorts?: string | number;
      readonly random?: boolean;
      readonly randomFully?: boolean;
    }
  | {
      readonly type: 'snat';
      /** `ip[-ip][:port[-port]]`; ports need `proto`. */
      readonly toSource: string;
      readonly random?: boolean;
      readonly randomFully?: boolean;
      readonly persistent?: boolean;
    }
  | { readonly type: 'return' }
  | { readonly type: 'accept' };

export interface DestinationInput {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  /** Default "tcp". */
  readonly proto?: L4Proto;
  /** Round-trip time, ms. Default 1 inside `internalCidrs`, 20 outside. */
  readonly rttMs?: number;
  /** DNAT backends `"ip:port"` (or `{ address, port }`); each new flow picks one uniformly. Default []. */
  readonly backends?: readonly (string | { readonly address: string; readonly port: number })[];
  /** Never answers. Default false. */
  readonly silent?: boolean;
}

/** Ports as `[32768, 60999]` or `"32768-60999"`. */
export type PortRangeInput = readonly [number, number] | string;

/** N containers named `<namePrefix><1..N>`, addressed .2, .3, ... of the bridge subnet. */
export interface ContainerPoolInput {
  readonly count: number;
  /** Default "pod-". */
  readonly namePrefix?: string;
  /** net.ipv4.ip_local_port_range. Default [32768, 60999]. */
  readonly portRange?: PortRangeInput;
  readonly resolver?: ResolverInput;
}

export interface ContainerInput {
  readonly name: string;
  /** Inside the bridge subnet; not its network, .1 or broadcast address. */
  readonly address: string;
  readonly portRange?: PortRangeInput;
  readonly resolver?: ResolverInput;
}

export interface ResolverInput {
  /** Default "glibc". */
  readonly libc?: Libc;
  /** How A and AAAA are sent. Default "parallel" (or from `options`). */
  readonly mode?: Resolver['mode'];
  /** resolv.conf options: single-request, single-request-reopen, use-vc, timeout:N, attempts:N (ndots:N, edns0, rotate, trust-ad are accepted and have no effect). */
  readonly options?: readonly string[];
  /** Seconds, 1..30. Default 5. */
  readonly timeout?: number;
  /** 1..5. Default 2. */
  readonly attempts?: number;
  /** Name of a UDP destination. */
  readonly nameserver: string;
}

export interface WorkloadBaseInput {
  /** Default "all". */
  readonly containers?: 'all' | readonly string[];
  /** Destination name; required except for dns (which uses each container's nameserver). */
  readonly destination?: string;
  /** Default 0. */
  readonly startMs?: number;
  /** How long a TCP connection stays open once established. Default 0. */
  readonly holdMs?: number;
}

export type WorkloadInput =
  | (WorkloadBaseInput & {
      readonly type: 'burst';
      /** Per container. Default 1. */
      readonly connections?: number;
      /** Default 0. */
      readonly spreadMs?: number;
      /** Default 1. */
      readonly repeat?: number;
      /** Between repeats. Default 1000. */
      readonly intervalMs?: number;
    })
  | (WorkloadBaseInput & {
      readonly type: 'periodic';
      /** Per container. Default 1. */
      readonly threads?: number;
      /** Default 1000. */
      readonly intervalMs?: number;
      /** Dials per thread. Default 10. */
      readonly count?: number;
      /** Default 0. */
      readonly spreadMs?: number;
    })
  | (WorkloadBaseInput & {
      readonly type: 'poisson';
      /** Per container. Default 10. */
      readonly ratePerS?: number;
      /** Default 10000. */
      readonly durationMs?: number;
    })
  | (WorkloadBaseInput & {
      readonly type: 'same-port';
      readonly port: number;
      /** Default 0. */
      readonly spreadMs?: number;
      /** Default 1. */
      readonly repeat?: number;
      /** Default 1000. */
      readonly intervalMs?: number;
    })
  | (WorkloadBaseInput & {
      readonly type: 'dns';
      /** Lookups (each A + AAAA) per container. Default 1. */
      readonly lookups?: number;
      /** Default 1000. */
      readonly intervalMs?: number;
      /** Default 0. */
      readonly spreadMs?: number;
    });

/** Microseconds, except cpuPolicy; defaults in TIMING_DEFAULTS_US (to be calibrated by the lab). */
export interface TimingInput {
  readonly packetServiceUs?: number;
  readonly natOffsetUs?: number;
  readonly natToConfirmUs?: number;
  readonly jitterUs?: number;
  readonly dnsGapUs?: number;
  readonly cpuPolicy?: Timing['cpuPolicy'];
}
