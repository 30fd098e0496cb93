import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../formats/scenario/parse-scenario-text.js';
import type { Scenario } from '../scenario/scenario.js';
import { NS_PER_MS, NS_PER_S } from '../time/sim-time.js';
import { defaultLabScenarioText } from './default-lab-scenario.js';
import { buildLabAddressMap, type LabAddressMap } from './lab-address-map.js';
import { planLabLoad } from './plan-lab-load.js';

function setUp(text: string): { s: Scenario; map: LabAddressMap } {
  const parsed = parseScenarioText(text, 'test.yaml');
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  const map = buildLabAddressMap(parsed.scenario);
  if (!map.ok) throw new Error(map.error);
  return { s: parsed.scenario, map: map.map };
}

const roomy = { maxConnections: 100_000, maxDurationNs: 600 * NS_PER_S };

const mixed = `
name: mixed
kernel: 6.8.0
destinations:
  - { name: api, address: 203.0.113.10, port: 443 }
  - { name: dns, address: 10.96.0.10, port: 53, proto: udp }
containers:
  count: 3
  resolver: { nameserver: dns }
workloads:
  - { type: burst, destination: api, connections: 2, repeat: 3, intervalMs: 100, spreadMs: 1 }
  - { type: periodic, destination: api, threads: 2, count: 4, intervalMs: 50, containers: [pod-1] }
  - { type: poisson, destination: api, ratePerS: 50, durationMs: 1000, containers: [pod-2] }
  - { type: dns, lookups: 2 }
`;

describe('planLabLoad', () => {
  it('gives each container of the built-in scenario one same-port dial per round, rounds apart', () => {
    const { s, map } = setUp(defaultLabScenarioText({ kernel: '6.8.0', cpus: 2, rounds: 5, intervalMs: 40 }));
    const r = planLabLoad(s, map, 1, roomy);
    if (!r.ok) throw new Error(r.error);
    expect(r.plan.total).toBe(10);
    for (const dials of r.plan.perContainer) {
      expect(dials.map((d) => [d.atNs / NS_PER_MS, d.localPort, d.host, d.port])).toEqual(
        [0, 1, 2, 3, 4].map((k) => [k * 40, 40000 + k, '198.19.0.2', 5061]),
      );
    }
    expect(r.plan.lastDialNs).toBe(160 * NS_PER_MS);
  });

  it('expands bursts, periodic dialers and Poisson arrivals, deterministically per seed', () => {
    const { s, map } = setUp(mixed);
    const a = planLabLoad(s, map, 7, roomy);
    const b = planLabLoad(s, map, 7, roomy);
    expect(a).toEqual(b);
    if (!a.ok) throw new Error(a.error);
    const count = (c: number, w: number) => a.plan.perContainer[c]!.filter((d) => d.workload === w).length;
    expect([count(0, 0), count(1, 0), count(2, 0)]).toEqual([6, 6, 6]);
    expect(count(0, 1)).toBe(8);
    expect(count(1, 2)).toBeGreaterThan(20); // 50/s for 1 s
    expect(count(1, 2)).toBeLessThan(90);
    for (const dials of a.plan.perContainer)
      expect(dials.map((d) => d.atNs)).toEqual([...dials.map((d) => d.atNs)].sort((x, y) => x - y));
    expect(a.plan.notes).toEqual([]);
    // The DNS workload: 2 lookups per container through the (mapped) nameserver, glibc's 5 s × 2 tries.
    expect(a.plan.lookups?.total).toBe(6);
    expect(a.plan.lookups?.perContainer[0]).toEqual([
      { atNs: 0, host: '198.19.0.2', port: 53, timeoutNs: 5e9, attempts: 2, workload: 3 },
      { atNs: 1e9, host: '198.19.0.2', port: 53, timeoutNs: 5e9, attempts: 2, workload: 3 },
    ]);
  });

  it('leaves out lookups of resolvers the lab does not speak, with a note; TCP plan unchanged by DNS', () => {
    const { s, map } = setUp(
      mixed.replace('resolver: { nameserver: dns }', 'resolver: { nameserver: dns, libc: musl }'),
    );
    const r = planLabLoad(s, map, 7, roomy);
    if (!r.ok) throw new Error(r.error);
    expect(r.plan.lookups?.total).toBe(0);
    expect(r.plan.notes.join('\n')).toMatch(/DNS lookups left out .*pod-1 \(musl\)/);
    const withoutDns = setUp(mixed.replace('  - { type: dns, lookups: 2 }\n', ''));
    const t = planLabLoad(withoutDns.s, withoutDns.map, 7, roomy);
    if (!t.ok) throw new Error(t.error);
    expect(t.plan.perContainer).toEqual(r.plan.perContainer);
  });

  it('stays within its limits and says what it left out', () => {
    const { s, map } = setUp(mixed);
    const r = planLabLoad(s, map, 7, { maxConnections: 10, maxDurationNs: 150 * NS_PER_MS });
    if (!r.ok) throw new Error(r.error);
    expect(r.plan.total).toBe(10);
    expect(r.plan.lastDialNs).toBeLessThanOrEqual(150 * NS_PER_MS);
    expect(r.plan.notes.join('\n')).toMatch(/after 0.15 s left out/);
    expect(r.plan.notes.join('\n')).toMatch(/beyond the first 10 left out/);
  });

  it('refuses TCP load towards a UDP or DNAT destination', () => {
    const { s, map } = setUp(
      mixed.replace('{ type: burst, destination: api', '{ type: burst, destination: dns'),
    );
    expect(planLabLoad(s, map, 1, roomy)).toEqual({
      ok: false,
      error: 'workloads[0] dials dns, a UDP destination: the lab runs TCP servers without DNAT only, so far',
    });
  });
});
