import type { Ipv4 } from '../../core/net/ipv4.js';
import type { L4Proto } from '../../core/net/proto.js';
import type {
  ConntrackListEntry,
  ConntrackListTuple,
  TcpCtState,
} from '../../core/netfilter/conntrack-list-entry.js';

/** One direction of the entry being read; -1 = not printed. */
export interface ConntrackListDirectionFields {
  src: number;
  dst: number;
  sport: number;
  dport: number;
  zone: number;
  packets: number;
  bytes: number;
}

/**
 * A TCP/UDP IPv4 line as the reader read it: one record reused for every line, so a digest of a 1 M-line dump
 * allocates nothing per entry. Numbers are -1 where the line printed nothing. `toConntrackListEntry` makes the
 * entry to keep.
 */
export interface ConntrackListFields {
  proto: L4Proto;
  /** -1: not printed (an offloaded entry in /proc). */
  timeoutS: number;
  tcpState: TcpCtState | undefined;
  readonly orig: ConntrackListDirectionFields;
  readonly reply: ConntrackListDirectionFields;
  seenReply: boolean;
  assured: boolean;
  /** The line started with `ipv4     2`. */
  l3: boolean;
  offload: 'OFFLOAD' | 'HW_OFFLOAD' | undefined;
  mark: number;
  zone: number;
  use: number;
}

const direction = (): ConntrackListDirectionFields => ({
  src: -1,
  dst: -1,
  sport: -1,
  dport: -1,
  zone: -1,
  packets: -1,
  bytes: -1,
});

export function createConntrackListFields(): ConntrackListFields {
  return {
    proto: 'tcp',
    timeoutS: -1,
    tcpState: undefined,
    orig: direction(),
    reply: direction(),
    seenReply: true,
    assured: false,
    l3: false,
    offload: undefined,
    mark: -1,
    zone: -1,
    use: -1,
  };
}

/** Back to "nothing read yet", before the next line. */
export function clearConntrackListFields(f: ConntrackListFields): void {
  f.timeoutS = -1;
  f.tcpState = undefined;
  clearDirection(f.orig);
  clearDirection(f.reply);
  f.seenReply = true;
  f.assured = false;
  f.l3 = false;
  f.offload = undefined;
  f.mark = -1;
  f.zone = -1;
  f.use = -1;
}

function clearDirection(d: ConntrackListDirectionFields): void {
  d.src = -1;
  d.dst = -1;
  d.sport = -1;
  d.dport = -1;
  d.zone = -1;
  d.packets = -1;
  d.bytes = -1;
}

/** Whether both tuples are complete (a cut line lacks one). */
export function hasTuple(d: ConntrackListDirectionFields): boolean {
  return d.src >= 0 && d.dst >= 0 && d.sport >= 0 && d.dport >= 0;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The entry to keep, made from the reused record (its tuples complete: the reader checked them). */
export function toConntrackListEntry(f: ConntrackListFields): ConntrackListEntry {
  const entry: Mutable<ConntrackListEntry> = {
    proto: f.proto,
    timeoutS: Math.max(f.timeoutS, 0),
    orig: toTuple(f.orig),
    reply: toTuple(f.reply),
    seenReply: f.seenReply,
    assured: f.assured,
  };
  if (f.tcpState !== undefined) entry.tcpState = f.tcpState;
  if (f.l3) entry.l3 = 'ipv4';
  if (f.offload) entry.offload = f.offload;
  if (f.orig.packets >= 0 && f.orig.bytes >= 0)
    entry.origCounters = { packets: f.orig.packets, bytes: f.orig.bytes };
  if (f.reply.packets >= 0 && f.reply.bytes >= 0)
    entry.replyCounters = { packets: f.reply.packets, bytes: f.reply.bytes };
  if (f.orig.zone >= 0) entry.origZone = f.orig.zone;
  if (f.reply.zone >= 0) entry.replyZone = f.reply.zone;
  if (f.mark >= 0) entry.mark = f.mark;
  if (f.zone >= 0) entry.zone = f.zone;
  if (f.use >= 0) entry.use = f.use;
  return entry;
}

/** The addresses were read as dotted quads (read-ascii's readIpv4At). */
function toTuple(d: ConntrackListDirectionFields): ConntrackListTuple {
  return { src: d.src as Ipv4, dst: d.dst as Ipv4, sport: d.sport, dport: d.dport };
}
