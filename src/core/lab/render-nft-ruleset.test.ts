import { describe, expect, it } from 'vitest';
import { parseRuleSpec } from '../../formats/iptables/parse-rule-spec.js';
import { toNatRule } from '../../formats/iptables/to-nat-rule.js';
import { natChainsFromNft } from '../../formats/nft/nat-chains-from-nft.js';
import { parseNftRuleset } from '../../formats/nft/parse-nft-ruleset.js';
import { parseCidr } from '../net/cidr.js';
import { natRulesForStrategy, STRATEGIES } from '../sim/strategy.js';
import { renderNftRule, renderNftRuleset } from './render-nft-ruleset.js';

const ruleOf = (line: string) => {
  const r = toNatRule(parseRuleSpec(line).value);
  expect(r.issues).toEqual([]);
  return r.value!;
};

describe('renderNftRule', () => {
  it.each([
    [
      '-A POSTROUTING -s 198.18.0.0/24 ! -o docker0 -j MASQUERADE',
      'ip saddr 198.18.0.0/24 oifname != "docker0" masquerade',
    ],
    [
      '-A POSTROUTING -s 198.18.0.0/22 ! -d 198.19.2.0/24 -j MASQUERADE --random --random-fully',
      'ip saddr 198.18.0.0/22 ip daddr != 198.19.2.0/24 masquerade random,fully-random',
    ],
    [
      '-A POSTROUTING -o veth+ -p tcp -j MASQUERADE --to-ports 1024-2047',
      'oifname "veth*" meta l4proto tcp masquerade to :1024-2047',
    ],
    [
      '-A POSTROUTING -s 198.18.0.0/24 -p udp -j SNAT --to-source 198.19.0.1-198.19.0.2:2000-3000 --random-fully --persistent',
      'ip saddr 198.18.0.0/24 meta l4proto udp snat ip to 198.19.0.1-198.19.0.2:2000-3000 fully-random,persistent',
    ],
    [
      '-A POSTROUTING -d 198.19.0.0/24 -m comment --comment "ipMasq" -j RETURN',
      'ip daddr 198.19.0.0/24 return comment "ipMasq"',
    ],
  ])('%s → %s', (line, nft) => {
    expect(renderNftRule(ruleOf(line))).toBe(nft);
  });

  it.each(STRATEGIES)('the %s strategy reads back as the same rules through the nft parser', (strategy) => {
    const rules = natRulesForStrategy(strategy, {
      bridgeName: 'cni0',
      podCidr: parseCidr('198.18.0.0/16')!,
      internalCidrs: [parseCidr('198.19.0.0/17')!],
    });
    const parsed = parseNftRuleset(renderNftRuleset(rules));
    expect(parsed.issues).toEqual([]);
    const nat = natChainsFromNft(parsed.value).find((t) => t.table === 'ip portclash_nat');
    const chain = nat?.chains.find((c) => c.name === 'postrouting');
    expect(chain?.hook).toBe('postrouting');
    expect(chain?.rules.map((r) => r.nat)).toEqual(rules);
  });
});

describe('renderNftRuleset', () => {
  it('has the nat chain, an optional prerouting chain and the conntrack switch', () => {
    expect(
      renderNftRuleset(
        [ruleOf('-A POSTROUTING -s 198.18.0.0/24 -j MASQUERADE --random-fully')],
        [
          'ip daddr 198.19.9.9 udp dport 53 dnat to numgen random mod 2 map { 0 : 198.19.1.1, 1 : 198.19.1.2 }',
        ],
      ),
    ).toMatchInlineSnapshot(`
      "table ip portclash_nat {
        chain prerouting {
          type nat hook prerouting priority dstnat; policy accept;
          ip daddr 198.19.9.9 udp dport 53 dnat to numgen random mod 2 map { 0 : 198.19.1.1, 1 : 198.19.1.2 }
        }
        chain postrouting {
          type nat hook postrouting priority srcnat; policy accept;
          ip saddr 198.18.0.0/24 masquerade fully-random
        }
      }
      table ip portclash_filter {
        chain forward {
          type filter hook forward priority filter; policy accept;
          ct state invalid comment "portclash lab: conntrack on"
        }
      }
      "
    `);
  });
});
