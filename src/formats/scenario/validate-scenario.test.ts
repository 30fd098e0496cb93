import { describe, expect, it } from 'vitest';
import { formatCidr } from '../../core/net/cidr.js';
import { formatIpv4 } from '../../core/net/ipv4.js';
import { DEFAULT_TIMING } from '../../core/sim/defaults.js';
import { validateScenario } from './validate-scenario.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const MINIMAL: { [key: string]: Json } = {
  name: 't',
  kernel: '6.1.0',
  destinations: [
    { name: 'api', address: '93.184.216.34', port: 443 },
    { name: 'dns', address: '10.96.0.10', port: 53, proto: 'udp' },
  ],
  containers: { count: 3, resolver: { nameserver: 'dns' } },
  workloads: [{ type: 'burst', destination: 'api' }],
};

/** MINIMAL with `value` at `path` (undefined deletes it). */
function withField(path: string, value: Json | undefined): Json {
  const root = structuredClone(MINIMAL) as { [key: string]: Json };
  const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '');
  let node: Json = root;
  for (const key of keys.slice(0, -1)) {
    const obj = node as { [key: string]: Json };
    obj[key] ??= /^\d+$/.test(keys[keys.indexOf(key) + 1] ?? '') ? [] : {};
    node = obj[key] as Json;
  }
  const obj = node as { [key: string]: Json };
  const last = keys.at(-1) ?? '';
  if (value === undefined) delete obj[last];
  else obj[last] = value;
  return root;
}

function issuesOf(raw: unknown): [string, string][] {
  const result = validateScenario(raw);
  return result.ok ? [] : result.issues.map((i) => [i.code, i.path]);
}

