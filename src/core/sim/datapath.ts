import { cidrContains } from '../net/cidr.js';
import { PROTO_NUMBER } from '../net/proto.js';
import { CT_DST_NAT, CT_SRC_NAT, CT_SRC_NAT_DONE, PROTO_TCP } from '../netfilter/ct-status.js';
import { getUniqueTuple } from '../netfilter/get-unique-tuple.js';
import { nullBindingRange } from '../netfilter/nat-range.js';
import type { NatRule } from '../netfilter/nat-rule.js';
import { type ConfirmVerdict, nfConntrackConfirm } from '../netfilter/nf-conntrack-confirm.js';
import { hashTuple, keyedHash } from '../netfilter/tuple-hash.js';
import { EV_CONFIRM, EV_NAT, EV_PRE, EV_SEND, type HostModel } from './host-model.js';

export const PRE_NEW = 0;
/** The packet belongs to a conntrack already confirmed (a retransmit, the second query of a pair). */
export const PRE_EXISTING = 1;
/** Table full and nothing evictable: the packet is dropped (nf_conntrack_in error path). */
export const PRE_DROPPED = 2;

/** A client hands a packet to its CPU at time t (veth transmit on the sending thread's CPU). */
export function sendPacket(
  m: HostModel,
  kind: number,
  owner: number,
  proto: number,
  container: number,
  sport: number,
  dest: number,
  cpu: number,
  t: number,
  now: number,
): void {
  const pkt = m.packets.alloc();
  m.pktKind[pkt] = kind;
  m.pktOwner[pkt] = owner;
  m.pktProto[pkt] = proto;
  m.pktContainer[pkt] = container;
  m.pktSport[pkt] = sport;
  m.pktDest[pkt] = dest;
  m.pktCt[pkt] = -1;
  m.pktSent[pkt] = t;
  m.pktCpu[pkt] = m.scenario.timing.cpuPolicy === 'spread' ? m.ns.rng.int(0, m.scenario.cpus - 1) : cpu;
  // A packet sent at the current instant goes straight to its CPU (no queue round trip).
  if (t === now) {
    if (onSend(m, pkt, now)) m.dispatchPre(pkt, now);
  } else {
    m.queue.push(t, EV_SEND, pkt);
  }
}

/** The CPU takes packets one at a time, each for its service time. Returns true when PRE runs right now. */
export function onSend(m: HostModel, pkt: number, now: number): boolean {
  const cpu = m.pktCpu[pkt]!;
  const timing = m.scenario.timing;
  const start = Math.max(now, m.cpuFree[cpu]!);
  const jitter = timing.jitterNs > 0 ? m.ns.rng.int(0, timing.jitterNs) : 0;
  m.pktJitter[pkt] = jitter;
  m.cpuFree[cpu] = start + timing.packetServiceNs + jitter;
  if (start === now) return true;
  m.queue.push(start, EV_PRE, pkt);
  return false;
}

