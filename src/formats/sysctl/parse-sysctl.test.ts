import { describe, expect, it } from 'vitest';
import { fixtureCases } from '../../../test/fixtures/fixture-files.js';
import { parseSysctl } from './parse-sysctl.js';

const fixture = (name: string) => fixtureCases('sysctl').find((f) => f.name === name)?.text ?? '';

describe('parseSysctl', () => {
  it('reads sysctl -a lines, tab-separated values included', () => {
    const { value, issues } = parseSysctl(fixture('netfilter.txt'));
    expect(issues).toEqual([]);
    expect(value.values.get('net.netfilter.nf_conntrack_max')).toEqual({ value: '262144', line: 3 });
    expect(value.values.get('net.ipv4.ip_local_port_range')?.value).toBe('32768\t60999');
    expect(value.values.size).toBe(8);
  });

  it('records keys sysctl could not read', () => {
    const { value, issues } = parseSysctl(fixture('missing-keys.txt'));
    expect(issues).toEqual([]);
    expect(value.missing).toEqual([
      { key: 'net.netfilter.nf_conntrack_buckets', line: 2, reason: 'No such file or directory' },
    ]);
  });

  it.each([
    ['just words\n', [['bad-line', 1, 1]]],
    ['a.b = 1\na.b = 2\n', [['duplicate-key', 2, 1]]],
    ['\n', [['empty-input', 1, 1]]],
  ])('reports %j', (text, expected) => {
    expect(parseSysctl(text).issues.map((i) => [i.code, i.line, i.column])).toEqual(expected);
  });

  it('reads net/netfilter/... keys as net.netfilter....', () => {
    expect(
      parseSysctl('net/netfilter/nf_conntrack_max = 1\n').value.values.has('net.netfilter.nf_conntrack_max'),
    ).toBe(true);
  });
});
