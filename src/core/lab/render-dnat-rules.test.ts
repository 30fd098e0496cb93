import { describe, expect, it } from 'vitest';
import { toIpv4 } from '../net/ipv4.js';
import type { LabDnatService } from './plan-lab-topology.js';
import { renderIptablesDnat, renderNftDnat } from './render-dnat-rules.js';

const ip = (a: number, b: number) => toIpv4(((198 << 24) | (19 << 16) | (a << 8) | b) >>> 0);
const service = (ports: number[]): LabDnatService => ({
  name: 'kube-dns',
  proto: 'udp',
  address: ip(2, 1),
  port: 53,
  backends: ports.map((p, i) => ({ ip: ip(3, i + 1), port: p })),
});

describe('DNAT to backends', () => {
  it('writes kube-proxy-style statistic rules, 1/(n−i) each, the last one unconditional', () => {
    expect(renderIptablesDnat(service([53, 53, 5353]))).toEqual([
      '-A PREROUTING -d 198.19.2.1/32 -p udp -m udp --dport 53 -m statistic --mode random --probability 0.33333333333 -j DNAT --to-destination 198.19.3.1:53',
      '-A PREROUTING -d 198.19.2.1/32 -p udp -m udp --dport 53 -m statistic --mode random --probability 0.50000000000 -j DNAT --to-destination 198.19.3.2:53',
      '-A PREROUTING -d 198.19.2.1/32 -p udp -m udp --dport 53 -j DNAT --to-destination 198.19.3.3:5353',
    ]);
  });

  it('writes one numgen map in nft, and none when the backends differ in port', () => {
    expect(renderNftDnat(service([53, 53]))).toBe(
      'ip daddr 198.19.2.1 udp dport 53 dnat to numgen random mod 2 map { 0 : 198.19.3.1, 1 : 198.19.3.2 }:53',
    );
    expect(renderNftDnat(service([53, 5353]))).toBeUndefined();
  });
});
