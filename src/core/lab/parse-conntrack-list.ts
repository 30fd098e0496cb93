import { parseIpv4 } from '../net/ipv4.js';
import type { L4Proto } from '../net/proto.js';
import {
  type ConntrackListEntry,
  type ConntrackListTuple,
  TCP_CT_STATES,
  type TcpCtState,
} from '../netfilter/conntrack-list-entry.js';

/**
 * Reads the TCP and UDP lines of `conntrack -L` (libnetfilter_conntrack's default output, the inverse of
 * renderConntrackList). Lines of other protocols (IGMP reports of the bridge, ICMP) are counted in `other`,
 * TCP/UDP lines it cannot read in `skipped`; it never throws. (A home in src/formats/conntrack would suit it
 * once the doctor needs it too.)
 */
export function parseConntrackList(text: string): {
  readonly entries: readonly ConntrackListEntry[];
  readonly other: number;
  readonly skipped: number;
} {
  const entries: ConntrackListEntry[] = [];
  let other = 0;
  let skipped = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (!/^(tcp|udp)\s/.test(line)) {
      other++;
      continue;
    }
    const entry = parseLine(line);
    if (entry === undefined) skipped++;
    else entries.push(entry);
  }
  return { entries, other, skipped };
}

function parseLine(line: string): ConntrackListEntry | undefined {
  const words = line.split(/\s+/);
  const proto = words[0];
  if (proto !== 'tcp' && proto !== 'udp') return undefined;
  const timeoutS = Number(words[2]);
  if (!Number.isInteger(timeoutS)) return undefined;
  const state = (TCP_CT_STATES as readonly string[]).includes(words[3] ?? '')
    ? (words[3] as TcpCtState)
    : undefined;
  const tuples: ConntrackListTuple[] = [];
  let current: Partial<Record<'src' | 'dst' | 'sport' | 'dport', string>> = {};
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq < 0) continue;
    const key = word.slice(0, eq);
    if (key !== 'src' && key !== 'dst' && key !== 'sport' && key !== 'dport') continue;
    if (key === 'src' && current.src !== undefined) {
      const t = toTuple(current);
      if (t === undefined) return undefined;
      tuples.push(t);
      current = {};
    }
    current[key] = word.slice(eq + 1);
  }
  const last = toTuple(current);
  if (last === undefined || tuples.length !== 1) return undefined;
  const orig = tuples[0]!;
  return {
    proto: proto as L4Proto,
    timeoutS,
    ...(proto === 'tcp' && { tcpState: state ?? 'NONE' }),
    orig,
    reply: last,
    seenReply: !words.includes('[UNREPLIED]'),
    assured: words.includes('[ASSURED]'),
  };
}

function toTuple(
  t: Partial<Record<'src' | 'dst' | 'sport' | 'dport', string>>,
): ConntrackListTuple | undefined {
  const src = parseIpv4(t.src ?? '');
  const dst = parseIpv4(t.dst ?? '');
  const sport = Number(t.sport);
  const dport = Number(t.dport);
  if (src === undefined || dst === undefined || !Number.isInteger(sport) || !Number.isInteger(dport))
    return undefined;
  return { src, dst, sport, dport };
}
