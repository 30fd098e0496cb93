import { formatIpv4 } from '../../core/net/ipv4.js';
import { PROTO_NUMBER } from '../../core/net/proto.js';
import type { ConntrackListEntry, ConntrackListTuple } from '../../core/netfilter/conntrack-list-entry.js';

const tuple = (t: ConntrackListTuple): string =>
  `src=${formatIpv4(t.src)} dst=${formatIpv4(t.dst)} sport=${t.sport} dport=${t.dport}`;

/**
 * One `conntrack -L` line (libnetfilter_conntrack default output, no `-o extended`, no accounting):
 * `%-8s %u ` protocol, seconds left, TCP state, ORIGINAL, `[UNREPLIED]`, REPLY, `[ASSURED]`, `mark=0 use=1`.
 */
export function renderConntrackListLine(e: ConntrackListEntry): string {
  const parts = [
    `${e.proto.padEnd(8)} ${PROTO_NUMBER[e.proto]}`,
    String(Math.max(0, Math.floor(e.timeoutS))),
    ...(e.proto === 'tcp' ? [e.tcpState ?? 'NONE'] : []),
    tuple(e.orig),
    ...(e.seenReply ? [] : ['[UNREPLIED]']),
    tuple(e.reply),
    ...(e.assured ? ['[ASSURED]'] : []),
    'mark=0',
    'use=1',
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
