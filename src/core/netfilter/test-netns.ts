import type { KernelProfile } from '../kernel/kernel-profile.js';
import { kernelProfileFromRelease } from '../kernel/kernel-profile-from-release.js';
import { type Ipv4, parseIpv4 } from '../net/ipv4.js';
import { Xoshiro128 } from '../random/xoshiro128.js';
import { ConntrackTable } from './conntrack-table.js';
import { emptyCounters } from './counters.js';
import { CT_DST_NAT, CT_SRC_NAT, CT_SRC_NAT_DONE } from './ct-status.js';
import { getUniqueTuple, type NatChoice } from './get-unique-tuple.js';
import type { NatRange } from './nat-range.js';
import type { Netns } from './netns.js';

// Test-only helpers: hand-built kernel state for the netfilter unit tests. Not used by the emulator.

export const ip = (text: string): Ipv4 => parseIpv4(text)!;

export function profileOf(release: string): KernelProfile {
  const r = kernelProfileFromRelease(release);
  if (!r.ok) throw new Error(r.error);
  return r.profile;
}

export function makeNetns(profile: KernelProfile, seed = 1, cpus = 2): Netns {
  const rng = new Xoshiro128(seed);
  return {
    table: new ConntrackTable(64),
    profile,
    rng,
    stats: Array.from({ length: cpus }, emptyCounters),
    rover: new Uint16Array(2),
    secret: 0x5eed,
    now: 1_000,
    cpu: 0,
  };
}

/** PREROUTING (+ DNAT) and POSTROUTING nat as the datapath does it: a new unconfirmed ct, NATed, linked in bysource. */
export function natNew(
  ns: Netns,
  range: NatRange,
  flow: {
    src: number;
    sport: number;
    dst: number;
    dport: number;
    proto?: number;
    isn?: number;
    /** PREROUTING DNAT to this backend first (a kube-proxy Service). */
    dnat?: { ip: number; port: number };
  },
): { ct: number; choice: NatChoice } {
  const t = ns.table;
  const ct = t.alloc(flow.src, flow.dst, flow.sport, flow.dport, flow.proto ?? 6);
  t.setIsn(ct, flow.isn ?? 0);
  if (flow.dnat) {
    t.setReplySource(ct, flow.dnat.ip, ((flow.dnat.port << 16) | flow.sport) >>> 0);
    t.addStatus(ct, CT_DST_NAT);
  }
  const choice: NatChoice = { ip: 0, port: 0, step: 'kept' };
  getUniqueTuple(ns, ct, range, choice);
  t.setReplyDestination(ct, choice.ip, choice.port);
  t.addStatus(ct, CT_SRC_NAT_DONE);
  if (choice.ip !== flow.src || choice.port !== flow.sport) t.addStatus(ct, CT_SRC_NAT);
  t.linkBySource(ct);
  return { ct, choice };
}

/** A confirmed flow src:sport → dst:dport that the host sent as natIp:natPort. */
export function addConfirmed(
  ns: Netns,
  flow: {
    src: number;
    sport: number;
    dst: number;
    dport: number;
    natIp: number;
    natPort: number;
    proto?: number;
  },
): number {
  const t = ns.table;
  const ct = t.alloc(flow.src, flow.dst, flow.sport, flow.dport, flow.proto ?? 6);
  t.setReplyDestination(ct, flow.natIp, flow.natPort);
  t.addStatus(
    ct,
    CT_SRC_NAT_DONE | (flow.natIp !== flow.src || flow.natPort !== flow.sport ? CT_SRC_NAT : 0),
  );
  t.linkBySource(ct);
  t.insertConfirmed(ct);
  return ct;
}
