import { describe, expect, it } from 'vitest';
import { kernelProfileFromRelease } from '../../core/kernel/kernel-profile-from-release.js';
import { parseCidr } from '../../core/net/cidr.js';
import { parseIpv4 } from '../../core/net/ipv4.js';
import type { Scenario } from '../../core/scenario/scenario.js';
import { parseScenarioText } from './parse-scenario-text.js';

const ip = (text: string) => parseIpv4(text)!;
const cidr = (text: string) => parseCidr(text)!;
const FLAGS = { random: false, randomFully: false, persistent: false };

/** Every field of the format set to a non-default value. */
const FULL = `
name: full
description: every field
kernel:
  release: 5.15.0-91-generic
  overrides: { natOffset: rover, udpStreamTimeoutS: 180 }
cpus: 3
host:
  addresses: [10.1.0.5, 10.1.0.6]
  outInterface: ens5
  bridge: { name: br0, subnet: 10.250.0.0/29 }
internalCidrs: [10.1.0.0/16]
nat:
  - '-A POSTROUTING -d 10.1.0.0/16 -m comment --comment "vpc: no snat" -j RETURN'
  - source: "!10.250.0.0/29"
    destination: { cidr: 192.0.2.0/24, negated: false }
    outInterface: "!br0"
    proto: udp
    target: { type: snat, toSource: "1.2.3.4-1.2.3.5:1024-2000", random: true, randomFully: true, persistent: true }
    comment: custom
  - proto: tcp
    target: { type: masquerade, toPorts: 1024-65535, random: true }
  - target: accept
destinations:
  - { name: redis, address: 10.1.2.3, port: 6379 }
  - { name: api, address: 198.51.100.1, port: 443, rttMs: 35.5, silent: true }
  - name: dns
    address: 10.96.0.10
    port: 53
    proto: udp
    rttMs: 0.25
    backends: [10.250.0.3:53, { address: 10.250.0.4, port: 5353 }]
containers:
  - name: a
    address: 10.250.0.2
    portRange: [1024, 2047]
    resolver: { libc: musl, timeout: 3, attempts: 4, nameserver: dns }
  - name: b
    address: 10.250.0.6
    portRange: 40000-40999
    resolver: { options: [single-request-reopen, "timeout:1", "attempts:1", ndots:5], nameserver: dns }
  - { name: c, address: 10.250.0.5 }
workloads:
  - { type: burst, containers: [a, c], destination: api, startMs: 1, holdMs: 2, connections: 3, spreadMs: 0.5, repeat: 4, intervalMs: 100 }
  - { type: periodic, destination: redis, threads: 2, intervalMs: 50, count: 7, spreadMs: 0.001 }
  - { type: poisson, containers: all, destination: redis, ratePerS: 2.5, durationMs: 3000 }
  - { type: same-port, containers: [b], destination: api, port: 40000, spreadMs: 1, repeat: 2, intervalMs: 10 }
  - { type: dns, containers: [a, b], lookups: 5, intervalMs: 20, spreadMs: 0.002 }
timing: { packetServiceUs: 10, natOffsetUs: 3, natToConfirmUs: 4.25, jitterUs: 0, dnsGapUs: 7, cpuPolicy: spread }
sysctl:
  nf_conntrack_max: 1000
  nf_conntrack_buckets: 1024
  nf_conntrack_tcp_timeout_syn_sent: 60
  nf_conntrack_tcp_timeout_established: 7200
  nf_conntrack_tcp_timeout_fin_wait: 30
  nf_conntrack_tcp_timeout_time_wait: 60
  nf_conntrack_udp_timeout: 10
  nf_conntrack_udp_timeout_stream: 90
  tcp_syn_retries: 3
  tcp_syn_linear_timeouts: 0
maxSimTimeS: 12.5
`;

