import { describe, expect, it } from 'vitest';
import { formatCidr } from '../../core/net/cidr.js';
import { natChainsFromListing } from './nat-chains-from-listing.js';
import { parseIptablesList } from './parse-iptables-list.js';
import { parseListingChainHeader } from './parse-listing-chain-header.js';
import { parseListingCount } from './parse-listing-count.js';
import { parseListingExtra } from './parse-listing-extra.js';

describe('parseListingChainHeader', () => {
  it.each([
    ['Chain POSTROUTING (policy ACCEPT)', { name: 'POSTROUTING', policy: 'ACCEPT' }],
    [
      'Chain POSTROUTING (policy DROP 12 packets, 3456 bytes)',
      { name: 'POSTROUTING', policy: 'DROP', counters: { packets: 12, bytes: 3456 } },
    ],
    [
      'Chain PREROUTING (policy ACCEPT 2911K packets, 175M bytes)',
      {
        name: 'PREROUTING',
        policy: 'ACCEPT',
        counters: { packets: 2911000, bytes: 175000000, approximate: true },
      },
    ],
    ['Chain DOCKER (2 references)', { name: 'DOCKER', references: 2 }],
    ['Chain X (ERROR obtaining refs)', { name: 'X' }],
    ['Chain X (policy ACCEPT x packets, 1 bytes)', 'malformed'],
    ['Chain X', 'malformed'],
    ['target prot opt', undefined],
  ])('%j', (text, expected) => {
    expect(parseListingChainHeader(text)).toEqual(expected);
  });
});

describe('parseListingCount', () => {
  it.each([
    ['0', { value: 0, approximate: false }],
    ['99999', { value: 99999, approximate: false }],
    ['1205K', { value: 1205000, approximate: true }],
    ['72M', { value: 72000000, approximate: true }],
    ['3G', { value: 3e9, approximate: true }],
    ['1.5K', undefined],
    ['-1', undefined],
  ])('%j', (text, expected) => {
    expect(parseListingCount(text)).toEqual(expected);
  });
});

describe('parseListingExtra', () => {
  it.each([
    [
      ' masq ports: 1024-65535 random random-fully',
      'MASQUERADE',
      { toPorts: '1024-65535', random: true, randomFully: true },
    ],
    [
      ' to:10.0.0.1:1024-65535 random persistent',
      'SNAT',
      { toSource: '10.0.0.1:1024-65535', random: true, persistent: true },
    ],
    [' /* random-fully */ random', 'MASQUERADE', { random: true, randomFully: false }],
  ])('decodes the NAT text of %j', (text, target, nat) => {
    expect(parseListingExtra(text, target).nat).toMatchObject(nat);
  });

  it('splits comments, match text and target text', () => {
    expect(parseListingExtra(' mark match ! 0x4000/0x4000 /* a */ /* b */ MARK xor 0x4000', 'MARK')).toEqual({
      comment: 'a b',
      goto: false,
      matchText: 'mark match ! 0x4000/0x4000',
      targetText: 'MARK xor 0x4000',
      nat: { random: false, randomFully: false, persistent: false },
    });
    expect(parseListingExtra('[goto] tcp dpt:80', 'KUBE-SVC-X')).toMatchObject({
      goto: true,
      matchText: 'tcp dpt:80',
    });
  });
});

describe('parseIptablesList', () => {
  const masq = (text: string) => {
    const { value, issues } = parseIptablesList(text);
    const rule = natChainsFromListing(value).chains[0]?.rules[0];
    return { issues, rule };
  };

  it.each([
    ['MASQUERADE  all  --  172.17.0.0/16        0.0.0.0/0           ', undefined],
    ['1    MASQUERADE  all  --  172.17.0.0/16        0.0.0.0/0', undefined],
    [
      '    0     0 MASQUERADE  0    --  *      !docker0  172.17.0.0/16        0.0.0.0/0',
      { packets: 0, bytes: 0 },
    ],
    [
      '3       12   720 MASQUERADE  0    --  *      !docker0  172.17.0.0/16        0.0.0.0/0',
      { packets: 12, bytes: 720 },
    ],
  ])('infers the columns of a lone rule line %j', (line, counters) => {
    const { issues, rule } = masq(line);
    expect(issues).toEqual([]);
    expect(rule?.source && formatCidr(rule.source.value)).toBe('172.17.0.0/16');
    expect(rule?.counters).toEqual(counters);
    expect(rule?.target.type).toBe('masquerade');
  });

  it('reads a rule without target as a counting rule', () => {
    const { issues, rule } = masq('           all  --  10.0.0.0/8           0.0.0.0/0');
    expect(issues).toEqual([]);
    expect(rule?.target).toEqual({ type: 'none' });
  });

  it('follows the column header line and its chain', () => {
    const { value, issues } = parseIptablesList(
      'Chain X (1 references)\nnum   pkts bytes target     prot opt in     out     source               destination\n1        0     0 RETURN     all  --  *      *       0.0.0.0/0            10.0.0.0/8\n',
    );
    expect(issues).toEqual([]);
    expect(value.chains[0]?.rules[0]).toMatchObject({
      num: 1,
      target: 'RETURN',
      counters: { packets: 0, bytes: 0 },
    });
  });

  it.each([
    ['MASQUERADE all 172.17.0.0/16 0.0.0.0/0', [['bad-rule-line', 1, 1]]],
    ['MASQUERADE  all  --  172.17.0.0/16', [['bad-rule-line', 1, 35]]],
    [
      '    x     0 MASQUERADE  all  --  *      *       0.0.0.0/0            0.0.0.0/0',
      [['bad-rule-line', 1, 1]],
    ],
    ['Chain X (nonsense)', [['bad-chain-header', 1, 1]]],
    ['MASQUERADE  all  --  10.0.0.300/8        0.0.0.0/0', [['bad-address', 1, 22]]],
    ['', [['empty-input', 1, 1]]],
  ])('reports %j', (text, expected) => {
    expect(parseIptablesList(text).issues.map((i) => [i.code, i.line, i.column])).toEqual(expected);
  });
});
