import type { Ipv4 } from '../net/ipv4.js';
import type { L4Proto } from '../net/proto.js';

/** The kernel's TCP conntrack state names (`tcp_conntrack_names`), as `conntrack -L` prints them. */
export const TCP_CT_STATES = [
  'NONE',
  'SYN_SENT',
  'SYN_RECV',
  'ESTABLISHED',
  'FIN_WAIT',
  'CLOSE_WAIT',
  'LAST_ACK',
  'TIME_WAIT',
  'CLOSE',
] as const;

export type TcpCtState = (typeof TCP_CT_STATES)[number];

/** One direction of a conntrack entry as listed: addresses and ports after NAT where NAT applied. */
export interface ConntrackListTuple {
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly sport: number;
  readonly dport: number;
}

/** What `conntrack -L` shows of one confirmed entry (plain data; NAT_CLASH entries are never listed). */
export interface ConntrackListEntry {
  readonly proto: L4Proto;
  /** Seconds left before the entry expires. */
  readonly timeoutS: number;
  /** TCP only; a TCP entry without it is listed as NONE. */
  readonly tcpState?: TcpCtState;
  readonly orig: ConntrackListTuple;
  readonly reply: ConntrackListTuple;
  /** IPS_SEEN_REPLY; without it `[UNREPLIED]` is printed. */
  readonly seenReply: boolean;
  /** IPS_ASSURED → `[ASSURED]`. */
  readonly assured: boolean;
  /** The l3 prefix that `/proc/net/nf_conntrack` and `conntrack -L -o extended` print (`ipv4     2`). */
  readonly l3?: 'ipv4';
  /** `[OFFLOAD]` / `[HW_OFFLOAD]`: a flowtable entry (/proc omits its timeout). */
  readonly offload?: 'OFFLOAD' | 'HW_OFFLOAD';
  /** Per-direction `packets=… bytes=…` (only with nf_conntrack_acct=1). */
  readonly origCounters?: ConntrackListCounters;
  readonly replyCounters?: ConntrackListCounters;
  /** `zone-orig=` / `zone-reply=`: directional zones. */
  readonly origZone?: number;
  readonly replyZone?: number;
  /** `mark=` (CONFIG_NF_CONNTRACK_MARK). */
  readonly mark?: number;
  /** `zone=`, printed only when not the default zone (always by /proc). */
  readonly zone?: number;
  /** `use=`: the entry's reference count. */
  readonly use?: number;
}

/** `packets=… bytes=…` of one direction, as listed with nf_conntrack_acct=1. */
export interface ConntrackListCounters {
  readonly packets: number;
  readonly bytes: number;
}
