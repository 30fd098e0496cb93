import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KernelProfile } from '../kernel/kernel-profile.js';
import { kernelProfileFromRelease } from '../kernel/kernel-profile-from-release.js';
import { type Cidr, parseCidr } from '../net/cidr.js';
import { type Ipv4, parseIpv4 } from '../net/ipv4.js';
import { type NatRule, NO_NAT_FLAGS } from '../netfilter/nat-rule.js';
import type { Container, Destination, Resolver, Scenario, Timing, Workload } from '../scenario/scenario.js';
import { NS_PER_MS, NS_PER_S, NS_PER_US } from '../time/sim-time.js';
import { defaultScenario } from './default-scenario.js';
import { DEFAULT_SYSCTLS } from './defaults.js';
import type { SimResult } from './sim-result.js';
import { simulate } from './simulate.js';
import { natRulesForStrategy, STRATEGIES, type Strategy } from './strategy.js';

const ip = (text: string): Ipv4 => parseIpv4(text)!;
const cidr = (text: string): Cidr => parseCidr(text)!;
const POD_CIDR = cidr('10.244.0.0/16');
const VPC = cidr('10.0.0.0/16');

function profileOf(release: string): KernelProfile {
  const r = kernelProfileFromRelease(release);
  if (!r.ok) throw new Error(r.error);
  return r.profile;
}

const API = 0;
const REDIS = 1;
const KUBE_DNS = 2;
const DESTINATIONS: readonly Destination[] = [
  dest('api', '203.0.113.10', 443, 'tcp', 30 * NS_PER_MS, []),
  dest('redis', '10.0.5.10', 6379, 'tcp', 500 * NS_PER_US, []),
  dest('kube-dns', '10.96.0.10', 53, 'udp', 500 * NS_PER_US, [
    { ip: ip('10.244.2.5'), port: 53 },
    { ip: ip('10.244.3.7'), port: 53 },
  ]),
];

function dest(
  name: string,
  address: string,
  port: number,
  proto: 'tcp' | 'udp',
  rttNs: number,
  backends: Destination['backends'],
): Destination {
  const a = ip(address);
  const internal = (a & 0xffff0000) >>> 0 === VPC.base;
  return { name, ip: a, port, proto, rttNs, backends, internal, silent: false };
}

/** Explicit timing (not the moving defaults): thread CPUs, no jitter unless asked. */
const TIMING: Timing = {
  packetServiceNs: 4_000,
  natOffsetNs: 2_000,
  natToConfirmNs: 1_500,
  jitterNs: 0,
  dnsGapNs: 1_000,
  cpuPolicy: 'thread',
};

interface Options {
  readonly kernel: string;
  readonly strategy: Strategy;
  /** Replaces the strategy's rules. */
  readonly nat?: readonly NatRule[];
  readonly workloads: readonly Workload[];
  readonly containers?: number;
  readonly cpus?: number;
  readonly timing?: Partial<Timing>;
  readonly resolver?: Partial<Resolver>;
}

/** A small Kubernetes node: pods 10.244.1.2… on cni0, the node 10.0.0.10 on eth0, VPC 10.0.0.0/16. */
function scenario(o: Options): Scenario {
  const resolver: Resolver = {
    libc: 'glibc',
    mode: 'parallel',
    timeoutS: 5,
    attempts: 2,
    nameserver: KUBE_DNS,
    ...o.resolver,
  };
  const containers: Container[] = Array.from({ length: o.containers ?? 2 }, (_, i) => ({
    name: `pod-${i + 1}`,
    ip: (ip('10.244.1.2') + i) as Ipv4,
    portRange: [32768, 60999],
    resolver,
  }));
  return {
    name: 'test',
    description: 'hand-built for simulate.test.ts',
    kernel: profileOf(o.kernel),
    cpus: o.cpus ?? 2,
    host: {
      addresses: [ip('10.0.0.10')],
      outInterface: 'eth0',
      bridge: { name: 'cni0', subnet: cidr('10.244.1.0/24') },
    },
    internalCidrs: [VPC],
    nat:
      o.nat ??
      natRulesForStrategy(o.strategy, { bridgeName: 'cni0', podCidr: POD_CIDR, internalCidrs: [VPC] }),
    destinations: DESTINATIONS,
    containers,
    workloads: o.workloads,
    timing: { ...TIMING, ...o.timing },
    sysctl: DEFAULT_SYSCTLS,
    maxSimTimeNs: 600 * NS_PER_S,
  };
}

