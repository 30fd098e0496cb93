import { CT_DYING, CT_SRC_NAT_DONE, PROTO_TCP } from './ct-status.js';
import type { Netns } from './netns.js';
import { hashTuple } from './tuple-hash.js';

export const VERDICT_ACCEPT = 0;
/** UDP clash resolved by attaching the packet to the entry already in the table. */
export const VERDICT_MERGE = 1;
/** 5.6+: UDP clash resolved by inserting the loser's REPLY tuple only (1 s, IPS_NAT_CLASH). */
export const VERDICT_CLASH_INSERT = 2;
export const VERDICT_DROP = 3;
export type ConfirmVerdict = 0 | 1 | 2 | 3;

/** `max_chainlen` = min + rand(span) per era (c9c3b6811f74, c77737b736ce). */
export const CHAIN_LIMITS = {
  'random-8-31': { min: 8, span: 24 },
  'random-50-79': { min: 50, span: 30 },
} as const;

/** NAT_CLASH entries get a fixed 1 s timeout (6a757c07e51f). */
const NAT_CLASH_TIMEOUT_NS = 1_000_000_000;

/**
 * __nf_conntrack_confirm() at the end of POSTROUTING: insert both tuples, or resolve a clash as the kernel
 * era does (kernel-nat.md §2.2–2.4). TCP has no allow_clash: every TCP clash drops the packet. Counters move
 * on the CPU that runs the confirm. On MERGE, `ns`'s caller finds the winner in `mergedInto`.
 */
export function nfConntrackConfirm(ns: Netns, ct: number, result: { mergedInto: number }): ConfirmVerdict {
  const t = ns.table;
  const p = ns.profile;
  const stats = ns.stats[ns.cpu]!;
  const proto = t.proto(ct);
  const limit = { max: -1 };
  // The kernel walks the ORIGINAL tuple's chain, then the REPLY tuple's, each for a clash and its length.
  let hit = t.find(t.oSrc(ct), t.oDst(ct), t.oPorts(ct), proto, ns.now);
  if (hit < 0 && chainTooLong(ns, t.oSrc(ct), t.oDst(ct), t.oPorts(ct), proto, limit))
    return refuseLong(ns, ct);
  if (hit < 0) hit = t.find(t.rSrc(ct), t.rDst(ct), t.rPorts(ct), proto, ns.now);
  if (hit < 0 && chainTooLong(ns, t.rSrc(ct), t.rDst(ct), t.rPorts(ct), proto, limit))
    return refuseLong(ns, ct);
  if (hit < 0) {
    t.insertConfirmed(ct);
    if (p.statsEra === 'v2.6' || p.statsEra === 'v4.8') stats.insert++;
    return VERDICT_ACCEPT;
  }
  if (proto !== PROTO_TCP && p.udpClash !== 'none') {
    if (canMerge(ns, hit >> 1, ct)) {
      result.mergedInto = hit >> 1;
      countResolved(ns);
      t.release(ct);
      return VERDICT_MERGE;
    }
    if (p.udpClash === 'insert-clash') {
      // nf_ct_resolve_clash_harder(): the loser's REPLY tuple free → insert it alone.
      const replyHit = t.find(t.rSrc(ct), t.rDst(ct), t.rPorts(ct), proto, ns.now);
      if (replyHit < 0) {
        t.setTExpire(ct, ns.now + NAT_CLASH_TIMEOUT_NS);
        t.insertReplyOnly(ct);
        if (p.statsEra === 'v5.10' || p.statsEra === 'v5.15') stats.clash_resolve++; // 5.6–5.9: no counter
        return VERDICT_CLASH_INSERT;
      }
      if (canMerge(ns, replyHit >> 1, ct)) {
        result.mergedInto = replyHit >> 1;
        countResolved(ns);
        t.release(ct);
        return VERDICT_MERGE;
      }
    }
  }
  // ≤4.6 counted only insert_failed; from 4.7 a dropped clash is drop++ and insert_failed++.
  if (p.udpClash !== 'none') stats.drop++;
  stats.insert_failed++;
  t.release(ct);
  return VERDICT_DROP;
}

/**
 * 5.15+: `chainlen++ > max_chainlen` per node of one chain, so a chain of max + 2 nodes or more refuses the
 * insertion; `max_chainlen` is drawn once per confirm (drawn here only when a chain is long enough for the draw
 * to matter). Where a clash exists the emulator takes it, wherever the clashing node sits in the chain, and
 * expired entries (freed at once here, walked until the gc reaps them there) do not count.
 */
function chainTooLong(
  ns: Netns,
  src: number,
  dst: number,
  ports: number,
  proto: number,
  limit: { max: number },
): boolean {
  const p = ns.profile.chainLimit;
  if (p === 'none') return false;
  const t = ns.table;
  const { min, span } = CHAIN_LIMITS[p];
  if (t.longestChain < min + 2) return false;
  const length = t.chainLength(t.bucketOfHash(hashTuple(src, dst, ports, proto)));
  if (length < min + 2) return false;
  if (limit.max < 0) limit.max = min + ns.rng.int(0, span - 1);
  return length >= limit.max + 2;
}

/** A refused insertion: chaintoolong and insert_failed, not drop; the packet is dropped. */
function refuseLong(ns: Netns, ct: number): ConfirmVerdict {
  const stats = ns.stats[ns.cpu]!;
  stats.chaintoolong++;
  stats.insert_failed++;
  ns.table.release(ct);
  return VERDICT_DROP;
}

/** Before 5.10 a merge counted as insert_failed; 5.10+ (bc92470413f3) as clash_resolve. */
function countResolved(ns: Netns): void {
  const stats = ns.stats[ns.cpu]!;
  if (ns.profile.statsEra === 'v5.10' || ns.profile.statsEra === 'v5.15') stats.clash_resolve++;
  else stats.insert_failed++;
}

/**
 * __nf_ct_resolve_clash(): 4.7 merges when the winner had no NAT binding (any NAT hook sets a DONE bit, so
 * on a NAT host this rarely holds); 4.19 also when ORIGINAL and REPLY are identical (nf_ct_match); 6.12
 * drops the NAT shortcut and adds the reversed match (nf_ct_match_reverse).
 */
function canMerge(ns: Netns, winner: number, loser: number): boolean {
  const t = ns.table;
  const p = ns.profile;
  if (t.status(winner) & CT_DYING) return false;
  if (!p.mergeReverse && !(t.status(winner) & CT_SRC_NAT_DONE)) return true;
  if (p.udpClash === 'merge-unnated') return false;
  const identical =
    t.oSrc(winner) === t.oSrc(loser) &&
    t.oDst(winner) === t.oDst(loser) &&
    t.oPorts(winner) === t.oPorts(loser) &&
    t.rSrc(winner) === t.rSrc(loser) &&
    t.rDst(winner) === t.rDst(loser) &&
    t.rPorts(winner) === t.rPorts(loser);
  if (identical) return true;
  return (
    p.mergeReverse &&
    t.oSrc(winner) === t.rSrc(loser) &&
    t.oDst(winner) === t.rDst(loser) &&
    t.oPorts(winner) === t.rPorts(loser) &&
    t.rSrc(winner) === t.oSrc(loser) &&
    t.rDst(winner) === t.oDst(loser) &&
    t.rPorts(winner) === t.oPorts(loser)
  );
}
