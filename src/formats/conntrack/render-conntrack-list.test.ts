import { describe, expect, it } from 'vitest';
import { type Ipv4, parseIpv4 } from '../../core/net/ipv4.js';
import type { ConntrackListEntry } from '../../core/netfilter/conntrack-list-entry.js';
import { renderConntrackList, renderConntrackListLine } from './render-conntrack-list.js';

const ip = (text: string): Ipv4 => {
  const v = parseIpv4(text);
  if (v === undefined) throw new Error(text);
  return v;
};
const tuple = (src: string, dst: string, sport: number, dport: number) => ({
  src: ip(src),
  dst: ip(dst),
  sport,
  dport,
});

const synSent: ConntrackListEntry = {
  proto: 'tcp',
  timeoutS: 117,
  tcpState: 'SYN_SENT',
  orig: tuple('172.17.0.3', '93.184.216.34', 40000, 80),
  reply: tuple('93.184.216.34', '10.0.0.1', 80, 61234),
  seenReply: false,
  assured: false,
};
const established: ConntrackListEntry = {
  proto: 'tcp',
  timeoutS: 431999,
  tcpState: 'ESTABLISHED',
  orig: tuple('172.17.0.2', '93.184.216.34', 40000, 80),
  reply: tuple('93.184.216.34', '10.0.0.1', 80, 40000),
  seenReply: true,
  assured: true,
};
const dns: ConntrackListEntry = {
  proto: 'udp',
  timeoutS: 29.7,
  orig: tuple('172.17.0.2', '8.8.8.8', 45871, 53),
  reply: tuple('8.8.8.8', '10.0.0.1', 53, 45871),
  seenReply: false,
  assured: false,
};

describe('renderConntrackListLine', () => {
  it.each([
    [
      synSent,
      'tcp      6 117 SYN_SENT src=172.17.0.3 dst=93.184.216.34 sport=40000 dport=80 [UNREPLIED] src=93.184.216.34 dst=10.0.0.1 sport=80 dport=61234 mark=0 use=1',
    ],
    [
      established,
      'tcp      6 431999 ESTABLISHED src=172.17.0.2 dst=93.184.216.34 sport=40000 dport=80 src=93.184.216.34 dst=10.0.0.1 sport=80 dport=40000 [ASSURED] mark=0 use=1',
    ],
    [
      dns,
      'udp      17 29 src=172.17.0.2 dst=8.8.8.8 sport=45871 dport=53 [UNREPLIED] src=8.8.8.8 dst=10.0.0.1 sport=53 dport=45871 mark=0 use=1',
    ],
  ])('matches the kernel-nat.md §3.3 example %#', (entry, line) => {
    expect(renderConntrackListLine(entry)).toBe(line);
  });

  it('lists a TCP entry without a state as NONE', () => {
    const { tcpState: _, ...noState } = synSent;
    expect(renderConntrackListLine(noState)).toContain(' 117 NONE src=');
  });
});

describe('renderConntrackList', () => {
  it('prints the lines on stdout and the summary on stderr', () => {
    expect(renderConntrackList([synSent, established, dns])).toMatchInlineSnapshot(`
      {
        "stderr": "conntrack v1.4.7 (conntrack-tools): 3 flow entries have been shown.
      ",
        "stdout": "tcp      6 117 SYN_SENT src=172.17.0.3 dst=93.184.216.34 sport=40000 dport=80 [UNREPLIED] src=93.184.216.34 dst=10.0.0.1 sport=80 dport=61234 mark=0 use=1
      tcp      6 431999 ESTABLISHED src=172.17.0.2 dst=93.184.216.34 sport=40000 dport=80 src=93.184.216.34 dst=10.0.0.1 sport=80 dport=40000 [ASSURED] mark=0 use=1
      udp      17 29 src=172.17.0.2 dst=8.8.8.8 sport=45871 dport=53 [UNREPLIED] src=8.8.8.8 dst=10.0.0.1 sport=53 dport=45871 mark=0 use=1
      ",
      }
    `);
  });

  it('counts zero entries', () => {
    expect(renderConntrackList([])).toEqual({
      stdout: '',
      stderr: 'conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n',
    });
  });
});