/** PREROUTING: conntrack lookup (nf_conntrack_in), a new unconfirmed entry on a miss, DNAT for services. */
export function onPre(m: HostModel, pkt: number, now: number): number {
  const ns = m.ns;
  const t = ns.table;
  const sc = m.scenario;
  ns.now = now;
  ns.cpu = m.pktCpu[pkt]!;
  const ip = sc.containers[m.pktContainer[pkt]!]!.ip;
  const d = sc.destinations[m.pktDest[pkt]!]!;
  const sport = m.pktSport[pkt]!;
  const proto = m.pktProto[pkt]!;
  const ports = ((sport << 16) | d.port) >>> 0;
  // The NAT hook will probe this source's bysource chain: start that miss now, beside the lookup's.
  t.warm(ip, d.ip, ports, proto, true);
  const hit = t.find(ip, d.ip, ports, proto, now);
  if (hit >= 0) {
    const old = hit >> 1;
    // tcp_packet(): a SYN that meets an entry in TIME_WAIT reopens the flow: the old entry is killed and the
    // lookup repeats (NF_REPEAT), so the SYN gets a fresh conntrack and a fresh NAT decision.
    if (proto !== PROTO_TCP || t.tTimeWait(old) > now) {
      m.pktCt[pkt] = old;
      countLookupHit(m);
      return PRE_EXISTING;
    }
    t.release(old);
  }
  if (t.count >= sc.sysctl.nf_conntrack_max && !earlyDrop(m, hashTuple(ip, d.ip, ports, proto), now)) {
    ns.stats[ns.cpu]!.drop++;
    return PRE_DROPPED;
  }
  const ct = t.alloc(ip, d.ip, sport, d.port, proto);
  if (ns.profile.statsEra === 'v2.6' || ns.profile.statsEra === 'v4.8') ns.stats[ns.cpu]!.new++;
  if (proto === PROTO_TCP) {
    // secure_tcp_seq(): keyed hash of the 4-tuple plus a clock ticking every 64 ns.
    t.setIsn(ct, (keyedHash(ns.secret, ip, d.ip, t.oPorts(ct)) + Math.floor(now / 64)) >>> 0);
  }
  if (d.backends.length > 0) {
    // kube-proxy: one DNAT rule per backend behind -m statistic, i.e. a uniform choice per new flow.
    const b = d.backends[d.backends.length === 1 ? 0 : ns.rng.int(0, d.backends.length - 1)]!;
    t.setReplySource(ct, b.ip, ((b.port << 16) | sport) >>> 0);
    t.addStatus(ct, CT_DST_NAT);
  }
  m.pktCt[pkt] = ct;
  // A slower packet (its jitter) also reaches the nat hook later: the PREROUTING → NAT path varies per packet, which
  // is what makes two SYNs that enter the node together clash only most of the time (docs/validation.md, "Calibration").
  m.queue.push(now + sc.timing.natOffsetNs + (m.pktJitter[pkt] ?? 0), EV_NAT, pkt);
  return PRE_NEW;
}

/**
 * ≤4.8 counted `found` for every conntrack lookup that hit (4.9 removed it): the packets the emulator models
 * are the client's packets that meet an existing entry and the answers (SYN-ACK, DNS reply) coming back.
 */
export function countLookupHit(m: HostModel): void {
  const era = m.ns.profile.statsEra;
  if (era === 'v2.6' || era === 'v4.8') m.ns.stats[m.ns.cpu]!.found++;
}

/** POSTROUTING nat (+100): walk the chain; the first SNAT/MASQUERADE/RETURN decides, else a null binding. */
export function onNat(m: HostModel, pkt: number, now: number): void {
  const ns = m.ns;
  const t = ns.table;
  const sc = m.scenario;
  ns.now = now;
  ns.cpu = m.pktCpu[pkt]!;
  const ct = m.pktCt[pkt]!;
  const src = t.oSrc(ct);
  const sport = t.oPorts(ct) >>> 16;
  const dst = t.rSrc(ct);
  const outIf = cidrContains(sc.host.bridge.subnet, dst) ? sc.host.bridge.name : sc.host.outInterface;
  let range = null;
  for (let i = 0; i < sc.nat.length; i++) {
    if (ruleMatches(sc.nat[i]!, src, dst, outIf, t.proto(ct))) {
      range = m.ruleRanges[i] ?? null;
      break;
    }
  }
  const choice = m.choice;
  getUniqueTuple(ns, ct, range ?? nullBindingRange(src), choice);
  t.setReplyDestination(ct, choice.ip, choice.port);
  t.addStatus(ct, CT_SRC_NAT_DONE);
  if (choice.ip !== src || choice.port !== sport) t.addStatus(ct, CT_SRC_NAT);
  t.linkBySource(ct);
  if (range) {
    const mt = m.metrics;
    if (choice.port === sport) mt.natKeptPort++;
    else mt.natSearched++;
    if (choice.port < mt.natPortMin) mt.natPortMin = choice.port;
    if (choice.port > mt.natPortMax) mt.natPortMax = choice.port;
  }
  m.queue.push(now + sc.timing.natToConfirmNs, EV_CONFIRM, pkt);
}

