import { describe, expect, it } from 'vitest';
import type { NftStatement } from './nft-ruleset.js';
import { parseNftRuleset } from './parse-nft-ruleset.js';

/** The statements of the only rule of a one-chain ruleset, without positions. */
function statements(rule: string): unknown[] {
  const { value, issues } = parseNftRuleset(`table ip nat {\n\tchain c {\n\t\t${rule}\n\t}\n}\n`);
  expect(issues).toEqual([]);
  return (value.tables[0]?.chains[0]?.rules[0]?.statements ?? []).map(
    ({ line: _l, column: _c, ...s }: NftStatement) => s,
  );
}
const flags = (random: boolean, fullyRandom: boolean, persistent: boolean) => ({
  random,
  fullyRandom,
  persistent,
});

describe('parseNftRuleset', () => {
  it.each([
    ['masquerade', { type: 'masquerade', flags: flags(false, false, false) }],
    ['masquerade random,fully-random', { type: 'masquerade', flags: flags(true, true, false) }],
    ['masquerade random-fully', { type: 'masquerade', flags: flags(false, true, false) }],
    [
      'masquerade to :1024-65535 fully-random',
      { type: 'masquerade', port: '1024-65535', flags: flags(false, true, false) },
    ],
    [
      'snat ip to 10.0.0.1:1024-65535 fully-random,persistent',
      { type: 'snat', family: 'ip', addr: '10.0.0.1', port: '1024-65535', flags: flags(false, true, true) },
    ],
    [
      'snat to 10.0.0.1-10.0.0.5',
      { type: 'snat', addr: '10.0.0.1-10.0.0.5', flags: flags(false, false, false) },
    ],
    ['snat 10.0.0.1', { type: 'snat', addr: '10.0.0.1', flags: flags(false, false, false) }],
    [
      'snat ip6 to [2001:db8::1]:80',
      { type: 'snat', family: 'ip6', addr: '2001:db8::1', port: '80', flags: flags(false, false, false) },
    ],
  ])('reads %j', (rule, nat) => {
    expect(statements(rule)).toEqual([{ kind: 'nat', ...nat }]);
  });

  it('reads matches, counters, comments and verdicts', () => {
    expect(
      statements(
        'ip saddr 10.244.0.0/16 oifname != "cni0" meta l4proto tcp counter packets 5 bytes 300 comment "x y" jump KUBE-X',
      ),
    ).toEqual([
      { kind: 'match', left: 'ip saddr', op: '==', right: '10.244.0.0/16' },
      { kind: 'match', left: 'oifname', op: '!=', right: 'cni0' },
      { kind: 'match', left: 'meta l4proto', op: '==', right: 'tcp' },
      { kind: 'counter', packets: 5, bytes: 300 },
      { kind: 'comment', text: 'x y' },
      { kind: 'verdict', verdict: 'jump', chain: 'KUBE-X' },
    ]);
  });

  it('keeps what it does not decode as text, apart from actions', () => {
    expect(
      statements(
        'meta mark & 0x00004000 != 0x00000000 meta mark set meta mark ^ 0x00004000 masquerade fully-random',
      ),
    ).toEqual([
      { kind: 'other', text: 'meta mark & 0x00004000 != 0x00000000', action: false },
      { kind: 'other', text: 'meta mark set meta mark ^ 0x00004000', action: true },
      { kind: 'nat', type: 'masquerade', flags: flags(false, true, false) },
    ]);
    expect(statements('ip daddr { 10.0.0.0/8, 192.168.0.0/16 } return')).toEqual([
      { kind: 'match', left: 'ip daddr', op: '==', right: '{ 10.0.0.0/8, 192.168.0.0/16 }' },
      { kind: 'verdict', verdict: 'return' },
    ]);
  });

  it('reads iptables-nft compat statements in every form nft printed them', () => {
    expect(statements('counter packets 0 bytes 0 xt target "MASQUERADE"').at(-1)).toEqual({
      kind: 'xt',
      xtType: 'target',
      name: 'MASQUERADE',
    });
    expect(statements('xt target MASQUERADE').at(-1)).toMatchObject({ kind: 'xt', name: 'MASQUERADE' });
    expect(statements('counter packets 0 bytes 0 # xt_MASQUERADE').at(-1)).toMatchObject({
      kind: 'xt',
      xtType: 'target',
    });
  });

  it('joins a rule nft split with its stderr warning, and says so', () => {
    const { value, issues } = parseNftRuleset(
      'table ip nat {\n\tchain c {\n\t\tcounter packets 0 bytes 0 # Warning: XT target MASQUERADE not found\nxt target "MASQUERADE"\n\t}\n}\n',
    );
    expect(issues).toEqual([]);
    expect(value.tables[0]?.chains[0]?.rules).toHaveLength(1);
    expect(value.notices.map((n) => [n.code, n.line, n.column])).toEqual([
      ['xt-not-found', 3, 29],
      ['xt-target', 4, 1],
    ]);
    expect(value.tables[0]?.managedByIptablesNft).toBe(true);
  });

  it.each([
    ['type nat hook postrouting priority srcnat; policy accept;', 100, 'accept'],
    ['type nat hook postrouting priority 100; policy drop;', 100, 'drop'],
    ['type nat hook prerouting priority dstnat - 5; policy accept;', -105, 'accept'],
    ['type filter hook forward priority filter + 10;', 10, undefined],
  ])('reads the base chain line %j', (line, priority, policy) => {
    const { value, issues } = parseNftRuleset(`table ip t {\n\tchain c {\n\t\t${line}\n\t}\n}\n`);
    expect(issues).toEqual([]);
    const base = value.tables[0]?.chains[0]?.base;
    expect(base?.priority).toBe(priority);
    expect(base?.policy).toBe(policy);
  });

  it('skips sets and maps, and reads handles', () => {
    const { value, issues } = parseNftRuleset(
      'table inet t { # handle 7\n\tset s {\n\t\ttype ipv4_addr\n\t\telements = { 10.0.0.1,\n\t\t\t10.0.0.2 }\n\t}\n\tchain c { # handle 2\n\t\tmasquerade # handle 9\n\t}\n}\n',
    );
    expect(issues).toEqual([]);
    expect(value.tables[0]).toMatchObject({
      family: 'inet',
      name: 't',
      handle: 7,
      chains: [{ name: 'c', handle: 2 }],
    });
    expect(value.tables[0]?.chains[0]?.rules[0]?.handle).toBe(9);
  });

  it.each([
    [
      'table ip nat {\n\tchain c {\n\t\tmasquerade\n',
      [
        ['unclosed-block', 3, 13],
        ['unclosed-block', 3, 13],
      ],
    ],
    ['}\n', [['unexpected-close', 1, 1]]],
    ['hello world\n', [['unexpected-line', 1, 1]]],
    ['table ip nat {\n\twhat is this\n}\n', [['unexpected-line', 2, 2]]],
    ['table ip nat {\n\tchain c {\n\t\ttype nat hook\n\t}\n}\n', [['bad-base-chain', 3, 3]]],
    ['table ip nat {\n\tchain c {\n\t\tsnat to\n\t}\n}\n', [['bad-nat-statement', 3, 3]]],
    ['table ip nat {\n\tchain c {\n\t\tcomment "open\n\t}\n}\n', [['unterminated-string', 3, 11]]],
    ['', [['empty-input', 1, 1]]],
  ])('reports %j', (text, expected) => {
    expect(parseNftRuleset(text).issues.map((i) => [i.code, i.line, i.column])).toEqual(expected);
  });
});
