import { formatIpv4 } from '../net/ipv4.js';
import { Xoshiro128 } from '../random/xoshiro128.js';
import type { Scenario } from '../scenario/scenario.js';
import { NS_PER_S } from '../time/sim-time.js';
import { type LabAddressMap, mapLabIp } from './lab-address-map.js';

/** One getaddrinfo() (A and AAAA back to back on one UDP socket) a worker makes, `atNs` after the start. */
export interface LabLookup {
  readonly atNs: number;
  /** Lab address of the nameserver (the service address when it is DNAT'ed). */
  readonly host: string;
  readonly port: number;
  /** glibc's per-try timeout (`options timeout:`, 5 s), ns. */
  readonly timeoutNs: number;
  /** glibc's tries (`options attempts:`, 2). */
  readonly attempts: number;
  /** Index into the scenario's workloads. */
  readonly workload: number;
}

export interface LabLookupPlan {
  readonly perContainer: readonly (readonly LabLookup[])[];
  readonly total: number;
  /** When the last lookup is due, ns after the start. */
  readonly lastNs: number;
  readonly notes: readonly string[];
}

/** Seed offset of the lookups' own generator, so that adding DNS does not move a seed's TCP schedule. */
const LOOKUP_STREAM = 0x646e73;

/**
 * The DNS workloads' lookups per container: `lookups` every `intervalNs`, each shifted uniformly in
 * `spreadNs`, through the container's nameserver. The lab's resolver is glibc's parallel mode (the race);
 * containers whose resolver sends sequentially or is musl are left out with a note, as are lookups past the
 * limits.
 */
export function planLabLookups(
  scenario: Scenario,
  map: LabAddressMap,
  seed: number,
  limits: { readonly maxConnections: number; readonly maxDurationNs: number },
): LabLookupPlan {
  const rng = new Xoshiro128((seed ^ LOOKUP_STREAM) >>> 0);
  const notes: string[] = [];
  const all: { container: number; lookup: LabLookup }[] = [];
  let late = 0;
  const skipped = new Set<string>();
  for (const [w, workload] of scenario.workloads.entries()) {
    if (workload.type !== 'dns') continue;
    for (const c of workload.containers) {
      const container = scenario.containers[c]!;
      const r = container.resolver;
      if (r === undefined || r.libc !== 'glibc' || r.mode !== 'parallel') {
        skipped.add(
          `${container.name} (${r === undefined ? 'no resolver' : r.libc === 'musl' ? 'musl' : r.mode})`,
        );
        continue;
      }
      const d = scenario.destinations[r.nameserver]!;
      const base = {
        host: formatIpv4(mapLabIp(map, d.ip)),
        port: d.port,
        timeoutNs: r.timeoutS * NS_PER_S,
        attempts: r.attempts,
        workload: w,
      };
      for (let k = 0; k < workload.lookups; k++) {
        const atNs =
          workload.startNs +
          k * workload.intervalNs +
          (workload.spreadNs > 0 ? rng.int(0, workload.spreadNs) : 0);
        if (atNs > limits.maxDurationNs) {
          late++;
          break;
        }
        all.push({ container: c, lookup: { ...base, atNs } });
      }
    }
  }
  if (skipped.size > 0)
    notes.push(
      `DNS lookups left out (the lab's resolver is glibc's parallel mode): ${[...skipped].join(', ')}`,
    );
  if (late > 0) notes.push(`lookups scheduled after ${limits.maxDurationNs / NS_PER_S} s left out`);
  all.sort((a, b) => a.lookup.atNs - b.lookup.atNs);
  const kept = all.slice(0, limits.maxConnections);
  if (kept.length < all.length)
    notes.push(`${all.length - kept.length} lookups beyond the first ${limits.maxConnections} left out`);
  const perContainer: LabLookup[][] = scenario.containers.map(() => []);
  for (const x of kept) perContainer[x.container]!.push(x.lookup);
  return { perContainer, total: kept.length, lastNs: kept.at(-1)?.lookup.atNs ?? 0, notes };
}
