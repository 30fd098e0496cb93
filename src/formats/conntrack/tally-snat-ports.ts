import type { Ipv4 } from '../../core/net/ipv4.js';
import type { L4Proto } from '../../core/net/proto.js';
import type { ConntrackListEntry } from '../../core/netfilter/conntrack-list-entry.js';

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
  ports: Set<number> | Uint8Array;
  distinct: number;
  entries: number;
  timeWait: number;
  readonly line: number;
}

export interface SnatPortTally {
  readonly add: (entry: ConntrackListEntry, line: number) => void;
  readonly result: (top?: number) => SnatPortUse;
}

/**
 * Counts, per (SNAT address, protocol, destination ip:port), the distinct host ports in use: the 5-tuple the
 * kernel keeps unique is the REPLY one, so each destination has its own port space (kernel-nat.md §1). Numeric
 * keys: a 1 M-entry dump is tallied as it streams by.
 */
export function createSnatPortTally(): SnatPortTally {
  const byNat = new Map<number, Map<number, Bucket>>();
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
      const natKey = e.reply.dst * 2 + (e.proto === 'tcp' ? 0 : 1);
      let byDst = byNat.get(natKey);
      if (!byDst) {
        byDst = new Map();
        byNat.set(natKey, byDst);
      }
      const dstKey = e.reply.src * 65536 + e.reply.sport;
      let b = byDst.get(dstKey);
      if (!b) {
        b = {
          natAddress: e.reply.dst,
          proto: e.proto,
          dst: e.reply.src,
          dport: e.reply.sport,
          ports: new Set(),
          distinct: 0,
          entries: 0,
          timeWait: 0,
          line,
        };
        byDst.set(dstKey, b);
      }
      addPort(b, e.reply.dport);
      b.entries++;
      if (tw) b.timeWait++;
    },
    result(top = 10) {
      const all: Bucket[] = [];
      for (const m of byNat.values()) for (const b of m.values()) all.push(b);
      const uses = all
        .map(toUse)
        .sort((a, b) => b.ports + b.lowPorts - (a.ports + a.lowPorts) || a.line - b.line);
      return {
        entries,
        snatEntries,
        portsMoved,
        timeWait,
        destinations: all.length,
        top: uses.slice(0, top),
      };
    },
  };
}

const BITMAP_FROM = 1024;

function addPort(b: Bucket, port: number): void {
  const ports = b.ports;
  if (ports instanceof Set) {
    if (ports.has(port)) return;
    ports.add(port);
    b.distinct++;
    if (ports.size >= BITMAP_FROM) {
      const bits = new Uint8Array(8192);
      for (const p of ports) bits[p >> 3] = (bits[p >> 3] ?? 0) | (1 << (p & 7));
      b.ports = bits;
    }
    return;
  }
  const byte = ports[port >> 3] ?? 0;
  const bit = 1 << (port & 7);
  if ((byte & bit) === 0) {
    ports[port >> 3] = byte | bit;
    b.distinct++;
  }
}

function listPorts(b: Bucket): Iterable<number> {
  if (b.ports instanceof Set) return b.ports;
  const bits = b.ports;
  const out: number[] = [];
  for (let p = 0; p < 65536; p++) if (((bits[p >> 3] ?? 0) & (1 << (p & 7))) !== 0) out.push(p);
  return out;
}

function toUse(b: Bucket): SnatDestinationUse {
  let ports = 0;
  let minPort = 65535;
  let maxPort = 0;
  for (const p of listPorts(b)) {
    if (p >= 1024) ports++;
    if (p < minPort) minPort = p;
    if (p > maxPort) maxPort = p;
  }
  return {
    natAddress: b.natAddress,
    proto: b.proto,
    dst: b.dst,
    dport: b.dport,
    ports,
    lowPorts: b.distinct - ports,
    entries: b.entries,
    timeWait: b.timeWait,
    minPort,
    maxPort,
    line: b.line,
  };
}
