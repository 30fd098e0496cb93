import { formatIpv4 } from '../../core/net/ipv4.js';
import { PROTO_NUMBER } from '../../core/net/proto.js';
import type {
  ConntrackListCounters,
  ConntrackListEntry,
  ConntrackListTuple,
} from '../../core/netfilter/conntrack-list-entry.js';

const tuple = (t: ConntrackListTuple): string =>
  `src=${formatIpv4(t.src)} dst=${formatIpv4(t.dst)} sport=${t.sport} dport=${t.dport}`;

const direction = (zone: number | undefined, name: string, counters: ConntrackListCounters | undefined) => [
  ...(zone === undefined ? [] : [`zone-${name}=${zone}`]),
  ...(counters ? [`packets=${counters.packets} bytes=${counters.bytes}`] : []),
];

/**
 * One `conntrack -L` line (libnetfilter_conntrack's default output, kernel-nat.md §3.3): `%-8s %u ` protocol,
 * seconds left, TCP state, ORIGINAL, `[UNREPLIED]`, REPLY, `[ASSURED]`, `mark=0 use=1`. With `l3` the line is
 * what `-o extended` and /proc/net/nf_conntrack print (`ipv4     2 ` first; /proc omits an offloaded entry's
 * timeout); zones, counters, `zone=` only when the entry has them.
 */
export function renderConntrackListLine(e: ConntrackListEntry): string {
  const parts = [
    ...(e.l3 ? [`${e.l3.padEnd(8)} 2`] : []),
    `${e.proto.padEnd(8)} ${PROTO_NUMBER[e.proto]}`,
    ...(e.l3 && e.offload ? [] : [String(Math.max(0, Math.floor(e.timeoutS)))]),
    ...(e.proto === 'tcp' ? [e.tcpState ?? 'NONE'] : []),
    tuple(e.orig),
    ...direction(e.origZone, 'orig', e.origCounters),
    ...(e.seenReply ? [] : ['[UNREPLIED]']),
    tuple(e.reply),
    ...direction(e.replyZone, 'reply', e.replyCounters),
    ...(e.assured ? ['[ASSURED]'] : []),
    ...(e.offload ? [`[${e.offload}]`] : []),
    `mark=${e.mark ?? 0}`,
    ...(e.zone === undefined ? [] : [`zone=${e.zone}`]),
    `use=${e.use ?? 1}`,
  ];
  return parts.join(' ');
}

export interface ConntrackListOutput {
  /** One line per entry, each ending in a newline. */
  readonly stdout: string;
  /** The summary conntrack writes to stderr after the listing. */
  readonly stderr: string;
}

export function renderConntrackList(entries: readonly ConntrackListEntry[]): ConntrackListOutput {
  return {
    stdout: entries.map((e) => `${renderConntrackListLine(e)}\n`).join(''),
    stderr: `conntrack v1.4.7 (conntrack-tools): ${entries.length} flow entries have been shown.\n`,
  };
}
