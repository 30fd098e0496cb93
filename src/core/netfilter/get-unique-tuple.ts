import {
  type NatRange,
  NF_NAT_RANGE_PERSISTENT,
  NF_NAT_RANGE_PROTO_RANDOM,
  NF_NAT_RANGE_PROTO_RANDOM_ALL,
  NF_NAT_RANGE_PROTO_SPECIFIED,
} from './nat-range.js';
import type { Netns } from './netns.js';
import { nfNatL4protoUniqueTuple } from './nf-nat-l4proto-unique-tuple.js';
import { nfNatUsedTuple, nfNatUsedTupleNew } from './nf-nat-used-tuple.js';
import { keyedHash } from './tuple-hash.js';

/** How get_unique_tuple() reached its answer; the emulator reports how many connections kept their port. */
export type NatStep = 'kept' | 'bysource' | 'kept-port' | 'searched';

export interface NatChoice {
  ip: number;
  port: number;
  step: NatStep;
}

/**
 * get_unique_tuple() for SNAT (nf_nat_core.c): (1) keep the original tuple, or reuse this source's existing
 * mapping, (2) choose the address, (3) keep the port, (4) search. Steps (1) and (3) are skipped with
 * --random/--random-fully (before 3.14 only --random existed). "Used" consults the confirmed table only.
 * `out` is filled in place (no allocation on the hot path).
 */
export function getUniqueTuple(ns: Netns, ct: number, range: NatRange, out: NatChoice): void {
  const t = ns.table;
  const src = t.oSrc(ct);
  const sport = t.oPorts(ct) >>> 16;
  const dst = t.rSrc(ct); // after DNAT, the REPLY source is where the packet goes
  const dport = t.rPorts(ct) >>> 16;
  const proto = t.proto(ct);
  const randomAll = ns.profile.randomFully ? NF_NAT_RANGE_PROTO_RANDOM_ALL : NF_NAT_RANGE_PROTO_RANDOM;
  const keep = !(range.flags & randomAll);

  // chooseIp() has no side effects: knowing the address early lets the step (3) lookup's cache miss overlap
  // with step (1)'s (a performance hint only; the steps still run in the kernel's order).
  const ip = chooseIp(ns, range, src, dst);
  if (keep) t.warm(dst, ip, ((dport << 16) | sport) >>> 0, proto, false);
  if (keep) {
    if (inRange(range, src, sport)) {
      const used = ns.profile.usedTupleNew ? nfNatUsedTupleNew : nfNatUsedTuple;
      if (!used(ns, ct, src, sport, dst, dport, proto)) {
        set(out, src, sport, 'kept');
        return;
      }
    } else {
      // find_appropriate_src(): another conntrack (confirmed or not) from the same source ip:port.
      for (let e = t.firstBySource(ct); e >= 0; e = t.nextBySource(e)) {
        if (e === ct || t.proto(e) !== proto) continue;
        const mappedIp = t.rDst(e);
        const mappedPort = t.rPorts(e) & 0xffff;
        if (!inRange(range, mappedIp, mappedPort)) continue;
        if (!nfNatUsedTuple(ns, ct, mappedIp, mappedPort, dst, dport, proto)) {
          set(out, mappedIp, mappedPort, 'bysource');
          return;
        }
        break;
      }
    }
  }

  if (keep) {
    if (range.flags & NF_NAT_RANGE_PROTO_SPECIFIED) {
      if (
        sport >= range.minPort &&
        sport <= range.maxPort &&
        (range.minPort === range.maxPort || !nfNatUsedTuple(ns, ct, ip, sport, dst, dport, proto))
      ) {
        set(out, ip, sport, 'kept-port');
        return;
      }
    } else if (!nfNatUsedTuple(ns, ct, ip, sport, dst, dport, proto)) {
      set(out, ip, sport, 'kept-port');
      return;
    }
  }
  set(out, ip, nfNatL4protoUniqueTuple(ns, ct, range, ip, sport, dst, dport, proto), 'searched');
}

function set(out: NatChoice, ip: number, port: number, step: NatStep): void {
  out.ip = ip;
  out.port = port;
  out.step = step;
}

/** in_range(): the address within [minIp, maxIp] and, with a port range, the port within it. */
function inRange(range: NatRange, ip: number, port: number): boolean {
  if (ip < range.minIp || ip > range.maxIp) return false;
  if (range.flags & NF_NAT_RANGE_PROTO_SPECIFIED) return port >= range.minPort && port <= range.maxPort;
  return true;
}

/** find_best_ips_proto(): one address, or a hash of (src, dst) over the range; --persistent drops dst. */
function chooseIp(ns: Netns, range: NatRange, src: number, dst: number): number {
  if (range.minIp === range.maxIp) return range.minIp;
  const count = range.maxIp - range.minIp + 1;
  const h = keyedHash(ns.secret, src, range.flags & NF_NAT_RANGE_PERSISTENT ? 0 : dst, 0x51c7);
  return range.minIp + (h % count);
}
