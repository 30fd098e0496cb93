import type { Ipv4 } from '../../core/net/ipv4.js';
import type { L4Proto } from '../../core/net/proto.js';
import type { TcpCtState } from '../../core/netfilter/conntrack-list-entry.js';
import { createTripleKeyIndex } from './create-triple-key-index.js';

/** Host ports one SNAT address holds towards one destination `ip:port` over one protocol. */
export interface SnatDestinationUse {
  /** The address SNAT chose (REPLY dst). */
  readonly natAddress: Ipv4;
  readonly proto: L4Proto;
  /** The peer as the reply comes from it (REPLY src:sport, after any DNAT). */
  readonly dst: Ipv4;
  readonly dport: number;
  /** Distinct host ports in 1024–65535 (MASQUERADE's class for unprivileged source ports). */
  readonly ports: number;
  /** Distinct host ports below 1024 (the privileged class, for privileged source ports). */
  readonly lowPorts: number;
  readonly entries: number;
  /** Of the entries, TCP TIME_WAIT: closed but still holding the port. */
  readonly timeWait: number;
  readonly minPort: number;
  readonly maxPort: number;
  /** The line of its first entry. */
  readonly line: number;
}

/** What a conntrack listing says about SNAT port use, reduced while it is read (nothing per entry is kept). */
export interface SnatPortUse {
  /** TCP/UDP IPv4 entries read. */
  readonly entries: number;
  /** Entries whose REPLY dst differs from the ORIGINAL src: source NAT applied. */
  readonly snatEntries: number;
  /** Entries whose REPLY dport differs from the ORIGINAL sport: NAT had to move the port. */
  readonly portsMoved: number;
  readonly timeWait: number;
  /** (SNAT address, protocol, destination) tuples seen. */
  readonly destinations: number;
  /** The most used ones, most host ports first. */
  readonly top: readonly SnatDestinationUse[];
}

interface Bucket {
  readonly natAddress: Ipv4;
  readonly proto: L4Proto;
  readonly dst: Ipv4;
  readonly dport: number;
  /** Distinct host ports: a Set while few, a 64 Ki-bit map once many (a Set of 60 000 is slow to grow). */
  few: Set<number> | undefined;
  many: Uint8Array | undefined;
  distinct: number;
  /** Of the distinct ports, those below 1024. */
  low: number;
  minPort: number;
  maxPort: number;
  entries: number;
  timeWait: number;
  readonly line: number;
}

/** What the tally reads of an entry: a ConntrackListEntry, or the reader's reused ConntrackListFields. */
export interface SnatFlow {
  readonly proto: L4Proto;
  readonly tcpState?: TcpCtState | undefined;
  readonly orig: { readonly src: number; readonly sport: number };
  readonly reply: {
    readonly src: number;
    readonly dst: number;
    readonly sport: number;
    readonly dport: number;
  };
}

export interface SnatPortTally {
  readonly add: (entry: SnatFlow, line: number) => void;
  readonly result: (top?: number) => SnatPortUse;
}

/**
 * Counts, per (SNAT address, protocol, destination ip:port), the distinct host ports in use: the 5-tuple the
 * kernel keeps unique is the REPLY one, so each destination has its own port space (kernel-nat.md §1). Numeric
 * keys: a 1 M-entry dump is tallied as it streams by.
 */
export function createSnatPortTally(): SnatPortTally {
  const index = createTripleKeyIndex();
  const buckets: Bucket[] = [];
  let entries = 0;
  let snatEntries = 0;
  let portsMoved = 0;
  let timeWait = 0;
  return {
    add(e, line) {
      entries++;
      const tw = e.tcpState === 'TIME_WAIT';
      if (tw) timeWait++;
      if (e.reply.dport !== e.orig.sport) portsMoved++;
      if (e.reply.dst === e.orig.src) return;
      snatEntries++;
      const udp = e.proto === 'tcp' ? 0 : 1;
      const id = index.idOf(e.reply.dst, e.reply.src, e.reply.sport * 2 + udp);
      let b = buckets[id];
      if (!b) {
        // The reader read both as dotted quads.
        b = {
          natAddress: e.reply.dst as Ipv4,
          proto: e.proto,
          dst: e.reply.src as Ipv4,
          dport: e.reply.sport,
          few: new Set(),
          many: undefined,
          distinct: 0,
          low: 0,
          minPort: 65535,
          maxPort: 0,
          entries: 0,
          timeWait: 0,
          line,
        };
        buckets.push(b);
      }
      addPort(b, e.reply.dport);
      b.entries++;
      if (tw) b.timeWait++;
    },
    result(top = 10) {
      const uses = buckets
        .map(toUse)
        .sort((a, b) => b.ports + b.lowPorts - (a.ports + a.lowPorts) || a.line - b.line);
      return {
        entries,
        snatEntries,
        portsMoved,
        timeWait,
        destinations: buckets.length,
        top: uses.slice(0, top),
      };
    },
  };
}

const BITMAP_FROM = 1024;

function addPort(b: Bucket, port: number): void {
  const many = b.many;
  if (many) {
    const byte = many[port >> 3] ?? 0;
    const bit = 1 << (port & 7);
    if ((byte & bit) !== 0) return;
    many[port >> 3] = byte | bit;
  } else {
    const few = b.few ?? new Set<number>();
    if (few.has(port)) return;
    few.add(port);
    if (few.size >= BITMAP_FROM) {
      const bits = new Uint8Array(8192);
      for (const p of few) bits[p >> 3] = (bits[p >> 3] ?? 0) | (1 << (p & 7));
      b.many = bits;
      b.few = undefined;
    }
  }
  b.distinct++;
  if (port < 1024) b.low++;
  if (port < b.minPort) b.minPort = port;
  if (port > b.maxPort) b.maxPort = port;
}

function toUse(b: Bucket): SnatDestinationUse {
  return {
    natAddress: b.natAddress,
    proto: b.proto,
    dst: b.dst,
    dport: b.dport,
    ports: b.distinct - b.low,
    lowPorts: b.low,
    entries: b.entries,
    timeWait: b.timeWait,
    minPort: b.minPort,
    maxPort: b.maxPort,
    line: b.line,
  };
}
