import { describe, expect, it } from 'vitest';
import { simulate } from '../src/core/sim/simulate.js';
import { parseScenarioText } from '../src/formats/scenario/parse-scenario-text.js';

/**
 * A 40-entry table: 4 pods open 10 connections each (the server answers or not; they stay open for holdMs),
 * then 100 ms later 5 more each.
 */
function tableFull(silent: boolean, holdMs: number) {
  const text = `
name: table-full
kernel: 5.15.0-91-generic
cpus: 2
nat: { strategy: masquerade }
sysctl: { nf_conntrack_max: 40 }
destinations:
  - { name: api, address: 203.0.113.10, port: 443, rttMs: 1, silent: ${silent} }
containers: { count: 4 }
workloads:
  - { type: burst, destination: api, connections: 10, spreadMs: 5, holdMs: ${holdMs} }
  - { type: burst, destination: api, connections: 5, spreadMs: 5, holdMs: ${holdMs}, startMs: 100 }
maxSimTimeS: 20
`;
  const parsed = parseScenarioText(text, 'table-full.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return simulate(parsed.scenario, 1);
}

describe('a full conntrack table (nf_conntrack_max)', () => {
  it('evicts entries that are not ASSURED (early_drop) to admit new flows', () => {
    const r = tableFull(true, 0);
    expect(r.conntrack.total.early_drop).toBeGreaterThan(0);
    expect(r.conntrack.maxEntries).toBeLessThanOrEqual(40);
    expect(r.tcp.synsLostTableFull).toBe(0);
  });

  it('drops the packet (drop++) when every entry is ASSURED, and the client keeps retransmitting', () => {
    const r = tableFull(false, 10_000);
    expect(r.tcp.synsLostTableFull).toBeGreaterThan(0);
    expect(r.conntrack.total.drop).toBe(r.tcp.synsLostTableFull);
    expect(r.conntrack.total.insert_failed).toBe(0);
    // The 40 held connections stay ASSURED for the whole run: the 20 late ones never get in.
    expect([r.tcp.completed, r.tcp.completed + r.tcp.failed + r.tcp.unfinished]).toEqual([40, 60]);
    expect(r.conntrack.maxEntries).toBeLessThanOrEqual(40);
  });
});