function samePort(containers: number[], startNs: number, destination = API): Workload {
  return {
    type: 'same-port',
    containers,
    destination,
    startNs,
    holdNs: NS_PER_MS,
    port: 40000,
    spreadNs: 0,
    repeat: 1,
    intervalNs: NS_PER_S,
  };
}

const KERNELS = ['4.4.0-142-generic', '4.19.228', '5.15.0-91-generic', '6.8.0-1014-aws'] as const;

describe('simulate: two containers dialling from the same source port (§1.6)', () => {
  it.each(KERNELS)(
    '%s: overlapping NAT→confirm windows on two CPUs collide under plain MASQUERADE',
    (kernel) => {
      const r = simulate(scenario({ kernel, strategy: 'masquerade', workloads: [samePort([0, 1], 0)] }), 1);
      expect(r.conntrack.total.insert_failed).toBe(1);
      expect(r.tcp).toMatchObject({ attempted: 2, completed: 2, failed: 0, synsLost: 1, delayed1s: 1 });
      expect(r.tcp.synsSent).toBe(3);
      expect(r.tcp.connectMs.max).toBeGreaterThanOrEqual(1000);
      // The loser's retransmit found 40000 confirmed and searched another port.
      expect(r.nat).toMatchObject({ keptPort: 2, searched: 1 });
      // One CPU dropped the SYN: the counters are on one row only.
      expect(r.conntrack.perCpu.filter((c) => c.insert_failed > 0)).toHaveLength(1);
    },
  );

  it.each(KERNELS)('%s: the same pair does not collide under --random-fully', (kernel) => {
    for (let seed = 1; seed <= 10; seed++) {
      const r = simulate(
        scenario({ kernel, strategy: 'random-fully', workloads: [samePort([0, 1], 0)] }),
        seed,
      );
      expect(r.conntrack.total.insert_failed).toBe(0);
      expect(r.tcp).toMatchObject({ completed: 2, synsLost: 0, delayed1s: 0 });
      expect(r.nat.keptPort).toBe(0);
    }
  });

  it.each(KERNELS)('%s: without overlap (second starts 100 µs later) it never collides', (kernel) => {
    for (const strategy of STRATEGIES) {
      const workloads = [samePort([0], 0), samePort([1], 100 * NS_PER_US)];
      const r = simulate(scenario({ kernel, strategy, workloads }), 1);
      expect(r.conntrack.total.insert_failed).toBe(0);
      expect(r.tcp).toMatchObject({ completed: 2, synsLost: 0, delayed1s: 0 });
      if (strategy === 'masquerade') expect(r.nat).toMatchObject({ keptPort: 1, searched: 1 });
    }
  });

  it.each(KERNELS)('%s: on one CPU the pair is serialised and never collides', (kernel) => {
    const r = simulate(
      scenario({ kernel, strategy: 'masquerade', cpus: 1, workloads: [samePort([0, 1], 0)] }),
      1,
    );
    expect(r.conntrack.total.insert_failed).toBe(0);
    expect(r.tcp.synsLost).toBe(0);
  });
});

describe('simulate: the race window is NAT → confirm', () => {
  // A: PRE at 0, NAT at 2 µs, confirm at 3.5 µs. B (other CPU) starts `offset` later and NATs at offset + 2 µs:
  // it keeps port 40000 only if A is not confirmed yet.
  it.each([
    { offset: 0, collide: true },
    { offset: 1_000, collide: true },
    { offset: 1_499, collide: true },
    { offset: 1_501, collide: false },
    { offset: 2_000, collide: false },
    { offset: 10_000, collide: false },
  ])('second container $offset ns later: collision = $collide', ({ offset, collide }) => {
    const workloads = [samePort([0], 0), samePort([1], offset)];
    const r = simulate(scenario({ kernel: '6.8.0-1014-aws', strategy: 'masquerade', workloads }), 1);
    expect(r.tcp.synsLost).toBe(collide ? 1 : 0);
    expect(r.conntrack.total.insert_failed).toBe(collide ? 1 : 0);
  });
});

