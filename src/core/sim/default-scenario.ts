import type { KernelProfile } from '../kernel/kernel-profile.js';
import { kernelProfileFromRelease } from '../kernel/kernel-profile-from-release.js';
import { type Cidr, parseCidr } from '../net/cidr.js';
import { type Ipv4, parseIpv4 } from '../net/ipv4.js';
import type { Container, Destination, Scenario, Workload } from '../scenario/scenario.js';
import { NS_PER_MS, NS_PER_US } from '../time/sim-time.js';
import { DEFAULT_SYSCTLS, DEFAULT_TIMING } from './defaults.js';
import { natRulesForStrategy, type Strategy } from './strategy.js';

/** The kernels the built-in comparison runs on: a rover-era Ubuntu 16.04 and a current Ubuntu 24.04. */
export const DEFAULT_KERNELS = ['4.4.0-142-generic', '6.8.0-51-generic'] as const;

const ip = (text: string): Ipv4 => parseIpv4(text)!;
const cidr = (text: string): Cidr => parseCidr(text)!;

export const DEFAULT_POD_CIDR = cidr('10.244.0.0/16');
const VPC = cidr('10.0.0.0/16');
const PODS = 20;

/**
 * The seed write-up's case, built in: a Kubernetes node (pods on cni0 in 10.244.1.0/24, the node at
 * 10.0.0.10 on eth0) in a VPC 10.0.0.0/16 with a Redis inside and an HTTPS API outside; 30 pods, each with
 * 8 threads dialling Redis every 10 ms and 2 threads calling the API every 50 ms (short-lived connections,
 * started together), and glibc lookups through a kube-dns Service with two backends.
 */
export function defaultScenario(kernelRelease: string, strategy: Strategy): Scenario {
  const kernel = profileOf(kernelRelease);
  const destinations: Destination[] = [
    dest('redis', '10.0.5.10', 6379, 'tcp', 500, []),
    dest('api', '203.0.113.10', 443, 'tcp', 30_000, []),
    dest('kube-dns', '10.96.0.10', 53, 'udp', 500, [
      { ip: ip('10.244.2.5'), port: 53 },
      { ip: ip('10.244.3.7'), port: 53 },
    ]),
  ];
  const containers: Container[] = Array.from({ length: PODS }, (_, i) => ({
    name: `pod-${i + 1}`,
    ip: (ip('10.244.1.2') + i) as Ipv4,
    portRange: [32768, 60999],
    resolver: { libc: 'glibc', mode: 'parallel', timeoutS: 5, attempts: 2, nameserver: 2 },
  }));
  const all = containers.map((_, i) => i);
  const workloads: Workload[] = [
    {
      type: 'periodic',
      containers: all,
      destination: 0,
      startNs: 0,
      holdNs: NS_PER_MS,
      threads: 8,
      intervalNs: 10 * NS_PER_MS,
      count: 100,
      spreadNs: 200 * NS_PER_US,
    },
    {
      type: 'periodic',
      containers: all,
      destination: 1,
      startNs: 0,
      holdNs: 50 * NS_PER_MS,
      threads: 2,
      intervalNs: 50 * NS_PER_MS,
      count: 20,
      spreadNs: 200 * NS_PER_US,
    },
    {
      type: 'dns',
      containers: all,
      destination: 2,
      startNs: 0,
      holdNs: 0,
      lookups: 10,
      intervalNs: 100 * NS_PER_MS,
      spreadNs: 200 * NS_PER_US,
    },
  ];
  return {
    name: 'seed: Kubernetes node, VPC Redis + external API',
    description: 'The built-in default (portclash simulate with no arguments).',
    kernel,
    cpus: 4,
    host: {
      addresses: [ip('10.0.0.10')],
      outInterface: 'eth0',
      bridge: { name: 'cni0', subnet: cidr('10.244.1.0/24') },
    },
    internalCidrs: [VPC],
    nat: natRulesForStrategy(strategy, {
      bridgeName: 'cni0',
      podCidr: DEFAULT_POD_CIDR,
      internalCidrs: [VPC],
    }),
    destinations,
    containers,
    workloads,
    timing: DEFAULT_TIMING,
    sysctl: {
      ...DEFAULT_SYSCTLS,
      nf_conntrack_udp_timeout_stream: kernel.udpStreamTimeoutS,
      nf_conntrack_buckets: kernel.defaultConntrackBuckets,
    },
    maxSimTimeNs: 600 * 1_000_000_000,
  };
}

function dest(
  name: string,
  address: string,
  port: number,
  proto: 'tcp' | 'udp',
  rttUs: number,
  backends: Destination['backends'],
): Destination {
  const a = ip(address);
  return {
    name,
    ip: a,
    port,
    proto,
    rttNs: rttUs * NS_PER_US,
    backends,
    internal: VPC.base === (a & 0xffff0000) >>> 0,
    silent: false,
  };
}

function profileOf(release: string): KernelProfile {
  const r = kernelProfileFromRelease(release);
  if (!r.ok) throw new Error(r.error);
  return r.profile;
}
