import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../formats/scenario/parse-scenario-text.js';
import { type Cidr, cidrContains, formatCidr, parseCidr } from '../net/cidr.js';
import { formatIpv4, type Ipv4 } from '../net/ipv4.js';
import type { Scenario } from '../scenario/scenario.js';
import { defaultLabScenarioText } from './default-lab-scenario.js';
import { buildLabAddressMap, LAB_SPACE, mapLabCidr, mapLabIp } from './lab-address-map.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '../../../examples/scenarios');

function scenarioOf(text: string): Scenario {
  const parsed = parseScenarioText(text, 'test.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  return parsed.scenario;
}

const exampleScenarios = readdirSync(examples)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => [f, scenarioOf(readFileSync(join(examples, f), 'utf8'))] as const);

/** Every address and network the scenario names. */
function namedOf(s: Scenario): { addresses: Ipv4[]; networks: Cidr[] } {
  const addresses = [
    (s.host.bridge.subnet.base + 1) as Ipv4,
    ...s.containers.map((c) => c.ip),
    ...s.host.addresses,
    ...s.destinations.flatMap((d) => [d.ip, ...d.backends.map((b) => b.ip)]),
  ];
  const networks = [
    s.host.bridge.subnet,
    ...s.internalCidrs,
    ...s.nat.flatMap((r) =>
      [r.source?.value, r.destination?.value].filter((c): c is Cidr => c !== undefined),
    ),
  ].filter((c) => c.prefix > 0);
  return { addresses, networks };
}

describe('buildLabAddressMap', () => {
  it('maps the built-in scenario readably: pods in 198.18, the rest in 198.19', () => {
    const r = buildLabAddressMap(scenarioOf(defaultLabScenarioText({ kernel: '6.8.0', cpus: 2 })));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.map.entries.map((e) => `${e.name ?? e.role} ${e.original} → ${e.mapped}`)).toEqual([
      'bridge-subnet 172.17.0.0/16 → 198.18.0.0/24',
      'bridge 172.17.0.1 → 198.18.0.1',
      'app-1 172.17.0.2 → 198.18.0.2',
      'app-2 172.17.0.3 → 198.18.0.3',
      'host 192.168.1.20 → 198.19.0.1',
      'rule-cidr 172.17.0.0/16 → 198.18.0.0/24',
      'server 203.0.113.10 → 198.19.0.2',
    ]);
  });

  it.each(exampleScenarios)('keeps every membership of %s and stays inside 198.18.0.0/15', (_, s) => {
    const r = buildLabAddressMap(s);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { addresses, networks } = namedOf(s);
    const mapped = addresses.map((a) => mapLabIp(r.map, a));
    for (const m of mapped) expect(cidrContains(LAB_SPACE, m)).toBe(true);
    // Distinct addresses stay distinct.
    expect(new Set(mapped).size).toBe(new Set(addresses).size);
    for (const n of networks) {
      const mn = mapLabCidr(r.map, n);
      expect(cidrContains(LAB_SPACE, mn.base)).toBe(true);
      for (const [i, a] of addresses.entries())
        expect(cidrContains(mn, mapped[i]!), `${formatIpv4(a)} in ${formatCidr(n)}`).toBe(cidrContains(n, a));
      // Mapped host addresses are never a network's first or last address.
      for (const m of mapped) {
        if (mn.prefix >= 31 || !cidrContains(mn, m)) continue;
        expect(m).not.toBe(mn.base);
        expect(m).not.toBe(mn.base + 2 ** (32 - mn.prefix) - 1);
      }
    }
    for (const c of s.containers) expect(mapLabIp(r.map, c.ip) >>> 16).toBe(0xc612);
  });

  it('is deterministic', () => {
    const s = exampleScenarios.find(([f]) => f === 'seed-k8s-node.yaml')![1];
    expect(buildLabAddressMap(s)).toEqual(buildLabAddressMap(s));
  });

  it('leaves 0.0.0.0/0 alone and refuses addresses it was not built with', () => {
    const r = buildLabAddressMap(exampleScenarios[0]![1]);
    if (!r.ok) throw new Error(r.error);
    expect(mapLabCidr(r.map, parseCidr('0.0.0.0/0')!)).toEqual(parseCidr('0.0.0.0/0'));
    expect(() => mapLabIp(r.map, parseCidr('1.2.3.4')!.base)).toThrow(/not in the lab address map/);
  });
});
