import { describe, expect, it } from 'vitest';
import type { NftStatement } from './nft-ruleset.js';
import { parseNftJson } from './parse-nft-json.js';

const doc = (...expr: unknown[]) =>
  JSON.stringify({
    nftables: [
      { metainfo: { version: '1.0.9', release_name: 'Old Doc Yak #3', json_schema_version: 1 } },
      { table: { family: 'ip', name: 'nat', handle: 1 } },
      {
        chain: {
          family: 'ip',
          table: 'nat',
          name: 'post',
          handle: 1,
          type: 'nat',
          hook: 'postrouting',
          prio: 100,
          policy: 'accept',
        },
      },
      { rule: { family: 'ip', table: 'nat', chain: 'post', handle: 2, expr } },
    ],
  });
const statements = (...expr: unknown[]) => {
  const { value, issues } = parseNftJson(doc(...expr));
  expect(issues).toEqual([]);
  return (value.tables[0]?.chains[0]?.rules[0]?.statements ?? []).map(
    ({ line: _l, column: _c, ...s }: NftStatement) => s,
  );
};

describe('parseNftJson', () => {
  it('reads tables, base chains and the nft version', () => {
    const { value } = parseNftJson(doc({ accept: null }));
    expect(value.nftVersion).toBe('1.0.9');
    expect(value.tables[0]).toMatchObject({
      family: 'ip',
      name: 'nat',
      handle: 1,
      chains: [{ name: 'post', base: { type: 'nat', hook: 'postrouting', priority: 100, policy: 'accept' } }],
    });
  });

  it.each([
    [null, { random: false, fullyRandom: false, persistent: false }],
    [{ flags: 'fully-random' }, { random: false, fullyRandom: true, persistent: false }],
    [
      { flags: ['random', 'fully-random', 'persistent'] },
      { random: true, fullyRandom: true, persistent: true },
    ],
  ])('reads masquerade %j', (masquerade, flags) => {
    expect(statements({ masquerade })).toEqual([{ kind: 'nat', type: 'masquerade', flags }]);
  });

  it('reads snat with an address range and a port range', () => {
    expect(
      statements({
        snat: { family: 'ip', addr: { range: ['10.0.0.1', '10.0.0.5'] }, port: { range: [1024, 65535] } },
      }),
    ).toEqual([
      {
        kind: 'nat',
        type: 'snat',
        family: 'ip',
        addr: '10.0.0.1-10.0.0.5',
        port: '1024-65535',
        flags: { random: false, fullyRandom: false, persistent: false },
      },
    ]);
  });

  it('writes matches the way nft list does', () => {
    expect(
      statements(
        {
          match: {
            op: '==',
            left: { payload: { protocol: 'ip', field: 'saddr' } },
            right: { prefix: { addr: '10.0.0.0', len: 8 } },
          },
        },
        { match: { op: '!=', left: { meta: { key: 'oifname' } }, right: 'cni0' } },
        {
          match: {
            op: 'in',
            left: { payload: { protocol: 'ip', field: 'daddr' } },
            right: { set: ['10.0.0.1', '10.0.0.2'] },
          },
        },
        { counter: { packets: 1, bytes: 60 } },
        { jump: { target: 'KUBE-X' } },
      ),
    ).toEqual([
      { kind: 'match', left: 'ip saddr', op: '==', right: '10.0.0.0/8' },
      { kind: 'match', left: 'oifname', op: '!=', right: 'cni0' },
      { kind: 'match', left: 'ip daddr', op: '==', right: '{ 10.0.0.1, 10.0.0.2 }' },
      { kind: 'counter', packets: 1, bytes: 60 },
      { kind: 'verdict', verdict: 'jump', chain: 'KUBE-X' },
    ]);
  });

  it('names {"xt": null} by its place: last is the target', () => {
    const { value } = parseNftJson(doc({ xt: null }, { counter: { packets: 0, bytes: 0 } }, { xt: null }));
    expect(
      value.tables[0]?.chains[0]?.rules[0]?.statements
        .filter((s) => s.kind === 'xt')
        .map((s) => s.kind === 'xt' && s.xtType),
    ).toEqual(['match', 'target']);
    expect(value.notices.map((n) => n.code)).toEqual(['xt-match', 'xt-target']);
    expect(value.tables[0]?.managedByIptablesNft).toBe(true);
  });

  it('reads a statement nft printed as text', () => {
    expect(statements('xt target "MASQUERADE"')).toEqual([
      { kind: 'xt', xtType: 'target', name: 'MASQUERADE' },
    ]);
  });

  it.each([
    ['{"tables": []}', [['unexpected-json', 1, 1]]],
    [doc({ masquerade: { flags: 'sideways' } }), [['bad-nat-statement', 1, 289]]],
    [
      '{"nftables": [{"rule": {"family": "ip", "table": "nat", "chain": "c"}}]}',
      [['unexpected-json', 1, 24]],
    ],
    [
      '{"nftables": [{"table": {"family": "ip", "name": "nat"}}, {"rule": {"expr": [{"masq',
      [['truncated-json', 1, 84]],
    ],
    ['', [['bad-json', 1, 1]]],
  ])('reports %j', (text, expected) => {
    expect(parseNftJson(text).issues.map((i) => [i.code, i.line, i.column])).toEqual(expected);
  });
});