function expectedFull(): Scenario {
  const base = kernelProfileFromRelease('5.15.0-91-generic');
  if (!base.ok) throw new Error(base.error);
  const all = [0, 1, 2];
  return {
    name: 'full',
    description: 'every field',
    kernel: { ...base.profile, natOffset: 'rover', udpStreamTimeoutS: 180 },
    cpus: 3,
    host: {
      addresses: [ip('10.1.0.5'), ip('10.1.0.6')],
      outInterface: 'ens5',
      bridge: { name: 'br0', subnet: cidr('10.250.0.0/29') },
    },
    internalCidrs: [cidr('10.1.0.0/16')],
    nat: [
      {
        destination: { value: cidr('10.1.0.0/16'), negated: false },
        target: { type: 'return' },
        comment: 'vpc: no snat',
      },
      {
        source: { value: cidr('10.250.0.0/29'), negated: true },
        destination: { value: cidr('192.0.2.0/24'), negated: false },
        outInterface: { value: 'br0', negated: true },
        proto: 'udp',
        target: {
          type: 'snat',
          toSource: { minIp: ip('1.2.3.4'), maxIp: ip('1.2.3.5'), ports: { min: 1024, max: 2000 } },
          flags: { random: true, randomFully: true, persistent: true },
        },
        comment: 'custom',
      },
      {
        proto: 'tcp',
        target: { type: 'masquerade', toPorts: { min: 1024, max: 65535 }, flags: { ...FLAGS, random: true } },
      },
      { target: { type: 'accept' } },
    ],
    destinations: [
      {
        name: 'redis',
        ip: ip('10.1.2.3'),
        port: 6379,
        proto: 'tcp',
        rttNs: 1_000_000,
        backends: [],
        internal: true,
        silent: false,
      },
      {
        name: 'api',
        ip: ip('198.51.100.1'),
        port: 443,
        proto: 'tcp',
        rttNs: 35_500_000,
        backends: [],
        internal: false,
        silent: true,
      },
      {
        name: 'dns',
        ip: ip('10.96.0.10'),
        port: 53,
        proto: 'udp',
        rttNs: 250_000,
        backends: [
          { ip: ip('10.250.0.3'), port: 53 },
          { ip: ip('10.250.0.4'), port: 5353 },
        ],
        internal: false,
        silent: false,
      },
    ],
    containers: [
      {
        name: 'a',
        ip: ip('10.250.0.2'),
        portRange: [1024, 2047],
        resolver: { libc: 'musl', mode: 'parallel', timeoutS: 3, attempts: 4, nameserver: 2 },
      },
      {
        name: 'b',
        ip: ip('10.250.0.6'),
        portRange: [40000, 40999],
        resolver: { libc: 'glibc', mode: 'single-request-reopen', timeoutS: 1, attempts: 1, nameserver: 2 },
      },
      { name: 'c', ip: ip('10.250.0.5'), portRange: [32768, 60999], resolver: undefined },
    ],
    workloads: [
      {
        type: 'burst',
        containers: [0, 2],
        destination: 1,
        startNs: 1_000_000,
        holdNs: 2_000_000,
        connections: 3,
        spreadNs: 500_000,
        repeat: 4,
        intervalNs: 100_000_000,
      },
      {
        type: 'periodic',
        containers: all,
        destination: 0,
        startNs: 0,
        holdNs: 0,
        threads: 2,
        intervalNs: 50_000_000,
        count: 7,
        spreadNs: 1000,
      },
      {
        type: 'poisson',
        containers: all,
        destination: 0,
        startNs: 0,
        holdNs: 0,
        ratePerS: 2.5,
        durationNs: 3_000_000_000,
      },
      {
        type: 'same-port',
        containers: [1],
        destination: 1,
        startNs: 0,
        holdNs: 0,
        port: 40000,
        spreadNs: 1_000_000,
        repeat: 2,
        intervalNs: 10_000_000,
      },
      {
        type: 'dns',
        containers: [0, 1],
        destination: 2,
        startNs: 0,
        holdNs: 0,
        lookups: 5,
        intervalNs: 20_000_000,
        spreadNs: 2000,
      },
    ],
    timing: {
      packetServiceNs: 10_000,
      natOffsetNs: 3000,
      natToConfirmNs: 4250,
      jitterNs: 0,
      dnsGapNs: 7000,
      cpuPolicy: 'spread',
    },
    sysctl: {
      nf_conntrack_max: 1000,
      nf_conntrack_buckets: 1024,
      nf_conntrack_tcp_timeout_syn_sent: 60,
      nf_conntrack_tcp_timeout_established: 7200,
      nf_conntrack_tcp_timeout_fin_wait: 30,
      nf_conntrack_tcp_timeout_time_wait: 60,
      nf_conntrack_udp_timeout: 10,
      nf_conntrack_udp_timeout_stream: 90,
      tcp_syn_retries: 3,
      tcp_syn_linear_timeouts: 0,
    },
    maxSimTimeNs: 12_500_000_000,
  };
}

/** [code, path, line, column] of each issue. */
function positions(text: string): [string, string, number | undefined, number | undefined][] {
  const result = parseScenarioText(text, 'test.yaml');
  return result.ok ? [] : result.issues.map((i) => [i.code, i.path, i.line, i.column]);
}

const VALID_TAIL = `kernel: 6.1.0
destinations: [{ name: api, address: 1.2.3.4, port: 443 }]
containers: { count: 2 }
workloads: [{ type: burst, destination: api }]
`;

