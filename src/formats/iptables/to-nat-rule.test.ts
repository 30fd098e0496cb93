import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../core/net/cidr.js';
import { parseIpv4 } from '../../core/net/ipv4.js';
import type { NatRule } from '../../core/netfilter/nat-rule.js';
import { parseRuleSpec } from './parse-rule-spec.js';
import { toNatRule } from './to-nat-rule.js';

const cidr = (text: string) => parseCidr(text)!;
const ip = (text: string) => parseIpv4(text)!;

function convert(text: string) {
  const parsed = parseRuleSpec(text);
  expect(parsed.issues).toEqual([]);
  return toNatRule(parsed.value);
}

describe('toNatRule', () => {
  it.each<[string, NatRule]>([
    [
      '-A POSTROUTING -s 10.244.0.0/16 ! -o cni0 -m comment --comment "kube: masq" -j MASQUERADE --random-fully',
      {
        source: { value: cidr('10.244.0.0/16'), negated: false },
        outInterface: { value: 'cni0', negated: true },
        target: { type: 'masquerade', flags: { random: false, randomFully: true, persistent: false } },
        comment: 'kube: masq',
      },
    ],
    [
      '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE',
      {
        source: { value: cidr('172.17.0.0/16'), negated: false },
        outInterface: { value: 'docker0', negated: true },
        target: { type: 'masquerade', flags: { random: false, randomFully: false, persistent: false } },
      },
    ],
    [
      '-t nat -I POSTROUTING -p udp ! -d 10.0.0.0/8 -j SNAT --to-source 1.2.3.4:1024-2000 --persistent',
      {
        destination: { value: cidr('10.0.0.0/8'), negated: true },
        proto: 'udp',
        target: {
          type: 'snat',
          toSource: { minIp: ip('1.2.3.4'), maxIp: ip('1.2.3.4'), ports: { min: 1024, max: 2000 } },
          flags: { random: false, randomFully: false, persistent: true },
        },
      },
    ],
    [
      '-d 10.0.0.0/8 -p all -j RETURN',
      { destination: { value: cidr('10.0.0.0/8'), negated: false }, target: { type: 'return' } },
    ],
    ['-p 6 -j ACCEPT', { proto: 'tcp', target: { type: 'accept' } }],
  ])('converts %j', (text, expected) => {
    const result = convert(text);
    expect(result.issues).toEqual([]);
    expect(result.value).toEqual(expected);
  });

  it('leaves modules other than comment out and says so', () => {
    const result = convert(
      '-A POSTROUTING -m addrtype ! --dst-type LOCAL -m comment --comment a -j MASQUERADE',
    );
    expect(result.value?.comment).toBe('a');
    expect(result.ignored.map((m) => m.module)).toEqual(['addrtype']);
  });

  it.each([
    ['-A KUBE-POSTROUTING -j MASQUERADE', [['wrong-chain', 1]]],
    ['-t filter -A POSTROUTING -j ACCEPT', [['wrong-table', 1]]],
    ['-A POSTROUTING -s 10.0.0.0/8', [['missing-target', 1]]],
    ['-A POSTROUTING -j KUBE-POSTROUTING', [['unsupported-target', 16]]],
    ['-A POSTROUTING -j DNAT --to-destination 1.2.3.4', [['unsupported-target', 16]]],
    ['-A POSTROUTING -i eth0 -j MASQUERADE', [['unsupported-match', 16]]],
    ['-A POSTROUTING -p icmp -j MASQUERADE', [['unsupported-match', 16]]],
    ['-A POSTROUTING ! -p tcp -j MASQUERADE', [['unsupported-match', 18]]],
    ['-A POSTROUTING -f -j MASQUERADE', [['unsupported-match', 16]]],
  ])('reports %j', (text, expected) => {
    const result = convert(text);
    expect(result.value).toBeUndefined();
    expect(result.issues.map((i) => [i.code, i.column])).toEqual(expected);
  });

  it('refuses SNAT without a usable --to-source', () => {
    const parsed = parseRuleSpec('-j SNAT');
    expect(toNatRule(parsed.value).issues.map((i) => i.code)).toEqual(['missing-option']);
  });
});