/** POSTROUTING confirm (INT_MAX). */
export function onConfirm(m: HostModel, pkt: number, now: number): ConfirmVerdict {
  const ns = m.ns;
  ns.now = now;
  ns.cpu = m.pktCpu[pkt]!;
  const verdict = nfConntrackConfirm(ns, m.pktCt[pkt]!, m.confirmResult);
  if (verdict === 1) m.pktCt[pkt] = m.confirmResult.mergedInto;
  if (ns.table.count > m.metrics.maxEntries) m.metrics.maxEntries = ns.table.count;
  return verdict;
}

function ruleMatches(r: NatRule, src: number, dst: number, outIf: string, proto: number): boolean {
  if (r.source && cidrContains(r.source.value, src) === r.source.negated) return false;
  if (r.destination && cidrContains(r.destination.value, dst) === r.destination.negated) return false;
  if (r.outInterface && (r.outInterface.value === outIf) === r.outInterface.negated) return false;
  if (r.proto && PROTO_NUMBER[r.proto] !== proto) return false;
  return true;
}

/**
 * early_drop(): the table is full; evict entries that are not ASSURED (TCP: not yet answered; UDP entries of
 * one query and answer never are) from the kernel's hash buckets, starting at the new tuple's
 * (`reciprocal_scale` of its hash over `nf_conntrack_buckets`), as the kernel era does it (`KernelProfile.earlyDrop`,
 * docs/kernel-notes.md "early_drop"). Chains are newest first; the emulator orders a chain's entries by their
 * timeout instead (the one that expires first stands for the oldest). Killed entries are freed in id order.
 */
function earlyDrop(m: HostModel, hash: number, now: number): boolean {
  const t = m.ns.table;
  const evictable = (id: number): boolean => !(t.proto(id) === PROTO_TCP && t.tReply(id) <= now);
  const buckets = t.kernelBucketCount;
  const mode = m.ns.profile.earlyDrop;
  const stats = m.ns.stats[m.ns.cpu]!;
  const first = t.bucketOfHash(hash);
  if (mode === 'oldest-of-8-nodes' || mode === 'newest-of-8-nodes') {
    // Bucket after bucket until one holds a candidate or 8 nodes were seen; one victim.
    const sign = mode === 'oldest-of-8-nodes' ? 1 : -1;
    let seen = 0;
    for (let i = 0, b = first; i < buckets; i++, b = (b + 1) % buckets) {
      const nodes = t.nodesInBucket(b);
      let victim = -1;
      for (const v of nodes) {
        const id = v >> 1;
        if (evictable(id) && (victim < 0 || sign * (t.tExpire(id) - t.tExpire(victim)) < 0)) victim = id;
      }
      if (victim >= 0) {
        t.release(victim);
        stats.early_drop++;
        return true;
      }
      seen += nodes.length;
      if (seen >= EARLY_DROP_RANGE) return false;
    }
    return false;
  }
  for (let i = 0; i < EARLY_DROP_RANGE; i++) {
    const b = mode === 'all-of-8-buckets' ? (first + i) % buckets : t.bucketOfHash((hash + i) >>> 0);
    const victims = [...new Set(t.nodesInBucket(b).map((v) => v >> 1))].filter(evictable);
    if (victims.length === 0) continue;
    // 4.7 took the chain's first (newest) candidate only.
    const killed =
      mode === 'one-rescaled'
        ? [victims.reduce((best, id) => (t.tExpire(id) > t.tExpire(best) ? id : best))]
        : victims;
    for (const id of killed) t.release(id);
    stats.early_drop += killed.length;
    return true;
  }
  return false;
}

/** NF_CT_EVICTION_RANGE: nodes (≤4.6) or buckets (4.7+). */
const EARLY_DROP_RANGE = 8;
