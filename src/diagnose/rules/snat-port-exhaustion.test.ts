import { iptablesSave } from '../../../test/diagnose/captures.js';
import { runRuleTests } from '../../../test/diagnose/rule-tester.js';
import { type Ipv4, parseIpv4 } from '../../core/net/ipv4.js';
import type { ConntrackListEntry, TcpCtState } from '../../core/netfilter/conntrack-list-entry.js';
import { renderConntrackList } from '../../formats/conntrack/render-conntrack-list.js';
import { snatPortExhaustion } from './snat-port-exhaustion.js';

const ip = (s: string) => parseIpv4(s) as Ipv4;

/** `count` connections from pods through SNAT address `nat` to `dst:443`, host ports from `first` up. */
function dump(
  count: number,
  opts: { dst?: string; nat?: string; first?: number; timeWait?: number } = {},
): string {
  const { dst = '93.184.216.34', nat = '192.0.2.1', first = 1024, timeWait = 0 } = opts;
  const entries: ConntrackListEntry[] = Array.from({ length: count }, (_, i) => ({
    proto: 'tcp',
    timeoutS: 100,
    tcpState: (i < timeWait ? 'TIME_WAIT' : 'ESTABLISHED') satisfies TcpCtState,
    orig: { src: ip(`10.244.${1 + (i >> 8)}.${i & 255}`), dst: ip(dst), sport: 40000, dport: 443 },
    reply: { src: ip(dst), dst: ip(nat), sport: 443, dport: first + i },
    seenReply: true,
    assured: true,
  }));
  const out = renderConntrackList(entries);
  return out.stdout + out.stderr;
}

const TO_PORTS = iptablesSave('legacy', [
  '-A POSTROUTING -s 10.244.0.0/16 -j MASQUERADE --to-ports 61000-61099 --random-fully',
]);

runRuleTests(snatPortExhaustion, {
  valid: [
    { name: 'no conntrack dump', captures: { 'iptables-save.txt': TO_PORTS } },
    { name: 'a few hundred ports of the default 64512', captures: { 'conntrack-L.txt': dump(300) } },
    {
      name: '59 of 100 --to-ports ports: below the 60 % mark',
      captures: { 'iptables-save.txt': TO_PORTS, 'conntrack-L.txt': dump(59, { first: 61000 }) },
    },
    {
      name: 'many entries, but spread over destinations',
      captures: {
        'iptables-save.txt': TO_PORTS,
        'conntrack-L.txt': dump(50, { first: 61000 }) + dump(50, { first: 61000, dst: '93.184.216.35' }),
      },
    },
  ],
  invalid: [
    {
      name: '95 of 100 --to-ports ports towards one destination, mostly TIME_WAIT',
      captures: {
        'iptables-save.txt': TO_PORTS,
        'conntrack-L.txt': dump(95, { first: 61000, timeWait: 80 }),
      },
      findings: [
        {
          messageId: 'exhausted',
          severity: 'high',
          at: 'conntrack-L.txt:1',
          changes: ['check', 'sysctl', 'check'],
        },
      ],
    },
    {
      name: '70 of 100 to an internal destination: do not SNAT it',
      vpcCidrs: ['10.0.0.0/16'],
      captures: {
        'iptables-save.txt': TO_PORTS,
        'conntrack-L.txt': dump(70, { first: 61000, dst: '10.0.3.9' }),
      },
      findings: [{ messageId: 'exhausted', severity: 'medium', changes: ['check', 'check', 'check'] }],
    },
    {
      name: 'the default range: 40 000 host ports to one destination',
      captures: { 'conntrack-L.txt': dump(40_000) },
      findings: [{ messageId: 'exhausted', severity: 'medium', at: 'conntrack-L.txt:1' }],
    },
  ],
});
