import { describe, expect, it } from 'vitest';
import { fixtureCases } from '../../../test/fixtures/fixture-files.js';
import { parseIpAddrJson } from './parse-ip-addr-json.js';

describe('parseIpAddrJson', () => {
  it('reads interfaces and their addresses', () => {
    const { value, issues } = parseIpAddrJson(fixtureCases('ip-addr-json')[0]?.text ?? '');
    expect(issues).toEqual([]);
    expect(
      value.map((i) => [
        i.name,
        i.index,
        i.mtu,
        i.operstate,
        i.addresses.map((a) => `${a.local}/${a.prefixlen}`),
      ]),
    ).toEqual([
      ['lo', 1, 65536, 'UNKNOWN', ['127.0.0.1/8', '::1/128']],
      ['eth0', 2, 9001, 'UP', ['192.168.0.174/19', 'fe80::1a:2bff:fe3c:4d5e/64']],
      ['eni3f2a1b4c5d6', 3, 9001, 'UP', ['fe80::7c1b:2cff:fe3d:4e5f/64']],
    ]);
  });

  it.each([
    ['{}', [['unexpected-json', 1, 1]]],
    ['[{"ifindex": 1}]', [['unexpected-json', 1, 2]]],
    ['[{"ifname": "lo"}, {"ifname": "eth', [['truncated-json', 1, 35]]],
  ])('reports %j', (text, expected) => {
    expect(parseIpAddrJson(text).issues.map((i) => [i.code, i.line, i.column])).toEqual(expected);
  });
});
