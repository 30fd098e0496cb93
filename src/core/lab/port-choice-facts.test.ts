import { describe, expect, it } from 'vitest';
import { type Ipv4, parseIpv4 } from '../net/ipv4.js';
import type { ConntrackListEntry } from '../netfilter/conntrack-list-entry.js';
import { portChoiceFacts } from './port-choice-facts.js';

const ip = (s: string): Ipv4 => parseIpv4(s)!;
const C1 = ip('198.18.0.2');
const C2 = ip('198.18.0.3');
const SERVER = ip('198.19.0.2');
const HOST = ip('198.19.0.1');

function flow(src: Ipv4, sport: number, natPort: number, natted = true): ConntrackListEntry {
  return {
    proto: 'tcp',
    timeoutS: 119,
    tcpState: 'TIME_WAIT',
    orig: { src, dst: SERVER, sport, dport: 5061 },
    reply: { src: SERVER, dst: natted ? HOST : src, sport: 5061, dport: natPort },
    seenReply: true,
    assured: true,
  };
}

const facts = (entries: ConntrackListEntry[]) =>
  portChoiceFacts(entries, new Set([C1, C2]), new Set([SERVER]));

describe('portChoiceFacts', () => {
  it('counts kept ports and the range among SNAT’ed flows only', () => {
    expect(facts([flow(C1, 40000, 40000), flow(C2, 40000, 2345), flow(C1, 40001, 40001, false)])).toEqual({
      flows: 3,
      snatted: 2,
      keptPort: 1,
      portMin: 2345,
      portMax: 40000,
      sharedPortsNoneKept: 0,
    });
  });

  it('finds a same-port round where neither container kept the port (an earlier flow was moved onto it)', () => {
    const f = facts([
      flow(C1, 40000, 40000),
      flow(C2, 40000, 40003), // the loser's retransmit, moved at random onto round 3's port
      flow(C1, 40003, 51000),
      flow(C2, 40003, 1999),
    ]);
    expect(f.sharedPortsNoneKept).toBe(1);
    expect(f.keptPort).toBe(1);
  });

  it('ignores flows to other destinations and from other sources', () => {
    const other = { ...flow(C1, 40000, 40000), orig: { src: C1, dst: HOST, sport: 1, dport: 2 } };
    expect(facts([other])).toMatchObject({ flows: 0, snatted: 0, portMin: null, portMax: null });
  });
});
