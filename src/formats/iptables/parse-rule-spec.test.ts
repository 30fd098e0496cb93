import { describe, expect, it } from 'vitest';
import { formatCidr } from '../../core/net/cidr.js';
import { formatIpv4 } from '../../core/net/ipv4.js';
import { parseRuleSpec } from './parse-rule-spec.js';
import type { RuleSpec } from './rule-spec.js';

/** The spec without tokens and columns, cidrs as text: what a reader of the rule would say it means. */
function summarize(spec: RuleSpec): unknown {
  const { tokens: _tokens, matches, modules, target, ...rest } = spec;
  return {
    ...rest,
    matches: matches.map(({ column: _c, ...m }) => ('cidr' in m ? { ...m, cidr: formatCidr(m.cidr) } : m)),
    modules: modules.map((m) => ({
      module: m.module,
      implicit: m.implicit,
      options: m.options.map((o) => [o.name, o.args, o.negated]),
    })),
    target: target && {
      ...target,
      column: undefined,
      options: target.options.map((o) => [o.name, o.args]),
      ...('toSource' in target &&
        target.toSource && {
          toSource: {
            ...target.toSource,
            minIp: formatIpv4(target.toSource.minIp),
            maxIp: formatIpv4(target.toSource.maxIp),
          },
        }),
    },
  };
}

