import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../formats/scenario/parse-scenario-text.js';
import { cidrContains, parseCidr } from '../net/cidr.js';
import { formatIpv4 } from '../net/ipv4.js';
import type { Scenario } from '../scenario/scenario.js';
import { defaultLabScenarioText } from './default-lab-scenario.js';
import { buildLabAddressMap, LAB_SPACE } from './lab-address-map.js';
import { isLabNetns } from './lab-netns-name.js';
import { type LabTopology, planLabTopology } from './plan-lab-topology.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '../../../examples/scenarios');

function scenarioOf(text: string): Scenario {
  const parsed = parseScenarioText(text, 'test.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  return parsed.scenario;
}

function topologyOf(s: Scenario): LabTopology {
  const map = buildLabAddressMap(s);
  if (!map.ok) throw new Error(map.error);
  const t = planLabTopology(s, 'abc123', map.map);
  if (!t.ok) throw new Error(t.error);
  return t.topology;
}

const cases = [
  ['built-in', scenarioOf(defaultLabScenarioText({ kernel: '6.8.0', cpus: 2, containers: 3 }))],
  ['seed-k8s-node', scenarioOf(readFileSync(join(examples, 'seed-k8s-node.yaml'), 'utf8'))],
  ['dns-dnat-race', scenarioOf(readFileSync(join(examples, 'dns-dnat-race.yaml'), 'utf8'))],
] as const;

describe('planLabTopology', () => {
  it.each(cases)('%s: every command runs inside a lab namespace, never in the root one', (_, s) => {
    const t = topologyOf(s);
    for (const { argv } of [...t.setup, ...t.afterRules]) {
      expect(argv[0]).toBe('ip');
      const netns =
        argv[1] === '-n' ? argv[2] : argv[1] === 'netns' && argv[2] === 'exec' ? argv[3] : undefined;
      expect(netns, argv.join(' ')).toBeDefined();
      expect(t.namespaces).toContain(netns);
      // A peer or anything else named by namespace is a lab namespace too.
      const peerNetns = argv.indexOf('netns', 3);
      if (argv[1] === '-n' && peerNetns > 0) expect(isLabNetns(argv[peerNetns + 1]!)).toBe(true);
    }
  });

  it.each(cases)('%s: every address in a command lies in 198.18.0.0/15', (_, s) => {
    const t = topologyOf(s);
    const addresses = t.setup.flatMap((c) => c.argv.filter((a) => /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(a)));
    expect(addresses.length).toBeGreaterThan(0);
    for (const a of addresses) expect(cidrContains(LAB_SPACE, parseCidr(a)!.base), a).toBe(true);
  });

  it.each(cases)('%s: interface names fit IFNAMSIZ', (_, s) => {
    const t = topologyOf(s);
    for (const { argv } of t.setup) {
      const i = argv.indexOf('add');
      if (argv[3] === 'link' && i > 0) expect(argv[i + 1]!.length).toBeLessThanOrEqual(15);
    }
  });

  it('names namespaces portclash-<run>-node|c<N>|ext<N>, node first', () => {
    const t = topologyOf(cases[0][1]);
    expect(t.namespaces).toEqual([
      'portclash-abc123-node',
      'portclash-abc123-c1',
      'portclash-abc123-c2',
      'portclash-abc123-c3',
      'portclash-abc123-ext1',
    ]);
    expect(t.servers).toEqual([
      {
        netns: 'portclash-abc123-ext1',
        address: t.servers[0]!.address,
        tcpPorts: [5061],
        udpPorts: [],
        destinations: ['server'],
      },
    ]);
  });

  it("puts a DNS responder on each backend of a DNAT'ed UDP service and DNATs the service address", () => {
    const t = topologyOf(cases[2][1]);
    expect(t.servers.map((s) => [s.netns.slice(-4), formatIpv4(s.address), s.tcpPorts, s.udpPorts])).toEqual([
      ['ext1', '198.18.2.0', [], [53]],
      ['ext2', '198.18.2.1', [], [53]],
    ]);
    expect(
      t.services.map((v) => [v.name, formatIpv4(v.address), v.port, v.backends.map((b) => formatIpv4(b.ip))]),
    ).toEqual([['kube-dns', '198.19.2.1', 53, ['198.18.2.0', '198.18.2.1']]]);
    expect(t.notes).toEqual([]);
  });

  it('refuses a bridge named like one of its own interfaces', () => {
    const s = cases[0][1];
    const map = buildLabAddressMap(s);
    if (!map.ok) throw new Error(map.error);
    const bad = { ...s, host: { ...s.host, bridge: { ...s.host.bridge, name: 'pcv1' } } };
    expect(planLabTopology(bad, 'x', map.map)).toEqual({
      ok: false,
      error: 'interface name pcv1 is reserved by the lab',
    });
  });
});
