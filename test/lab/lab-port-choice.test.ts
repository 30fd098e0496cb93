import { describe, expect, it } from 'vitest';
import { RULE_BACKENDS } from '../../src/core/lab/rule-backend.js';
import { natRulesForStrategy } from '../../src/formats/scenario/nat-rules-for-strategy.js';
import { announceSkip, lab, labSkipReason, requestFor, scenarioOf, summarize } from './lab-test-support.js';

const skip = labSkipReason();
announceSkip('test/lab/lab-port-choice.test.ts', skip);

// One container, so no two connections can want the same host port: whatever moves a port is the rule.
const scenario = scenarioOf(`
name: one-container
kernel: 6.8.0
host: { addresses: [192.168.1.20], bridge: { name: docker0, subnet: 172.17.0.0/16 } }
nat: [ -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE ]
destinations: [ { name: server, address: 203.0.113.10, port: 8080 } ]
containers: [ { name: app, address: 172.17.0.2, portRange: [40000, 40999] } ]
workloads: [ { type: periodic, destination: server, count: 20, intervalMs: 10 } ]
`);

// How each backend spells the flag in what it reads back.
const FLAG_TEXT = {
  'iptables-nft': { random: '--random', 'random-fully': '--random-fully' },
  'iptables-legacy': { random: '--random', 'random-fully': '--random-fully' },
  nft: { random: 'masquerade random', 'random-fully': 'fully-random' },
} as const;

describe.skipIf(skip !== undefined).each(RULE_BACKENDS)(
  'the real kernel, %s rules: which host port SNAT picks',
  (ruleBackend) => {
    it('keeps the container source port when it is free, under plain MASQUERADE', async () => {
      const { measurement } = await lab.run(requestFor(scenario, { ruleBackend }));
      const s = summarize(measurement);
      expect(s.tcp.completed).toBe(20);
      expect(s.nat.snatted).toBe(20);
      expect(s.nat.keptPort).toBe(20);
      expect(s.conntrack.total.insert_failed).toBe(0);
      for (const e of measurement.conntrackList) expect(e.reply.dport).toBe(e.orig.sport);
    });

    it.each(['random-fully', 'random'] as const)(
      'does not keep it under --%s; the ports fall in 1024–65535',
      async (strategy) => {
        const nat = natRulesForStrategy(strategy, scenario.host, scenario.internalCidrs);
        const { measurement } = await lab.run(requestFor({ ...scenario, nat }, { ruleBackend }));
        expect(measurement.rulesReadBack.join('\n')).toContain(FLAG_TEXT[ruleBackend][strategy]);
        const s = summarize(measurement);
        expect(s.tcp.completed).toBe(20);
        expect(s.nat.snatted).toBe(20);
        // A uniform pick lands on the original port with p = 1/64512 per connection: ≥ 2 of 20 is < 1e-7.
        expect(s.nat.keptPort).toBeLessThanOrEqual(1);
        expect(s.nat.portMin).toBeGreaterThanOrEqual(1024);
        expect(s.nat.portMax).toBeLessThanOrEqual(65535);
        // All 20 inside the container's 1000 ports by chance: (1000/64512)^20.
        const outside = measurement.conntrackList.filter(
          (e) => e.reply.dport < 40000 || e.reply.dport > 40999,
        );
        expect(outside.length).toBeGreaterThan(0);
      },
    );
  },
);