describe('simulate: a 16-port --to-ports range exhausted by TIME_WAIT entries', () => {
  const tinyRange: NatRule[] = [
    {
      source: { value: POD_CIDR, negated: false },
      outInterface: { value: 'cni0', negated: true },
      target: { type: 'masquerade', toPorts: { min: 2000, max: 2015 }, flags: NO_NAT_FLAGS },
    },
  ];
  const run = (kernel: string, seed: number): SimResult =>
    simulate(
      scenario({
        kernel,
        strategy: 'masquerade',
        nat: tinyRange,
        containers: 1,
        workloads: [
          {
            type: 'periodic',
            containers: [0],
            destination: API,
            startNs: 0,
            holdNs: NS_PER_MS,
            threads: 1,
            intervalNs: 10 * NS_PER_MS,
            count: 60,
            spreadNs: 0,
          },
        ],
      }),
      seed,
    );

  it('6.4 keeps every TIME_WAIT port busy for 120 s: SYNs dropped, connections time out', () => {
    const r = run('6.4.0', 1);
    expect(r.tcp.synsLost).toBeGreaterThan(40);
    expect(r.tcp.failed).toBeGreaterThan(0);
    expect(r.nat.portMin).toBeGreaterThanOrEqual(2000);
    expect(r.nat.portMax).toBeLessThanOrEqual(2015);
  });

  it('6.5+ evicts SNAT TIME_WAIT entries in the last 32 probes and (almost) never drops', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const r = run('6.8.0-1014-aws', seed);
      expect(r.tcp.synsLost).toBeLessThanOrEqual(1);
      expect(r.tcp.failed).toBe(0);
      expect(r.tcp.completed).toBe(60);
    }
  });
});

describe('simulate: no SNAT for the VPC', () => {
  it('internal destinations never clash under the heavy default load, on the rover era and today', () => {
    for (const kernel of ['4.4.0-142-generic', '6.8.0-51-generic']) {
      const r = simulate(defaultScenario(kernel, 'no-snat-internal'), 1);
      const redis = r.destinations.find((d) => d.name === 'redis')!;
      expect(redis.internal).toBe(true);
      expect(redis.attempted).toBeGreaterThan(10_000);
      expect(redis).toMatchObject({ synsLost: 0, delayed1s: 0 });
      expect(r.nat.keptPort + r.nat.searched).toBeLessThan(r.tcp.attempted);
    }
  });

  it('(while the same load does clash under plain MASQUERADE on 4.4)', () => {
    const r = simulate(defaultScenario('4.4.0-142-generic', 'masquerade'), 1);
    expect(r.destinations.find((d) => d.name === 'redis')!.synsLost).toBeGreaterThan(0);
  });
});

