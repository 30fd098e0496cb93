import { describe, expect, it } from 'vitest';
import { parseRuleSpec } from '../../formats/iptables/parse-rule-spec.js';
import { toNatRule } from '../../formats/iptables/to-nat-rule.js';
import { parseCidr } from '../net/cidr.js';
import { natRulesForStrategy, STRATEGIES } from '../sim/strategy.js';
import { renderIptablesRestore, renderIptablesRule, withPortableComment } from './render-iptables-restore.js';

const lines = [
  '-A POSTROUTING -s 198.18.0.0/24 ! -o docker0 -j MASQUERADE',
  '-A POSTROUTING -s 198.18.0.0/22 ! -d 198.19.2.0/24 -j MASQUERADE --random-fully',
  '-A POSTROUTING ! -s 198.18.0.0/22 -d 198.18.1.0/24 -p tcp -m comment --comment "bridge plugin ipMasq" -j RETURN',
  '-A POSTROUTING -o eth0 -p tcp -j MASQUERADE --to-ports 1024-2047 --random',
  '-A POSTROUTING -s 198.18.0.0/24 -p udp -j SNAT --to-source 198.19.0.1-198.19.0.2:2000-3000 --random-fully --persistent',
  '-A POSTROUTING -d 198.19.0.0/24 -j ACCEPT',
];

const ruleOf = (line: string) => {
  const spec = parseRuleSpec(line);
  expect(spec.issues).toEqual([]);
  const r = toNatRule(spec.value);
  expect(r.issues).toEqual([]);
  return r.value!;
};

describe('renderIptablesRule', () => {
  it.each(lines)('writes %s back exactly as iptables-save does', (line) => {
    expect(renderIptablesRule(ruleOf(line))).toBe(line);
  });

  it.each(STRATEGIES)('round-trips the %s strategy through the rule-spec parser', (strategy) => {
    const rules = natRulesForStrategy(strategy, {
      bridgeName: 'cni0',
      podCidr: parseCidr('198.18.0.0/16')!,
      internalCidrs: [parseCidr('198.19.0.0/17')!],
    });
    for (const rule of rules) expect(ruleOf(renderIptablesRule(rule))).toEqual(rule);
  });

  it('drops a comment iptables-save would not print back unchanged', () => {
    const rule = { ...ruleOf(lines[0]!), comment: 'say "hi"' };
    expect(withPortableComment(rule).comment).toBeUndefined();
    expect(withPortableComment({ ...rule, comment: 'cni: masq' }).comment).toBe('cni: masq');
  });
});

describe('renderIptablesRestore', () => {
  it('appends to nat POSTROUTING and switches conntrack on with a target-less match', () => {
    expect(renderIptablesRestore([ruleOf(lines[0]!)])).toMatchInlineSnapshot(`
      "*nat
      :POSTROUTING ACCEPT [0:0]
      -A POSTROUTING -s 198.18.0.0/24 ! -o docker0 -j MASQUERADE
      COMMIT
      *filter
      :FORWARD ACCEPT [0:0]
      -A FORWARD -m conntrack --ctstate INVALID -m comment --comment "portclash lab: conntrack on"
      COMMIT
      "
    `);
  });
});