describe('parseRuleSpec', () => {
  it('parses the kube masquerade rule', () => {
    const { value, issues } = parseRuleSpec(
      '-A POSTROUTING -s 10.244.0.0/16 ! -o cni0 -m comment --comment "kube: masq" -j MASQUERADE --random-fully',
    );
    expect(issues).toEqual([]);
    expect(summarize(value)).toEqual({
      chain: 'POSTROUTING',
      matches: [
        { type: 'source', cidr: '10.244.0.0/16', negated: false },
        { type: 'out-interface', name: 'cni0', negated: true },
      ],
      modules: [{ module: 'comment', implicit: false, options: [['comment', ['kube: masq'], false]] }],
      target: {
        type: 'masquerade',
        name: 'MASQUERADE',
        column: undefined,
        options: [['random-fully', []]],
        random: false,
        randomFully: true,
      },
    });
  });

  it.each([
    ['-s ! 10.0.0.0/8 -j RETURN', { type: 'source', cidr: '10.0.0.0/8', negated: true }],
    ['! --source 10.1.2.3 -j RETURN', { type: 'source', cidr: '10.1.2.3/32', negated: true }],
    ['--dst 10.0.0.0/255.255.0.0 -j RETURN', { type: 'destination', cidr: '10.0.0.0/16', negated: false }],
    ['-d 10.1.2.3/8 -j RETURN', { type: 'destination', cidr: '10.0.0.0/8', negated: false }],
    ['--out-interface ! docker0 -j RETURN', { type: 'out-interface', name: 'docker0', negated: true }],
    ['-o veth+ -j RETURN', { type: 'out-interface', name: 'veth+', negated: false }],
    ['-p TCP -j RETURN', { type: 'protocol', name: 'tcp', negated: false }],
    ['! -f -j RETURN', { type: 'fragment', negated: true }],
  ])('decodes the match in %j', (text, match) => {
    const { value, issues } = parseRuleSpec(text);
    expect(issues).toEqual([]);
    expect((summarize(value) as { matches: unknown[] }).matches).toEqual([match]);
  });

  it('decodes SNAT with every option', () => {
    const { value, issues } = parseRuleSpec(
      '-A POSTROUTING -p tcp -j SNAT --to-source 1.2.3.4-1.2.3.5:1024-2000 --random --random-fully --persistent',
    );
    expect(issues).toEqual([]);
    expect(summarize(value)).toMatchObject({
      target: {
        type: 'snat',
        toSource: { minIp: '1.2.3.4', maxIp: '1.2.3.5', ports: { min: 1024, max: 2000 } },
        random: true,
        randomFully: true,
        persistent: true,
      },
    });
  });

  it('decodes MASQUERADE --to-ports', () => {
    const { value, issues } = parseRuleSpec('-p udp -j MASQUERADE --to-ports 1024 --random');
    expect(issues).toEqual([]);
    expect(value.target).toMatchObject({
      type: 'masquerade',
      toPorts: { min: 1024, max: 1024 },
      random: true,
    });
  });

  it('keeps modules, other targets, counters, table and insert position', () => {
    const { value, issues } = parseRuleSpec(
      '[12:3456] -t nat -I KUBE-POSTROUTING 3 -m mark ! --mark 0x4000/0x4000 -m addrtype --dst-type ! LOCAL -m set --match-set KUBE-X src,dst -j MARK --xor-mark 0x4000',
    );
    expect(issues).toEqual([]);
    expect(summarize(value)).toEqual({
      counters: { packets: 12, bytes: 3456 },
      table: 'nat',
      chain: 'KUBE-POSTROUTING',
      insertPosition: 3,
      matches: [],
      modules: [
        { module: 'mark', implicit: false, options: [['mark', ['0x4000/0x4000'], true]] },
        { module: 'addrtype', implicit: false, options: [['dst-type', ['LOCAL'], true]] },
        { module: 'set', implicit: false, options: [['match-set', ['KUBE-X', 'src,dst'], false]] },
      ],
      target: {
        type: 'other',
        name: 'MARK',
        goto: false,
        column: undefined,
        options: [['xor-mark', ['0x4000']]],
      },
    });
  });

  it('loads the protocol module implicitly for --dport after -p tcp', () => {
    const { value, issues } = parseRuleSpec('-p tcp --dport 443 -j ACCEPT');
    expect(issues).toEqual([]);
    expect(value.modules).toMatchObject([
      { module: 'tcp', implicit: true, options: [{ name: 'dport', args: ['443'] }] },
    ]);
    expect(value.target?.type).toBe('accept');
  });

  it('treats lower-case target names and -g as user chains', () => {
    expect(parseRuleSpec('-j masquerade').value.target).toMatchObject({ type: 'other', name: 'masquerade' });
    expect(parseRuleSpec('-g KUBE-X').value.target).toMatchObject({ type: 'other', goto: true });
  });

  it('accepts a rule without a target (counting rule)', () => {
    const { value, issues } = parseRuleSpec('-A POSTROUTING -s 10.0.0.0/8');
    expect(issues).toEqual([]);
    expect(value.target).toBeUndefined();
  });

  it.each([
    ['-A POSTROUTING -s', [['missing-argument', 16]]],
    ['-s -j MASQUERADE', [['missing-argument', 1]]],
    ['-s 10.0.0.300 -j RETURN', [['bad-address', 4]]],
    ['-s example.com -j RETURN', [['bad-address', 4]]],
    ['-d 10.0.0.0/255.0.255.0 -j RETURN', [['bad-address', 4]]],
    ['-o averyveryverylongname -j RETURN', [['bad-interface', 4]]],
    ['-p 300 -j RETURN', [['bad-protocol', 4]]],
    ['-x -j RETURN', [['unknown-option', 1]]],
    ['--dport 80 -j RETURN', [['unknown-option', 1]]],
    ['POSTROUTING -j RETURN', [['unexpected-argument', 1]]],
    ['-s 1.2.3.4 -s 1.2.3.5 -j RETURN', [['duplicate-option', 12]]],
    ['-j RETURN -j ACCEPT', [['duplicate-option', 11]]],
    ['! -j RETURN', [['misplaced-negation', 1]]],
    ['! ! -s 1.2.3.4 -j RETURN', [['misplaced-negation', 3]]],
    ['-j RETURN !', [['misplaced-negation', 11]]],
    ['-j RETURN --random', [['unknown-option', 11]]],
    ['-p tcp -j MASQUERADE --to-ports 2000-1024', [['bad-port-range', 33]]],
    ['-p tcp -j MASQUERADE --to-ports 70000', [['bad-port-range', 33]]],
    ['-j MASQUERADE --to-ports 1024-2000', [['ports-need-protocol', 15]]],
    ['! -p tcp -j MASQUERADE --to-ports 1024-2000', [['ports-need-protocol', 24]]],
    ['-j MASQUERADE --to-ports', [['missing-argument', 15]]],
    ['-j MASQUERADE --random yes', [['unexpected-argument', 24]]],
    ['-j MASQUERADE --random --random', [['duplicate-option', 24]]],
    ['-j MASQUERADE --persistent', [['unknown-option', 15]]],
    ['-j SNAT --random', [['missing-option', 1]]],
    ['-j SNAT --to-source 1.2.3.9-1.2.3.4', [['bad-address', 21]]],
    ['-p udp -j SNAT --to-source 1.2.3.4:x', [['bad-port-range', 28]]],
    ['-j SNAT --to-source 1.2.3.4:1000-2000', [['ports-need-protocol', 9]]],
    ['-m comment --comment "open', [['unterminated-quote', 22]]],
    ['-s 1.2.3.4 !', [['misplaced-negation', 12]]],
  ])('reports issues for %j', (text, expected) => {
    const { issues } = parseRuleSpec(text);
    expect(issues.map((i) => [i.code, i.column])).toEqual(expected);
  });

  it('collects every issue instead of stopping at the first', () => {
    const { issues } = parseRuleSpec('-s bad -d worse -o -j SNAT');
    expect(issues.map((i) => i.code)).toEqual([
      'bad-address',
      'bad-address',
      'missing-argument',
      'missing-option',
    ]);
  });

  it('never throws on arbitrary input', () => {
    for (const text of ['', '!', '-', '--', '"', '\\', '-j', '-m', '[1:2]', '-c 1', '-I X -I Y', '-- -- --'])
      expect(() => parseRuleSpec(text)).not.toThrow();
  });
});
