import { describe, expect, it } from 'vitest';
import { renderConntrackList } from '../../formats/conntrack/render-conntrack-list.js';
import { parseIpv4 } from '../net/ipv4.js';
import type { ConntrackListEntry } from '../netfilter/conntrack-list-entry.js';
import { parseConntrackList } from './parse-conntrack-list.js';

const ip = (s: string) => parseIpv4(s)!;

const entries: ConntrackListEntry[] = [
  {
    proto: 'tcp',
    timeoutS: 119,
    tcpState: 'TIME_WAIT',
    orig: { src: ip('198.18.0.2'), dst: ip('198.19.0.2'), sport: 40001, dport: 5061 },
    reply: { src: ip('198.19.0.2'), dst: ip('198.19.0.1'), sport: 5061, dport: 60165 },
    seenReply: true,
    assured: true,
  },
  {
    proto: 'udp',
    timeoutS: 29,
    orig: { src: ip('198.18.0.3'), dst: ip('198.19.0.9'), sport: 45871, dport: 53 },
    reply: { src: ip('198.19.0.9'), dst: ip('198.19.0.1'), sport: 53, dport: 45871 },
    seenReply: false,
    assured: false,
  },
];

describe('parseConntrackList', () => {
  it('reads back what renderConntrackList writes', () => {
    expect(parseConntrackList(renderConntrackList(entries).stdout)).toEqual({
      entries,
      other: 0,
      skipped: 0,
    });
  });

  it('counts other protocols and unreadable lines apart', () => {
    const text = [
      'unknown  2 599 src=198.18.0.1 dst=224.0.0.22 [UNREPLIED] src=224.0.0.22 dst=198.18.0.1 mark=0 use=1',
      'tcp      6 119 TIME_WAIT src=198.18.0.2 dst=198.19.0.2 sport=40002 dport=5061 mark=0 use=1',
      '',
    ].join('\n');
    expect(parseConntrackList(text)).toEqual({ entries: [], other: 1, skipped: 1 });
  });
});
