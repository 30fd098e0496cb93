import { describe, expect, it } from 'vitest';
import { simulate } from '../src/core/sim/simulate.js';
import { parseScenarioText } from '../src/formats/scenario/parse-scenario-text.js';

/**
 * `connections` long-lived connections from one pod on one CPU (no race: every refused insertion is a chain
 * too long), into a hash of `buckets` chains: each connection adds two nodes.
 */
function run(kernel: string, buckets: number, connections: number) {
  const text = `
name: chains
kernel: ${kernel}
cpus: 1
nat: { strategy: masquerade }
sysctl: { nf_conntrack_buckets: ${buckets} }
destinations:
  - { name: api, address: 203.0.113.10, port: 443, rttMs: 1 }
containers: { count: 1 }
workloads:
  - { type: periodic, destination: api, threads: 1, intervalMs: 1, count: ${connections}, holdMs: 60000 }
maxSimTimeS: 30
`;
  const parsed = parseScenarioText(text, 'chains.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return simulate(parsed.scenario, 1);
}

describe('chain length limit at confirm (5.15+, chaintoolong)', () => {
  it('refuses insertions into a chain past the era limit: chaintoolong and insert_failed, not drop', () => {
    // One bucket: the n-th connection meets 2(n-1) nodes on both of its chains.
    const r = run('5.15.0-91-generic', 1, 60);
    const c = r.conntrack.total;
    expect(c.chaintoolong).toBeGreaterThan(0);
    expect(c.insert_failed).toBe(c.chaintoolong);
    expect(c.drop).toBe(0);
    // Refused SYNs are retransmitted. An entry is admitted while its chain holds at most max + 1 nodes (2 per
    // entry, max in [8, 31]): 5 to 17 entries.
    expect(r.tcp.synsLost).toBe(c.chaintoolong);
    expect(r.conntrack.maxEntries).toBeLessThanOrEqual(17);
    expect(r.conntrack.maxEntries).toBeGreaterThanOrEqual(5);
  });

  it('has no limit before 5.15, and a higher one from 6.3', () => {
    expect(run('5.14.21', 1, 60).conntrack.total).toMatchObject({ chaintoolong: 0, insert_failed: 0 });
    expect(run('5.14.21', 1, 60).conntrack.maxEntries).toBe(60);
    // 6.3+: [50, 79] per chain; 20 connections (≤ 40 nodes) always fit, 60 (120 nodes) never all do.
    expect(run('6.8.0-51-generic', 1, 20).conntrack.total.chaintoolong).toBe(0);
    const late = run('6.8.0-51-generic', 1, 60);
    expect(late.conntrack.total.chaintoolong).toBeGreaterThan(0);
    expect(late.conntrack.maxEntries).toBeGreaterThanOrEqual(26);
    expect(late.conntrack.maxEntries).toBeLessThanOrEqual(41);
  });

  it('spreads the same load over enough buckets without refusing anything', () => {
    expect(run('5.15.0-91-generic', 65_536, 60).conntrack.total.chaintoolong).toBe(0);
  });
});
