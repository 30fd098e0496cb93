/**
 * The pure emulator: runs anywhere JavaScript runs (Node, a browser). No I/O, no clock, no Math.random.
 * @module
 */
export type { KernelProfile, KernelVersion, StatsEra } from './kernel/kernel-profile.js';
export {
  type KernelProfileResult,
  KNOWN_RELEASES,
  kernelProfileFromFlags,
  kernelProfileFromRelease,
} from './kernel/kernel-profile-from-release.js';
export { type Cidr, cidrContains, formatCidr, parseCidr } from './net/cidr.js';
export { formatIpv4, type Ipv4, parseIpv4, toIpv4 } from './net/ipv4.js';
export type { ConntrackListEntry } from './netfilter/conntrack-list-entry.js';
export { COUNTER_NAMES, type CounterName, type CpuCounters } from './netfilter/counters.js';
export type { NatFlags, NatRule, NatTarget } from './netfilter/nat-rule.js';
export type {
  Container,
  Destination,
  Resolver,
  Scenario,
  Sysctls,
  Timing,
  Workload,
} from './scenario/scenario.js';
export { DEFAULT_KERNELS, defaultScenario } from './sim/default-scenario.js';
export { DEFAULT_SYSCTLS, DEFAULT_TIMING } from './sim/defaults.js';
export { type Case, type CaseOutcome, runCases } from './sim/run-cases.js';
export type { SimResult } from './sim/sim-result.js';
export { type SimulateOptions, simulate } from './sim/simulate.js';
export { natRulesForStrategy, STRATEGIES, STRATEGY_LABELS, type Strategy } from './sim/strategy.js';