describe('parseScenarioText', () => {
  it('turns a file that sets every field into the expected Scenario', () => {
    const result = parseScenarioText(FULL, 'full.yaml');
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(result.ok && result.scenario).toEqual(expectedFull());
  });

  it('reads JSON as well', () => {
    const json = JSON.stringify({
      name: 'j',
      kernel: '6.1.0',
      destinations: [{ name: 'api', address: '1.2.3.4', port: 443 }],
      containers: { count: 1 },
      workloads: [{ type: 'burst', destination: 'api' }],
    });
    expect(parseScenarioText(json, 'x.json').ok).toBe(true);
    expect(positions('{\n  "name": "j",\n  "kernel": 5\n}')).toContainEqual(['wrong-type', 'kernel', 3, 13]);
  });

  it.each([
    ['name: [unclosed\n', 'syntax'],
    ['name: a\nname: b\n', 'syntax'],
    ['a: 1\n---\nb: 2\n', 'syntax'],
    ['name: "open\n', 'syntax'],
  ])('reports malformed text as a syntax issue with a line: %j', (text, code) => {
    const result = parseScenarioText(text, 'bad.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.code).toBe(code);
    expect(result.issues[0]?.line).toBeGreaterThan(0);
    expect(result.issues[0]?.file).toBe('bad.yaml');
  });

  it('points an unknown key at the key, a bad value at the value, a missing key at its object', () => {
    const text = `name: x
${VALID_TAIL}cpuz: 4
host:
  bridge: { name: cni0, subnet: 10.244.1.0 }
sysctl:
  tcp_syn_retries: 0
`;
    expect(positions(text)).toEqual([
      ['unknown-key', 'cpuz', 6, 1],
      ['bad-cidr', 'host.bridge.subnet', 8, 33],
      ['out-of-range', 'sysctl.tcp_syn_retries', 10, 20],
    ]);
    expect(positions(VALID_TAIL)).toEqual([['missing', 'name', 1, 1]]);
    expect(positions(`name: x\n${VALID_TAIL.replace('port: 443 ', '')}`)).toEqual([
      ['missing', 'destinations[0].port', 3, 16],
    ]);
  });

  it('points into an iptables rule when the string is written as it reads', () => {
    const rule = '-A POSTROUTING -s 10.0.0.300 -j MASQUERADE';
    const at = rule.indexOf('10.0.0.300');
    expect(positions(`name: x\n${VALID_TAIL}nat:\n  - ${rule}\n`)).toEqual([
      ['bad-address', 'nat[0]', 7, 5 + at],
    ]);
    expect(positions(`name: x\n${VALID_TAIL}nat:\n  - '${rule}'\n`)).toEqual([
      ['bad-address', 'nat[0]', 7, 6 + at],
    ]);
    expect(positions(`name: x\n${VALID_TAIL}nat: ["${rule}"]\n`)).toEqual([
      ['bad-address', 'nat[0]', 6, 8 + at],
    ]);
    // Escapes change the offsets: then only the start of the string is given.
    const escaped = '-A POSTROUTING -m comment --comment \\"a\\" -s 10.0.0.300 -j MASQUERADE';
    expect(positions(`name: x\n${VALID_TAIL}nat: ["${escaped}"]\n`)).toEqual([
      ['bad-address', 'nat[0]', 6, 7],
    ]);
  });

  it('explains a rule that YAML split at ": "', () => {
    const text = `name: x\n${VALID_TAIL}nat:\n  - -A POSTROUTING -m comment --comment "a: b" -j MASQUERADE\n`;
    expect(positions(text)).toEqual([['wrong-type', 'nat[0]', 7, 5]]);
  });

  it('sorts issues by position and follows aliases', () => {
    const text = `name: x
kernel: 6.1.0
defaults: &d { count: 0 }
destinations: [{ name: api, address: 1.2.3.4, port: 443 }]
containers: *d
workloads: [{ type: burst, destination: nope }]
`;
    expect(positions(text)).toEqual([
      ['unknown-key', 'defaults', 3, 1],
      ['out-of-range', 'containers.count', 3, 23],
      ['unknown-reference', 'workloads[0].destination', 6, 41],
    ]);
  });

  it.each(['', '42', '- a\n- b\n', 'null'])('refuses a document that is not an object: %j', (text) => {
    expect(positions(text).map(([code, path]) => [code, path])).toEqual([['wrong-type', '']]);
  });

  it('never throws', () => {
    const odd = [
      '{',
      ']',
      '&a [*a]',
      '!!binary x',
      '? [a]\n: b',
      'a: !!int x',
      '\t- x',
      `${'['.repeat(500)}`,
      'a: *nope',
    ];
    for (const text of odd) expect(() => parseScenarioText(text, 'odd.yaml')).not.toThrow();
  });
});
