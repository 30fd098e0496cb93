import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../core/net/cidr.js';
import { parseIpv4 } from '../../core/net/ipv4.js';
import type { Host } from '../../core/scenario/scenario.js';
import { NAT_STRATEGIES, natRulesForStrategy } from './nat-rules-for-strategy.js';

const subnet = parseCidr('10.244.1.0/24')!;
const host: Host = {
  addresses: [parseIpv4('10.0.0.10')!],
  outInterface: 'eth0',
  bridge: { name: 'cni0', subnet },
};
const internal = [parseCidr('10.0.0.0/8')!, parseCidr('172.16.0.0/12')!];

describe('natRulesForStrategy', () => {
  it.each([
    ['masquerade', { random: false, randomFully: false }],
    ['random', { random: true, randomFully: false }],
    ['random-fully', { random: false, randomFully: true }],
  ] as const)(
    '%s: pod-to-pod RETURN, then MASQUERADE of the bridge subnet not going out the bridge',
    (strategy, flags) => {
      const rules = natRulesForStrategy(strategy, host, internal);
      expect(rules).toHaveLength(2);
      expect(rules[0]).toMatchObject({
        source: { value: subnet, negated: false },
        destination: { value: subnet, negated: false },
        target: { type: 'return' },
      });
      expect(rules[1]).toEqual({
        source: { value: subnet, negated: false },
        outInterface: { value: 'cni0', negated: true },
        target: { type: 'masquerade', flags: { ...flags, persistent: false } },
      });
    },
  );

  it('no-snat-internal: a RETURN per internal CIDR, then the MASQUERADE', () => {
    const rules = natRulesForStrategy('no-snat-internal', host, internal);
    expect(rules.map((r) => [r.target.type, r.destination?.value])).toEqual([
      ['return', subnet],
      ['return', internal[0]],
      ['return', internal[1]],
      ['masquerade', undefined],
    ]);
    expect(rules[3]).toMatchObject({
      source: { value: subnet },
      outInterface: { value: 'cni0', negated: true },
    });
  });

  it('none: no rules', () => {
    expect(natRulesForStrategy('none', host, internal)).toEqual([]);
  });

  it('knows every strategy it lists', () => {
    for (const s of NAT_STRATEGIES) expect(() => natRulesForStrategy(s, host, [])).not.toThrow();
  });
});
