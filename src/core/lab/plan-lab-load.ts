import { formatIpv4 } from '../net/ipv4.js';
import { Xoshiro128 } from '../random/xoshiro128.js';
import type { Scenario, Workload } from '../scenario/scenario.js';
import { NS_PER_S } from '../time/sim-time.js';
import { type LabAddressMap, mapLabIp } from './lab-address-map.js';
import { type LabLookupPlan, planLabLookups } from './plan-lab-lookups.js';

/** One TCP connect a worker makes, at `atNs` after the common start. */
export interface LabDial {
  readonly atNs: number;
  /** Lab address of the destination. */
  readonly host: string;
  readonly port: number;
  /** bind() this source port first (same-port workloads), else the kernel's ephemeral choice. */
  readonly localPort?: number;
  /** How long the client keeps the connection once established, ns. */
  readonly holdNs: number;
  /** Index into the scenario's workloads. */
  readonly workload: number;
}

export interface LabLoadLimits {
  /** At most this many connects in the whole run; later ones are left out (with a note). */
  readonly maxConnections: number;
  /** Connects scheduled later than this after the start are left out (with a note), ns. */
  readonly maxDurationNs: number;
}

/** One namespace and one Node.js process per container: more would measure the machine, not the kernel. */
export const MAX_LAB_CONTAINERS = 64;
/** Expansion stops here whatever the limits say, so that a huge scenario cannot exhaust memory. */
const GENERATION_CAP = 200_000;

export interface LabLoadPlan {
  /** Dials per container (index as in the scenario), ordered by time. */
  readonly perContainer: readonly (readonly LabDial[])[];
  readonly total: number;
  /** When the last dial is due, ns after the start. */
  readonly lastDialNs: number;
  readonly notes: readonly string[];
  /** The DNS workloads' lookups (A and AAAA on one UDP socket), planned with their own generator. */
  readonly lookups?: LabLookupPlan;
}

export type PlanLabLoadResult =
  | { readonly ok: true; readonly plan: LabLoadPlan }
  | { readonly ok: false; readonly error: string };

/**
 * Expands the scenario's workloads into the dials each container's worker makes, as the emulator reads them
 * (docs/scenario-format.md): bursts, periodic dialers, Poisson arrivals and same-port binds. Spreads and
 * arrivals come from the seeded generator, so a seed gives the same schedule. DNS workloads become `lookups`
 * (planLabLookups).
 */
export function planLabLoad(
  scenario: Scenario,
  map: LabAddressMap,
  seed: number,
  limits: LabLoadLimits,
): PlanLabLoadResult {
  if (scenario.containers.length > MAX_LAB_CONTAINERS)
    return {
      ok: false,
      error: `the lab runs at most ${MAX_LAB_CONTAINERS} containers (one namespace and one process each); the scenario has ${scenario.containers.length}`,
    };
  const rng = new Xoshiro128(seed);
  const notes: string[] = [];
  const all: { container: number; dial: LabDial; seq: number }[] = [];
  let late = 0;
  let capped = false;
  const spread = (ns: number) => (ns > 0 ? rng.int(0, ns) : 0);

  for (const [w, workload] of scenario.workloads.entries()) {
    if (workload.type === 'dns') continue;
    const d = scenario.destinations[workload.destination]!;
    if (d.proto !== 'tcp' || d.backends.length > 0)
      return {
        ok: false,
        error: `workloads[${w}] dials ${d.name}, a ${d.backends.length > 0 ? "DNAT'ed service" : 'UDP destination'}: the lab runs TCP servers without DNAT only, so far`,
      };
    const base = {
      host: formatIpv4(mapLabIp(map, d.ip)),
      port: d.port,
      holdNs: workload.holdNs,
      workload: w,
    };
    /** Records a dial; false once no later dial of this loop can be kept. */
    const push = (container: number, atNs: number, localPort?: number): boolean => {
      if (all.length >= GENERATION_CAP) {
        capped = true;
        return false;
      }
      if (atNs > limits.maxDurationNs) {
        late++;
        return false;
      }
      const dial = localPort === undefined ? { ...base, atNs } : { ...base, atNs, localPort };
      all.push({ container, seq: all.length, dial });
      return true;
    };
    for (const c of workload.containers) expand(workload, c, spread, rng, push);
  }
  if (late > 0)
    notes.push(
      `connects scheduled after ${limits.maxDurationNs / NS_PER_S} s left out (${late} loops cut short)`,
    );
  if (capped) notes.push(`stopped expanding the workloads at ${GENERATION_CAP} connects`);

  all.sort((a, b) => a.dial.atNs - b.dial.atNs || a.seq - b.seq);
  let kept = all;
  if (kept.length > limits.maxConnections) {
    notes.push(
      `${kept.length - limits.maxConnections} connects beyond the first ${limits.maxConnections} left out`,
    );
    kept = kept.slice(0, limits.maxConnections);
  }
  const perContainer: LabDial[][] = scenario.containers.map(() => []);
  for (const x of kept) perContainer[x.container]!.push(x.dial);
  const lookups = scenario.workloads.some((w) => w.type === 'dns')
    ? planLabLookups(scenario, map, seed, limits)
    : undefined;
  return {
    ok: true,
    plan: {
      perContainer,
      total: kept.length,
      lastDialNs: kept.at(-1)?.dial.atNs ?? 0,
      notes: [...notes, ...(lookups?.notes ?? [])],
      ...(lookups && { lookups }),
    },
  };
}

function expand(
  w: Exclude<Workload, { type: 'dns' }>,
  container: number,
  spread: (ns: number) => number,
  rng: Xoshiro128,
  push: (container: number, atNs: number, localPort?: number) => boolean,
): void {
  switch (w.type) {
    case 'burst':
      for (let r = 0; r < w.repeat; r++)
        for (let k = 0; k < w.connections; k++)
          if (!push(container, w.startNs + r * w.intervalNs + spread(w.spreadNs))) return;
      return;
    case 'same-port':
      for (let r = 0; r < w.repeat; r++)
        if (!push(container, w.startNs + r * w.intervalNs + spread(w.spreadNs), w.port)) return;
      return;
    case 'periodic':
      for (let g = 0; g < w.threads; g++) {
        const offset = spread(w.spreadNs);
        for (let n = 0; n < w.count; n++) if (!push(container, w.startNs + offset + n * w.intervalNs)) break;
      }
      return;
    case 'poisson': {
      const meanNs = NS_PER_S / w.ratePerS;
      const end = w.startNs + w.durationNs;
      for (let t = w.startNs + rng.exponential(meanNs); t < end; t += rng.exponential(meanNs))
        if (!push(container, Math.round(t))) return;
      return;
    }
    default: {
      const never: never = w;
      throw new Error(`unknown workload ${JSON.stringify(never)}`);
    }
  }
}
