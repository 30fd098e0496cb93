import { describe, expect, it } from 'vitest';
import { type Ipv4, parseIpv4 } from '../../core/net/ipv4.js';
import type { ConntrackListEntry } from '../../core/netfilter/conntrack-list-entry.js';
import { createSnatPortTally } from './tally-snat-ports.js';

const ip = (s: string) => parseIpv4(s) as Ipv4;
const flow = (
  pod: string,
  sport: number,
  hostPort: number,
  dst = '93.184.216.34',
  state: ConntrackListEntry['tcpState'] = 'ESTABLISHED',
): ConntrackListEntry => ({
  proto: 'tcp',
  timeoutS: 100,
  tcpState: state,
  orig: { src: ip(pod), dst: ip(dst), sport, dport: 443 },
  reply: { src: ip(dst), dst: ip('192.0.2.1'), sport: 443, dport: hostPort },
  seenReply: true,
  assured: true,
});

describe('createSnatPortTally', () => {
  it('counts distinct host ports per SNAT address and destination, TIME_WAIT included', () => {
    const tally = createSnatPortTally();
    const flows = [
      flow('10.244.1.5', 40000, 40000),
      flow('10.244.1.6', 40000, 1025),
      flow('10.244.1.6', 40001, 1025, '93.184.216.35'),
      flow('10.244.1.7', 50000, 50000, '93.184.216.34', 'TIME_WAIT'),
      flow('10.244.1.7', 700, 700),
    ];
    for (const [i, e] of flows.entries()) tally.add(e, i + 1);
    // Not SNAT'ed: the reply goes back to the pod itself.
    tally.add(
      {
        ...flow('10.244.1.8', 3000, 3000),
        reply: { src: ip('93.184.216.34'), dst: ip('10.244.1.8'), sport: 443, dport: 3000 },
      },
      6,
    );
    const use = tally.result();
    expect(use).toMatchObject({ entries: 6, snatEntries: 5, portsMoved: 2, timeWait: 1, destinations: 2 });
    expect(use.top[0]).toMatchObject({
      ports: 3,
      lowPorts: 1,
      entries: 4,
      timeWait: 1,
      minPort: 700,
      maxPort: 50000,
      line: 1,
      dport: 443,
    });
  });
});
