import { describe, expect, it } from 'vitest';
import { fixtureCases } from '../../../test/fixtures/fixture-files.js';
import { parseResolvConf } from './parse-resolv-conf.js';

const fixture = (name: string) => fixtureCases('resolv-conf').find((f) => f.name === name)?.text ?? '';

describe('parseResolvConf', () => {
  it('reads a pod resolv.conf', () => {
    const { value, issues } = parseResolvConf(fixture('kubernetes-pod.conf'));
    expect(issues).toEqual([]);
    expect(value).toEqual({
      nameservers: [{ address: '10.96.0.10', line: 2 }],
      search: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'ec2.internal'],
      options: {
        ndots: 5,
        singleRequest: false,
        singleRequestReopen: false,
        useVc: false,
        rotate: false,
        flags: [],
      },
    });
  });

  it('reads the options that serialise A and AAAA', () => {
    const { value, issues } = parseResolvConf(fixture('single-request-reopen.conf'));
    expect(issues).toEqual([]);
    expect(value.options).toEqual({
      timeout: 2,
      attempts: 3,
      singleRequest: false,
      singleRequestReopen: true,
      useVc: false,
      rotate: true,
      flags: [],
    });
    expect(value.nameservers.map((n) => n.address)).toEqual(['192.168.1.1', '192.168.1.2']);
  });

  it('keeps the last search or domain line, as glibc does', () => {
    expect(parseResolvConf('search a b\ndomain c\n').value.search).toEqual(['c']);
  });

  it.each([
    ['nameserver\n', [['missing-argument', 1, 1]]],
    [
      'options single-request-reopn ndots:x edns0\n',
      [
        ['bad-option', 1, 9],
        ['bad-option', 1, 30],
      ],
    ],
    ['resolver 1.1.1.1\n', [['unknown-keyword', 1, 1]]],
    ['# only a comment\n', [['empty-input', 1, 1]]],
  ])('reports %j', (text, expected) => {
    expect(parseResolvConf(text).issues.map((i) => [i.code, i.line, i.column])).toEqual(expected);
  });
});
