import type { ConntrackListEntry } from '../netfilter/conntrack-list-entry.js';

/** What SNAT did with the source ports, read from a `conntrack -L` listing (the lab's or the emulator's). */
export interface PortChoiceFacts {
  /** Listed flows from a container to a server. */
  readonly flows: number;
  /** Of those, the SNAT'ed ones (REPLY destination is not the container). */
  readonly snatted: number;
  /** SNAT'ed flows whose host port is the container's own source port. */
  readonly keptPort: number;
  readonly portMin: number | null;
  readonly portMax: number | null;
  /**
   * Source ports that two or more containers used towards one server (a same-port round) where no SNAT'ed flow
   * kept the port: something else held it, e.g. an earlier flow that SNAT moved onto it at random.
   */
  readonly sharedPortsNoneKept: number;
}

/**
 * Port-choice facts of the confirmed flows. Both sides of a lab comparison read them from a listing, so they
 * count the same thing: flows that got through, not NAT decisions (the emulator's `nat.keptPort` also counts
 * the decisions of SYNs that were dropped at confirm afterwards).
 */
export function portChoiceFacts(
  entries: readonly ConntrackListEntry[],
  containers: ReadonlySet<number>,
  servers: ReadonlySet<number>,
): PortChoiceFacts {
  const flows = entries.filter((e) => containers.has(e.orig.src) && servers.has(e.orig.dst));
  const snatted = flows.filter((e) => e.reply.dst !== e.orig.src);
  const ports = snatted.map((e) => e.reply.dport);
  const groups = new Map<string, { sources: Set<number>; kept: boolean }>();
  for (const e of snatted) {
    const key = `${e.proto} ${e.orig.sport} ${e.orig.dst} ${e.orig.dport}`;
    const g = groups.get(key) ?? { sources: new Set<number>(), kept: false };
    g.sources.add(e.orig.src);
    if (e.reply.dport === e.orig.sport) g.kept = true;
    groups.set(key, g);
  }
  let sharedPortsNoneKept = 0;
  for (const g of groups.values()) if (g.sources.size >= 2 && !g.kept) sharedPortsNoneKept++;
  return {
    flows: flows.length,
    snatted: snatted.length,
    keptPort: snatted.filter((e) => e.reply.dport === e.orig.sport).length,
    portMin: ports.length > 0 ? ports.reduce((a, p) => Math.min(a, p)) : null,
    portMax: ports.length > 0 ? ports.reduce((a, p) => Math.max(a, p)) : null,
    sharedPortsNoneKept,
  };
}
