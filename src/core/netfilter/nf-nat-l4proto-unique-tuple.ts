import {
  type NatRange,
  NF_NAT_RANGE_PROTO_RANDOM,
  NF_NAT_RANGE_PROTO_RANDOM_ALL,
  NF_NAT_RANGE_PROTO_SPECIFIED,
} from './nat-range.js';
import type { Netns } from './netns.js';
import { nfNatUsedTuple, nfNatUsedTupleHarder } from './nf-nat-used-tuple.js';
import { keyedHash } from './tuple-hash.js';

/** 5.0+ (a504b703bb1d): first round of the bounded search; then 64, 32, 16, 8 → at most 248 probes. */
const MAX_ATTEMPTS = 128;

/** The port class a source port falls in when no --to-ports is given (all eras). */
export function portClass(sport: number): { readonly min: number; readonly size: number } {
  if (sport < 512) return { min: 1, size: 511 };
  if (sport < 1024) return { min: 600, size: 424 };
  return { min: 1024, size: 64512 };
}

/**
 * Step (4) of get_unique_tuple(): search a free source port, per kernel era. Returns the chosen port, which
 * may still be in use after the search gave up (→ a guaranteed clash at confirm, as in the kernel).
 * `off` is a u16 in every era, so it wraps at 65536 before the modulo: ports 1024–2047 start twice as often.
 */
export function nfNatL4protoUniqueTuple(
  ns: Netns,
  ct: number,
  range: NatRange,
  src: number,
  sport: number,
  dst: number,
  dport: number,
  proto: number,
): number {
  let min: number;
  let size: number;
  if (range.flags & NF_NAT_RANGE_PROTO_SPECIFIED) {
    min = range.minPort;
    size = range.maxPort - range.minPort + 1;
  } else {
    const cls = portClass(sport);
    min = cls.min;
    size = cls.size;
  }
  const p = ns.profile;
  const protoIndex = proto === 17 ? 1 : 0;
  const secure = (): number => keyedHash(ns.secret, src, dst, dport) & 0xffff; // secure_ipv4_port_ephemeral()
  let off: number;
  if (range.flags & NF_NAT_RANGE_PROTO_RANDOM && p.randomUsesSecurePort) off = secure();
  else if (range.flags & NF_NAT_RANGE_PROTO_RANDOM_ALL || p.natOffset === 'prng') off = ns.rng.u16();
  else off = ns.rover[protoIndex]!;

  if (!p.boundedSearch) {
    // ≤4.x without the 2022 backports: walk the whole class; the rover stores the chosen offset (not +1).
    const bits = ns.table.natPortBits(src, dst, dport, proto);
    for (let i = 0; ; off = (off + 1) & 0xffff) {
      if (bits) {
        // Same probes, same count, without a hash lookup per used port: whole words of used ports at once.
        const port = min + (off % size);
        if ((port & 31) === 0 && i + 33 < size && off + 32 <= 0xffff && (off % size) + 32 <= size) {
          if (bits[port >>> 5] === 0xffffffff) {
            ns.stats[ns.cpu]!.found += 32;
            i += 32;
            off += 31;
            continue;
          }
        }
        if (++i !== size && (bits[port >>> 5]! & (1 << (port & 31))) !== 0) {
          ns.stats[ns.cpu]!.found++;
          continue;
        }
        if (!(range.flags & NF_NAT_RANGE_PROTO_RANDOM_ALL)) ns.rover[protoIndex] = off;
        return port;
      }
      const port = min + (off % size);
      if (++i !== size && nfNatUsedTuple(ns, ct, src, port, dst, dport, proto)) continue;
      if (!(range.flags & NF_NAT_RANGE_PROTO_RANDOM_ALL)) ns.rover[protoIndex] = off;
      return port;
    }
  }

  let attempts = Math.min(size, MAX_ATTEMPTS);
  let port = min;
  for (;;) {
    for (let i = 0; i < attempts; i++, off = (off + 1) & 0xffff) {
      port = min + (off % size);
      const used = p.timeWaitEviction
        ? nfNatUsedTupleHarder(ns, ct, src, port, dst, dport, proto, attempts - i)
        : nfNatUsedTuple(ns, ct, src, port, dst, dport, proto);
      if (!used) return port;
    }
    if (attempts >= size || attempts < 16) return port;
    attempts >>= 1;
    off = ns.rng.u16();
  }
}
