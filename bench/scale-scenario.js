// A scenario built for scale: many pods dialling many external endpoints with Poisson arrivals, so the
// conntrack table holds rate × (hold + TIME_WAIT) live entries. Used by bench/run.js only.
import { kernelProfileFromRelease } from '../dist/core/kernel/kernel-profile-from-release.js';
import { parseCidr } from '../dist/core/net/cidr.js';
import { parseIpv4 } from '../dist/core/net/ipv4.js';
import { DEFAULT_SYSCTLS } from '../dist/core/sim/defaults.js';
import { natRulesForStrategy } from '../dist/core/sim/strategy.js';

/** The timing every bench figure so far was taken with (the pre-calibration defaults, one CPU per sender). */
const BENCH_TIMING = {
  packetServiceNs: 5_000,
  natOffsetNs: 3_000,
  natToConfirmNs: 1_000,
  jitterNs: 1_000,
  dnsGapNs: 1_000,
  cpuPolicy: 'thread',
};

const POD_CIDR = parseCidr('10.244.0.0/16');
const VPC = parseCidr('10.0.0.0/16');

/**
 * @param {{ connections: number, strategy: string, kernel?: string, pods?: number, destinations?: number, seconds?: number }} o
 */
export function scaleScenario(o) {
  const pods = o.pods ?? 500;
  const dests = o.destinations ?? 400;
  const seconds = o.seconds ?? 100;
  const kernel = kernelProfileFromRelease(o.kernel ?? '6.8.0-51-generic');
  if (!kernel.ok) throw new Error(kernel.error);
  const base = parseIpv4('10.244.0.2');
  const containers = Array.from({ length: pods }, (_, i) => ({
    name: `pod-${i}`,
    ip: base + i,
    portRange: [32768, 60999],
    resolver: undefined,
  }));
  const destinations = Array.from({ length: dests }, (_, i) => ({
    name: `ext-${i}`,
    // half inside the VPC, half outside: the no-SNAT strategy only helps the internal half
    ip: i % 2 === 0 ? parseIpv4('10.0.8.0') + i : parseIpv4('198.19.0.0') + i,
    port: 443,
    proto: 'tcp',
    rttNs: 1_000_000,
    backends: [],
    internal: i % 2 === 0,
    silent: false,
  }));
  const ratePerPod = o.connections / pods / seconds;
  // One Poisson workload per destination group so every pod talks to every destination.
  const groups = 16;
  const workloads = Array.from({ length: groups }, (_, g) => ({
    type: 'poisson',
    containers: containers.map((_, i) => i).filter((i) => i % groups === g),
    destination: 0,
    startNs: 0,
    holdNs: 5_000_000,
    ratePerS: (ratePerPod * groups) / groups,
    durationNs: seconds * 1e9,
  }));
  // spread destinations: workload g dials destination ring g, rotated by the engine per pod group
  const expanded = [];
  for (let d = 0; d < dests; d++) {
    const w = workloads[d % groups];
    expanded.push({
      ...w,
      destination: d,
      containers: w.containers,
      ratePerS: (ratePerPod * groups) / dests,
    });
  }
  return {
    name: `scale ${o.connections}`,
    description: '',
    kernel: kernel.profile,
    cpus: 2,
    host: {
      addresses: [parseIpv4('10.0.0.10')],
      outInterface: 'eth0',
      bridge: { name: 'cni0', subnet: parseCidr('10.244.0.0/22') },
    },
    internalCidrs: [VPC],
    nat: natRulesForStrategy(o.strategy, { bridgeName: 'cni0', podCidr: POD_CIDR, internalCidrs: [VPC] }),
    destinations,
    containers,
    workloads: expanded,
    // Fixed, not DEFAULT_TIMING: the bench measures the emulator's speed on one load, which must not change when the
    // lab recalibrates the defaults (with the calibrated 15 + 0–12 µs per packet, 2 CPUs would be saturated at
    // 10 M and the bench would time an overloaded host's queues instead).
    timing: BENCH_TIMING,
    // A host sized for the load: the hash as large as the live entries (5.15+ keeps max = buckets), so chains stay
    // short as on a tuned node instead of hitting 5.15+'s chain limit at 10 M entries.
    sysctl: {
      ...DEFAULT_SYSCTLS,
      nf_conntrack_max: 64_000_000,
      nf_conntrack_buckets: Math.max(262_144, o.connections),
    },
    maxSimTimeNs: (seconds + 300) * 1e9,
  };
}
