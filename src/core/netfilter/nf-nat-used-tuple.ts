import { CT_NAT_MASK, CT_SRC_NAT, PROTO_TCP } from './ct-status.js';
import type { Netns } from './netns.js';

/**
 * nf_nat_used_tuple(): is the REPLY of the candidate tuple (src:sport → dst:dport after NAT) already in the
 * confirmed table? Only confirmed entries count; unconfirmed ones on other CPUs are invisible — the race.
 */
export function nfNatUsedTuple(
  ns: Netns,
  ct: number,
  src: number,
  sport: number,
  dst: number,
  dport: number,
  proto: number,
): boolean {
  const t = ns.table;
  const v = findReplyOf(ns, src, sport, dst, dport, proto);
  if (v < 0) return false;
  const other = v >> 1;
  // 5.0+ (4e35c1cb9460): an entry with our very ORIGINAL tuple is the same flow (UDP retransmit), not a user.
  if (
    ns.profile.tupleTakenSkipsSameOrigin &&
    t.oSrc(other) === t.oSrc(ct) &&
    t.oDst(other) === t.oDst(ct) &&
    t.oPorts(other) === t.oPorts(ct)
  ) {
    return false;
  }
  ns.stats[ns.cpu]!.found++;
  return true;
}

/** The confirmed-hash slot (`id * 2 + dir`) holding the reply of src:sport → dst:dport, or -1. */
function findReplyOf(
  ns: Netns,
  src: number,
  sport: number,
  dst: number,
  dport: number,
  proto: number,
): number {
  return ns.table.find(dst, src, ((dport << 16) | sport) >>> 0, proto, ns.now);
}

/** NF_NAT_HARDER_THRESH: the last 32 attempts of a round may evict. */
const NF_NAT_HARDER_THRESH = 32;

/**
 * 6.5+ nf_nat_used_tuple_harder(): in the last 32 probes of a round, a TCP SYN may evict a SNAT'ed entry in
 * TIME_WAIT whose REPLY tuple it hits, if its sequence number advanced past the old one.
 */
export function nfNatUsedTupleHarder(
  ns: Netns,
  ct: number,
  src: number,
  sport: number,
  dst: number,
  dport: number,
  proto: number,
  attemptsLeft: number,
): boolean {
  if (attemptsLeft > NF_NAT_HARDER_THRESH || proto !== PROTO_TCP) {
    return nfNatUsedTuple(ns, ct, src, sport, dst, dport, proto);
  }
  const t = ns.table;
  const v = findReplyOf(ns, src, sport, dst, dport, proto);
  if (v < 0) return false;
  const other = v >> 1;
  if ((v & 1) === 0) return true; // hit its ORIGINAL tuple: never evict
  if (t.tTimeWait(other) > ns.now) return true; // not TIME_WAIT (or CLOSE) yet
  if (!(t.status(other) & CT_SRC_NAT)) return true;
  if (((t.isn(ct) - t.isn(other)) | 0) <= 0) return true; // sequence number must advance
  t.release(other); // nf_ct_kill: the port is free again
  return false;
}

/**
 * 6.12+ (d8f84a9bc7c4, also 6.6.57) nf_nat_used_tuple_new(), for step (1) only: an un-NATed UDP flow whose
 * exact reverse is already confirmed (simultaneous bidirectional NEW) keeps its tuple; confirm merges the two
 * (nf_ct_match_reverse). TCP, and anything NATed, gets the plain answer.
 */
export function nfNatUsedTupleNew(
  ns: Netns,
  ct: number,
  src: number,
  sport: number,
  dst: number,
  dport: number,
  proto: number,
): boolean {
  if (!nfNatUsedTuple(ns, ct, src, sport, dst, dport, proto)) return false;
  const t = ns.table;
  if (proto === PROTO_TCP || t.status(ct) & CT_NAT_MASK) return true;
  // The entry that holds our candidate tuple (or its inverse); only our exact reverse may pass.
  let v = t.find(src, dst, ((sport << 16) | dport) >>> 0, proto, ns.now);
  if (v < 0) v = findReplyOf(ns, src, sport, dst, dport, proto);
  if (v < 0 || (v & 1) === 0) return true;
  const other = v >> 1;
  if (t.status(other) & CT_NAT_MASK) return true;
  return !(
    t.oSrc(other) === t.rSrc(ct) &&
    t.oDst(other) === t.rDst(ct) &&
    t.oPorts(other) === t.rPorts(ct) &&
    t.rSrc(other) === t.oSrc(ct) &&
    t.rDst(other) === t.oDst(ct) &&
    t.rPorts(other) === t.oPorts(ct)
  );
}
