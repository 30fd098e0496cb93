import { describe, expect, it } from 'vitest';
import { simulate } from '../src/core/sim/simulate.js';
import { parseScenarioText } from '../src/formats/scenario/parse-scenario-text.js';

/**
 * A 40-entry table: 4 pods open 10 connections each (the server answers or not; they stay open for holdMs),
 * then 100 ms later 5 more each. `buckets` is the kernel's hash size: early_drop looks at 8 of them. The default
 * kernel, 5.10, has no chain limit (5.15+ would refuse to grow a chain to 20 nodes: test/chain-too-long.test.ts).
 */
function tableFull(silent: boolean, holdMs: number, buckets: number | undefined, kernel = '5.10.0-28-amd64') {
  const text = `
name: table-full
kernel: ${kernel}
cpus: 2
nat: { strategy: masquerade }
sysctl: { nf_conntrack_max: 40${buckets === undefined ? '' : `, nf_conntrack_buckets: ${buckets}`} }
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
    // 4 buckets: every chain holds ~20 nodes, so the new tuple's bucket always has unanswered entries.
    const r = tableFull(true, 0, 4);
    expect(r.conntrack.total.early_drop).toBeGreaterThan(0);
    expect(r.conntrack.maxEntries).toBeLessThanOrEqual(40);
    expect(r.tcp.synsLostTableFull).toBe(0);
  });

  it('kills every unassured entry of the first bucket that has one on 4.8+, one entry on 4.7 and before', () => {
    // One bucket: all 40 unanswered entries are on the chain early_drop looks at first.
    const all = tableFull(true, 0, 1, '5.10.0-28-amd64');
    const one = tableFull(true, 0, 1, '4.4.0-142-generic');
    // Each table-full SYN of the second burst (20 of them, retransmits aside) empties the chain on 5.10 ...
    expect(all.conntrack.total.early_drop).toBeGreaterThanOrEqual(40);
    // ... and evicts exactly one entry per full-table SYN on 4.4.
    expect(one.conntrack.total.early_drop).toBeGreaterThan(0);
    expect(one.conntrack.total.early_drop).toBeLessThan(all.conntrack.total.early_drop);
    expect(one.conntrack.maxEntries).toBe(40);
  });

  it('finds nothing to evict in 8 of 262144 buckets when 40 entries are spread over them: the packet is dropped', () => {
    // A tiny nf_conntrack_max with the 5.15+ default hash size: the kernel's early_drop scans only 8 buckets.
    const r = tableFull(true, 0, undefined, '5.15.0-91-generic');
    expect(r.conntrack.total.early_drop).toBe(0);
    expect(r.tcp.synsLostTableFull).toBeGreaterThan(0);
    expect(r.conntrack.total.drop).toBe(r.tcp.synsLostTableFull);
  });

  it('drops the packet (drop++) when every entry is ASSURED, and the client keeps retransmitting', () => {
    const r = tableFull(false, 10_000, 4);
    expect(r.tcp.synsLostTableFull).toBeGreaterThan(0);
    expect(r.conntrack.total.drop).toBe(r.tcp.synsLostTableFull);
    expect(r.conntrack.total.insert_failed).toBe(0);
    // The 40 held connections stay ASSURED for the whole run: the 20 late ones never get in.
    expect([r.tcp.completed, r.tcp.completed + r.tcp.failed + r.tcp.unfinished]).toEqual([40, 60]);
    expect(r.conntrack.maxEntries).toBeLessThanOrEqual(40);
  });
});