const workloadArb: fc.Arbitrary<Workload> = fc.oneof(
  fc.record({
    type: fc.constant('burst' as const),
    containers: fc.constant([0, 1, 2]),
    destination: fc.constantFrom(API, REDIS),
    startNs: fc.integer({ min: 0, max: NS_PER_MS }),
    holdNs: fc.integer({ min: 0, max: 100 * NS_PER_MS }),
    connections: fc.integer({ min: 1, max: 8 }),
    spreadNs: fc.integer({ min: 0, max: 50 * NS_PER_US }),
    repeat: fc.integer({ min: 1, max: 3 }),
    intervalNs: fc.integer({ min: NS_PER_MS, max: 50 * NS_PER_MS }),
  }),
  fc.record({
    type: fc.constant('periodic' as const),
    containers: fc.constant([0, 1, 2]),
    destination: fc.constantFrom(API, REDIS),
    startNs: fc.integer({ min: 0, max: NS_PER_MS }),
    holdNs: fc.integer({ min: 0, max: 100 * NS_PER_MS }),
    threads: fc.integer({ min: 1, max: 4 }),
    intervalNs: fc.integer({ min: NS_PER_MS, max: 20 * NS_PER_MS }),
    count: fc.integer({ min: 1, max: 10 }),
    spreadNs: fc.integer({ min: 0, max: 50 * NS_PER_US }),
  }),
  fc.record({
    type: fc.constant('same-port' as const),
    containers: fc.constant([0, 1, 2]),
    destination: fc.constantFrom(API, REDIS),
    startNs: fc.integer({ min: 0, max: NS_PER_MS }),
    holdNs: fc.integer({ min: 0, max: 100 * NS_PER_MS }),
    port: fc.integer({ min: 1024, max: 65535 }),
    spreadNs: fc.integer({ min: 0, max: 20 * NS_PER_US }),
    repeat: fc.integer({ min: 1, max: 3 }),
    intervalNs: fc.integer({ min: 10 * NS_PER_MS, max: 100 * NS_PER_MS }),
  }),
  fc.record({
    type: fc.constant('dns' as const),
    containers: fc.constant([0, 1, 2]),
    destination: fc.constant(KUBE_DNS),
    startNs: fc.integer({ min: 0, max: NS_PER_MS }),
    holdNs: fc.constant(0),
    lookups: fc.integer({ min: 1, max: 5 }),
    intervalNs: fc.integer({ min: NS_PER_MS, max: 100 * NS_PER_MS }),
    spreadNs: fc.integer({ min: 0, max: 50 * NS_PER_US }),
  }),
);

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    kernel: fc.constantFrom('3.10.0-1160.el7.x86_64', ...KERNELS, '5.4.0-150-generic', '6.18.44'),
    strategy: fc.constantFrom(...STRATEGIES),
    workloads: fc.array(workloadArb, { minLength: 1, maxLength: 3 }),
    cpus: fc.integer({ min: 1, max: 4 }),
    timing: fc.record({
      jitterNs: fc.integer({ min: 0, max: 3_000 }),
      cpuPolicy: fc.constantFrom('thread' as const, 'spread' as const),
    }),
    resolver: fc.record({
      libc: fc.constantFrom('glibc' as const, 'musl' as const),
      mode: fc.constantFrom(
        'parallel' as const,
        'single-request' as const,
        'single-request-reopen' as const,
        'use-vc' as const,
      ),
    }),
  })
  .map((o) => scenario({ ...o, containers: 3 }));

describe('simulate: invariants of any small scenario', () => {
  it('accounts for every connection, SYN and lookup, and is deterministic', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 0xffffffff }), (sc, seed) => {
        const r = simulate(sc, seed);
        const { tcp, dns } = r;
        // maxSimTime (600 s) is past every SYN give-up (≤131 s) and resolver timeout.
        expect(tcp.unfinished).toBe(0);
        expect(dns.unfinished).toBe(0);
        expect(tcp.attempted).toBe(tcp.completed + tcp.failed + tcp.unfinished);
        expect(dns.lookups).toBe(dns.completed + dns.failed + dns.unfinished);
        // Every lost SYN is retransmitted, unless the connection gave up after it: no destination is silent.
        expect(tcp.synsSent + tcp.failed).toBe(tcp.attempted + tcp.synsLost + tcp.synsLostTableFull);
        expect(tcp.synsSent).toBeGreaterThanOrEqual(tcp.attempted - tcp.noLocalPort);
        expect(tcp.delayed1s).toBeLessThanOrEqual(tcp.completed);
        expect(dns.delayed5s).toBeLessThanOrEqual(dns.completed);
        expect(r.destinations.reduce((n, d) => n + d.attempted, 0)).toBe(tcp.attempted);
        expect(r.destinations.reduce((n, d) => n + d.synsLost, 0)).toBe(tcp.synsLost);
        // Each SYN dropped at confirm is one insert_failed; from 5.10 nothing else counts it (no table full here).
        const total = r.conntrack.total;
        expect(total.insert_failed).toBeGreaterThanOrEqual(tcp.synsLost);
        if (sc.kernel.statsEra === 'v5.10' || sc.kernel.statsEra === 'v5.15')
          expect(total.insert_failed).toBe(tcp.synsLost + dns.queriesLost);
        if (sc.kernel.udpClash === 'none') expect(total.clash_resolve + total.drop).toBe(0);
        expect(r.conntrack.perCpu).toHaveLength(sc.cpus);
        expect(JSON.stringify(simulate(sc, seed))).toBe(JSON.stringify(r));
      }),
      { numRuns: 20 },
    );
  });

  it('different seeds typically give different runs', () => {
    const sc = scenario({
      kernel: '6.8.0-1014-aws',
      strategy: 'masquerade',
      containers: 3,
      timing: { jitterNs: 2_000, cpuPolicy: 'spread' },
      workloads: [
        {
          type: 'periodic',
          containers: [0, 1, 2],
          destination: API,
          startNs: 0,
          holdNs: NS_PER_MS,
          threads: 2,
          intervalNs: 5 * NS_PER_MS,
          count: 5,
          spreadNs: 100 * NS_PER_US,
        },
      ],
    });
    const strip = (r: SimResult): string => JSON.stringify({ ...r, seed: 0 });
    const runs = new Set<string>();
    for (let seed = 1; seed <= 10; seed++) runs.add(strip(simulate(sc, seed, { conntrackList: true })));
    expect(runs.size).toBeGreaterThanOrEqual(9);
  });
});