describe('validateScenario', () => {
  it('accepts the minimal scenario', () => {
    expect(issuesOf(MINIMAL)).toEqual([]);
  });

  it.each<[string, Json | undefined, [string, string][]]>([
    // top level
    ['name', undefined, [['missing', 'name']]],
    ['name', 5, [['wrong-type', 'name']]],
    ['cpuz', 4, [['unknown-key', 'cpuz']]],
    ['cpus', 0, [['out-of-range', 'cpus']]],
    ['cpus', 2.5, [['out-of-range', 'cpus']]],
    ['cpus', '4', [['wrong-type', 'cpus']]],
    ['maxSimTimeS', 0, [['out-of-range', 'maxSimTimeS']]],
    ['seed', 42, [['unknown-key', 'seed']]],
    // kernel
    ['kernel', undefined, [['missing', 'kernel']]],
    ['kernel', 'banana', [['unknown-kernel', 'kernel']]],
    ['kernel', { release: 'banana' }, [['unknown-kernel', 'kernel.release']]],
    ['kernel', { overrides: {} }, [['missing', 'kernel.release']]],
    [
      'kernel',
      { release: '6.1.0', overrides: { natOffset: 'rovr' } },
      [['bad-value', 'kernel.overrides.natOffset']],
    ],
    [
      'kernel',
      { release: '6.1.0', overrides: { boundedSearch: 'yes' } },
      [['wrong-type', 'kernel.overrides.boundedSearch']],
    ],
    [
      'kernel',
      { release: '6.1.0', overrides: { initialRtoMs: 10 } },
      [['out-of-range', 'kernel.overrides.initialRtoMs']],
    ],
    [
      'kernel',
      { release: '6.1.0', overrides: { natoffset: 'prng' } },
      [['unknown-key', 'kernel.overrides.natoffset']],
    ],
    // host
    ['host.addresses', ['10.0.0.300'], [['bad-address', 'host.addresses[0]']]],
    ['host.addresses', [], [['bad-value', 'host.addresses']]],
    ['host.addresses', '10.0.0.1', [['wrong-type', 'host.addresses']]],
    ['host.outInterface', 'averyveryverylongname', [['bad-interface', 'host.outInterface']]],
    ['host.bridge.subnet', '10.244.1.0', [['bad-cidr', 'host.bridge.subnet']]],
    ['host.bridge.mask', 24, [['unknown-key', 'host.bridge.mask']]],
    ['internalCidrs', ['10.0.0.0/33'], [['bad-cidr', 'internalCidrs[0]']]],
    // nat
    ['nat', ['-A OUTPUT -j MASQUERADE'], [['wrong-chain', 'nat[0]']]],
    ['nat', ['-A POSTROUTING -j DNAT --to-destination 1.2.3.4'], [['unsupported-target', 'nat[0]']]],
    [
      'nat',
      ['-A POSTROUTING -s 10.0.0.300 -j RETURN', '-A POSTROUTING -j MASQUERADE --bogus'],
      [
        ['bad-address', 'nat[0]'],
        ['unknown-option', 'nat[1]'],
      ],
    ],
    ['nat', ['-A POSTROUTING -m comment --comment "x -j MASQUERADE'], [['unterminated-quote', 'nat[0]']]],
    ['nat', [{ target: { type: 'snat' } }], [['missing', 'nat[0].target.toSource']]],
    [
      'nat',
      [{ target: { type: 'snat', toSource: '1.2.3.4-1.2.3.1' } }],
      [['bad-address', 'nat[0].target.toSource']],
    ],
    ['nat', [{ source: '!10.0.0.0/40', target: 'masquerade' }], [['bad-cidr', 'nat[0].source']]],
    [
      'nat',
      [{ destination: { cidr: 'x', negated: true }, target: 'return' }],
      [['bad-cidr', 'nat[0].destination.cidr']],
    ],
    ['nat', [{ outInterface: '!a/b', target: 'masquerade' }], [['bad-interface', 'nat[0].outInterface']]],
    ['nat', [{ target: 'masq' }], [['bad-value', 'nat[0].target']]],
    [
      'nat',
      [{ target: { type: 'masquerade', toPorts: '1024-65535' } }],
      [['ports-need-protocol', 'nat[0].target.toPorts']],
    ],
    [
      'nat',
      [{ proto: 'tcp', target: { type: 'masquerade', toPorts: '2000-1000' } }],
      [['bad-port-range', 'nat[0].target.toPorts']],
    ],
    [
      'nat',
      [{ target: { type: 'masquerade', persistent: true } }],
      [['unknown-key', 'nat[0].target.persistent']],
    ],
    ['nat', [{ proto: 'icmp', target: 'accept' }], [['bad-value', 'nat[0].proto']]],
    ['nat', [{ source: '10.0.0.0/8' }], [['missing', 'nat[0].target']]],
    ['nat', [42], [['wrong-type', 'nat[0]']]],
    ['nat', 'masquerade', [['wrong-type', 'nat']]],
    ['nat', { strategy: 'random-fuly' }, [['bad-value', 'nat.strategy']]],
    ['nat', { strategy: 'none', extra: 1 }, [['unknown-key', 'nat.extra']]],
    // destinations
    [
      'destinations[2]',
      { name: 'api', address: '1.1.1.1', port: 80 },
      [['duplicate-name', 'destinations[2].name']],
    ],
    ['destinations[0].port', undefined, [['missing', 'destinations[0].port']]],
    ['destinations[0].port', 70000, [['out-of-range', 'destinations[0].port']]],
    ['destinations[0].address', 'example.com', [['bad-address', 'destinations[0].address']]],
    ['destinations[0].proto', 'sctp', [['bad-value', 'destinations[0].proto']]],
    ['destinations[0].rttMs', -1, [['out-of-range', 'destinations[0].rttMs']]],
    ['destinations[0].backends', ['10.244.2.5'], [['bad-address', 'destinations[0].backends[0]']]],
    [
      'destinations[0].backends',
      [{ address: '10.244.2.5', port: 0 }],
      [['out-of-range', 'destinations[0].backends[0].port']],
    ],
    ['destinations[0].silent', 'no', [['wrong-type', 'destinations[0].silent']]],
    [
      'destinations',
      undefined,
      [
        ['missing', 'destinations'],
        ['unknown-reference', 'containers.resolver.nameserver'],
        ['unknown-reference', 'workloads[0].destination'],
      ],
    ],
    // containers
    ['containers', undefined, [['missing', 'containers']]],
    ['containers', [], [['bad-value', 'containers']]],
    ['containers', 3, [['wrong-type', 'containers']]],
    ['containers.count', 300, [['subnet-too-small', 'containers.count']]],
    ['containers.count', 0, [['out-of-range', 'containers.count']]],
    ['containers.portRange', [61000, 32768], [['bad-port-range', 'containers.portRange']]],
    ['containers.portRange', '1-70000', [['bad-port-range', 'containers.portRange']]],
    ['containers.portRange', [0, 100], [['out-of-range', 'containers.portRange[0]']]],
    ['containers.resolver.nameserver', 'api', [['nameserver-not-udp', 'containers.resolver.nameserver']]],
    ['containers.resolver.nameserver', 'nope', [['unknown-reference', 'containers.resolver.nameserver']]],
    ['containers.resolver.nameserver', undefined, [['missing', 'containers.resolver.nameserver']]],
    ['containers.resolver.libc', 'uclibc', [['bad-value', 'containers.resolver.libc']]],
    [
      'containers.resolver.options',
      ['single-request', 'bogus'],
      [['bad-value', 'containers.resolver.options[1]']],
    ],
    ['containers.resolver.options', ['timeout:99'], [['out-of-range', 'containers.resolver.options[0]']]],
    ['containers.resolver.timeout', 0, [['out-of-range', 'containers.resolver.timeout']]],
    ['containers.resolver.attempts', 6, [['out-of-range', 'containers.resolver.attempts']]],
    [
      'containers.resolver',
      { nameserver: 'dns', mode: 'use-vc', options: ['single-request'] },
      [['inconsistent', 'containers.resolver.mode']],
    ],
    ['containers.resolver', 'dns', [['wrong-type', 'containers.resolver']]],
    ['containers', [{ name: 'a', address: '10.244.2.5' }], [['outside-subnet', 'containers[0].address']]],
    ['containers', [{ name: 'a', address: '10.244.1.1' }], [['reserved-address', 'containers[0].address']]],
    ['containers', [{ name: 'a', address: '10.244.1.255' }], [['reserved-address', 'containers[0].address']]],
    ['containers', [{ name: 'a' }], [['missing', 'containers[0].address']]],
    [
      'containers',
      [
        { name: 'a', address: '10.244.1.2' },
        { name: 'a', address: '10.244.1.2' },
      ],
      [
        ['duplicate-name', 'containers[1].name'],
        ['duplicate-address', 'containers[1].address'],
      ],
    ],
    // workloads
    ['workloads', undefined, [['missing', 'workloads']]],
    ['workloads[0].destination', 'nope', [['unknown-reference', 'workloads[0].destination']]],
    ['workloads[0].destination', undefined, [['missing', 'workloads[0].destination']]],
    ['workloads[0].type', undefined, [['missing', 'workloads[0].type']]],
    ['workloads[0].type', 'bursts', [['bad-value', 'workloads[0].type']]],
    ['workloads[0].threads', 3, [['unknown-key', 'workloads[0].threads']]],
    ['workloads[0].intervall', 3, [['unknown-key', 'workloads[0].intervall']]],
    ['workloads[0].containers', ['pod-9'], [['unknown-reference', 'workloads[0].containers[0]']]],
    ['workloads[0].containers', ['pod-1', 'pod-1'], [['duplicate-name', 'workloads[0].containers[1]']]],
    ['workloads[0].containers', [], [['bad-value', 'workloads[0].containers']]],
    ['workloads[0].containers', 'some', [['wrong-type', 'workloads[0].containers']]],
    ['workloads[0].intervalMs', -5, [['out-of-range', 'workloads[0].intervalMs']]],
    ['workloads[0].connections', 1.5, [['out-of-range', 'workloads[0].connections']]],
    [
      'workloads[0]',
      { type: 'periodic', destination: 'api', intervalMs: 0 },
      [['out-of-range', 'workloads[0].intervalMs']],
    ],
    [
      'workloads[0]',
      { type: 'poisson', destination: 'api', ratePerS: 0 },
      [['out-of-range', 'workloads[0].ratePerS']],
    ],
    ['workloads[0]', { type: 'same-port', destination: 'api' }, [['missing', 'workloads[0].port']]],
    [
      'workloads[0]',
      { type: 'dns', destination: 'nope' },
      [['unknown-reference', 'workloads[0].destination']],
    ],
    ['workloads[0]', 'burst', [['wrong-type', 'workloads[0]']]],
    // timing, sysctl
    ['timing.natToConfirmUs', 13, [['inconsistent', 'timing.natToConfirmUs']]],
    ['timing.packetServiceUs', 0, [['out-of-range', 'timing.packetServiceUs']]],
    ['timing.cpuPolicy', 'rps', [['bad-value', 'timing.cpuPolicy']]],
    ['timing.natOffsetNs', 2, [['unknown-key', 'timing.natOffsetNs']]],
    ['sysctl.tcp_syn_retries', 0, [['out-of-range', 'sysctl.tcp_syn_retries']]],
    ['sysctl.nf_conntrack_max', 1.5, [['out-of-range', 'sysctl.nf_conntrack_max']]],
    ['sysctl.nf_conntrack_maxx', 5, [['unknown-key', 'sysctl.nf_conntrack_maxx']]],
  ])('%s = %j', (path, value, expected) => {
    expect(issuesOf(withField(path, value))).toEqual(expected);
  });

  it('reports a dns workload on containers without a resolver', () => {
    const raw = { ...MINIMAL, containers: { count: 2 }, workloads: [{ type: 'dns' }] };
    expect(issuesOf(raw)).toEqual([['no-resolver', 'workloads[0].containers']]);
  });

  it('reports --random-fully on a kernel that does not have it', () => {
    expect(issuesOf({ ...MINIMAL, kernel: '3.10.0', nat: { strategy: 'random-fully' } })).toEqual([
      ['kernel-unsupported', 'nat.strategy'],
    ]);
    expect(issuesOf({ ...MINIMAL, kernel: '3.10.0', nat: ['-j MASQUERADE --random-fully'] })).toEqual([
      ['kernel-unsupported', 'nat[0]'],
    ]);
  });

  it('collects every issue rather than stopping at the first', () => {
    const raw = {
      name: 1,
      kernel: 'x',
      cpus: -1,
      destinations: [{ name: 'a', address: 'b', port: 'c' }],
      containers: { count: 1 },
      workloads: [{ type: 'burst', destination: 'z' }],
    };
    expect(issuesOf(raw)).toEqual([
      ['wrong-type', 'name'],
      ['unknown-kernel', 'kernel'],
      ['out-of-range', 'cpus'],
      ['bad-address', 'destinations[0].address'],
      ['wrong-type', 'destinations[0].port'],
      ['unknown-reference', 'workloads[0].destination'],
    ]);
  });

  it.each([undefined, null, 'name: x', [], 42])('refuses a document that is not an object: %j', (raw) => {
    expect(issuesOf(raw)).toEqual([['wrong-type', '']]);
  });

  it('fills every default', () => {
    const result = validateScenario(MINIMAL);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const s = result.scenario;
    expect(s.description).toBe('');
    expect(s.cpus).toBe(2);
    expect(s.host.addresses.map(formatIpv4)).toEqual(['10.0.0.10']);
    expect(s.host.outInterface).toBe('eth0');
    expect([s.host.bridge.name, formatCidr(s.host.bridge.subnet)]).toEqual(['cni0', '10.244.1.0/24']);
    expect(s.internalCidrs).toEqual([]);
    expect(s.nat.map((r) => r.target.type)).toEqual(['return', 'masquerade']);
    expect(s.nat[1]).toMatchObject({
      target: { type: 'masquerade' },
      outInterface: { value: 'cni0', negated: true },
    });
    expect(s.destinations.map((d) => [d.proto, d.rttNs, d.internal, d.silent, d.backends])).toEqual([
      ['tcp', 20_000_000, false, false, []],
      ['udp', 20_000_000, false, false, []],
    ]);
    expect(s.containers.map((c) => [c.name, formatIpv4(c.ip), c.portRange])).toEqual([
      ['pod-1', '10.244.1.2', [32768, 60999]],
      ['pod-2', '10.244.1.3', [32768, 60999]],
      ['pod-3', '10.244.1.4', [32768, 60999]],
    ]);
    expect(s.containers[0]?.resolver).toEqual({
      libc: 'glibc',
      mode: 'parallel',
      timeoutS: 5,
      attempts: 2,
      nameserver: 1,
    });
    expect(s.workloads).toEqual([
      {
        type: 'burst',
        containers: [0, 1, 2],
        destination: 0,
        startNs: 0,
        holdNs: 0,
        connections: 1,
        spreadNs: 0,
        repeat: 1,
        intervalNs: 1_000_000_000,
      },
    ]);
    // The format's defaults are the core's (core/sim/defaults.ts), converted µs → ns without loss.
    expect(s.timing).toEqual(DEFAULT_TIMING);
    expect(s.sysctl).toEqual({
      nf_conntrack_max: 262144,
      // 6.1 (5.15+ defaults): the hash size equals nf_conntrack_max.
      nf_conntrack_buckets: 262144,
      nf_conntrack_tcp_timeout_syn_sent: 120,
      nf_conntrack_tcp_timeout_established: 432000,
      nf_conntrack_tcp_timeout_fin_wait: 120,
      nf_conntrack_tcp_timeout_time_wait: 120,
      nf_conntrack_udp_timeout: 30,
      nf_conntrack_udp_timeout_stream: s.kernel.udpStreamTimeoutS,
      tcp_syn_retries: 6,
      tcp_syn_linear_timeouts: 4,
    });
    expect(s.maxSimTimeNs).toBe(600_000_000_000);
  });

  it('treats an internal destination as internal with a 1 ms default RTT', () => {
    const result = validateScenario({ ...MINIMAL, internalCidrs: ['10.0.0.0/8'] });
    expect(result.ok && result.scenario.destinations.map((d) => [d.internal, d.rttNs])).toEqual([
      [false, 20_000_000],
      [true, 1_000_000],
    ]);
  });

  it('never throws on odd input', () => {
    const odd: unknown[] = [
      { ...MINIMAL, destinations: [null, 1, 'x'] },
      { ...MINIMAL, containers: [null, 'x'] },
      { ...MINIMAL, workloads: [null, { type: 5 }] },
      { ...MINIMAL, nat: [null, {}, { target: {} }, { target: { type: 'snat', toSource: 5 } }] },
      { ...MINIMAL, kernel: { release: 5, overrides: 'x' } },
      { ...MINIMAL, host: { bridge: 'cni0', addresses: [null] } },
      { ...MINIMAL, timing: [], sysctl: 'x', internalCidrs: {} },
    ];
    for (const raw of odd) expect(validateScenario(raw).ok).toBe(false);
  });
});