describe("simulate: glibc A/AAAA in parallel to a DNAT'ed kube-dns with two backends", () => {
  const dnsScenario = (kernel: string, mode: Resolver['mode']): Scenario =>
    scenario({
      kernel,
      strategy: 'masquerade',
      containers: 10,
      cpus: 4,
      timing: { cpuPolicy: 'spread', jitterNs: 2_000 },
      resolver: { mode },
      workloads: [
        {
          type: 'dns',
          containers: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
          destination: KUBE_DNS,
          startNs: 0,
          holdNs: 0,
          lookups: 20,
          intervalNs: 100 * NS_PER_MS,
          spreadNs: 200 * NS_PER_US,
        },
      ],
    });

  it('4.4 loses queries: 5 s lookups', () => {
    const r = simulate(dnsScenario('4.4.0-142-generic', 'parallel'), 1);
    expect(r.dns.queriesLost).toBeGreaterThan(0);
    expect(r.dns.delayed5s).toBeGreaterThan(0);
    expect(r.dns.lookupMs.max).toBeGreaterThanOrEqual(5000);
    expect(r.conntrack.total.insert_failed).toBeGreaterThan(0);
  });

  it('6.8 resolves the clashes (merge or REPLY-only insertion): clash_resolve, no 5 s lookups', () => {
    const r = simulate(dnsScenario('6.8.0-1014-aws', 'parallel'), 1);
    expect(r.conntrack.total.clash_resolve).toBeGreaterThan(0);
    expect(r.conntrack.total.insert_failed).toBe(0);
    expect(r.dns).toMatchObject({ queriesLost: 0, delayed5s: 0, failed: 0 });
    expect(r.dns.lookupMs.max).toBeLessThan(5000);
  });

  // Kernel ≤4.8: ____nf_conntrack_find() does NF_CT_STAT_INC(net, found) on every lookup hit (kernel-nat.md §2.4,
  // "conntrack lookup hit on ordinary packet"). The AAAA query of each lookup meets the A query's confirmed
  // entry in PREROUTING, so `found` is at least the number of lookups.
  it('4.4 (≤4.8) counts found on every conntrack lookup hit', () => {
    const r = simulate(dnsScenario('4.4.0-142-generic', 'single-request'), 1);
    expect(r.conntrack.total.found).toBeGreaterThanOrEqual(r.dns.lookups);
  });

  it('6.8 counts found only for NAT probes (none here)', () => {
    const r = simulate(dnsScenario('6.8.0-1014-aws', 'single-request'), 1);
    expect(r.conntrack.total.found).toBe(0);
  });

  it.each(['4.4.0-142-generic', '6.8.0-1014-aws'])('%s with single-request never loses a query', (kernel) => {
    const r = simulate(dnsScenario(kernel, 'single-request'), 1);
    expect(r.dns).toMatchObject({ lookups: 200, completed: 200, queriesLost: 0, delayed5s: 0 });
    expect(r.conntrack.total.insert_failed).toBe(0);
  });
});
