import type { LabContainerRun, LabDialResult } from './lab-measurement.js';

/** A captured SYN reduced to what matching needs: who sent it, its ISN, and when (ns since the common start). */
export interface TimedSyn {
  readonly src: number;
  readonly sport: number;
  readonly seq: number;
  readonly atNs: number;
}

/** A dial's SYN is looked for this far before and after its connect() call (the clocks differ by µs, not ms). */
export const SYN_MATCH_WINDOW_NS = 20_000_000;

/**
 * Gives every dial the time its first SYN reached the node (`synNs`). A retransmission repeats the SYN's
 * initial sequence number, so for each (source address, source port) the first SYN of each ISN is a connection's
 * first SYN; same-port dials reuse one source port round after round, so each is matched, in call order, to the
 * earliest unused first-SYN within SYN_MATCH_WINDOW_NS of its call. Pure.
 */
export function matchSynTimes(
  containers: readonly LabContainerRun[],
  containerAddresses: readonly number[],
  syns: readonly TimedSyn[],
): LabContainerRun[] {
  const firsts = new Map<string, number[]>();
  const seen = new Set<string>();
  for (const syn of [...syns].sort((a, b) => a.atNs - b.atNs)) {
    const key = `${syn.src}:${syn.sport}`;
    if (seen.has(`${key}:${syn.seq}`)) continue;
    seen.add(`${key}:${syn.seq}`);
    const list = firsts.get(key) ?? [];
    list.push(syn.atNs);
    firsts.set(key, list);
  }
  return containers.map((run, c) => {
    const address = containerAddresses[c];
    const order = run.results
      .map((r, k) => ({ k, callNs: (run.dials[k]?.atNs ?? 0) + Math.max(0, r.lateNs) }))
      .sort((a, b) => a.callNs - b.callNs || a.k - b.k);
    const synNs = new Map<number, number | null>();
    const used = new Map<string, number>();
    for (const { k, callNs } of order) {
      const port = run.results[k]?.localPort;
      if (address === undefined || port === null || port === undefined) {
        synNs.set(k, null);
        continue;
      }
      const key = `${address}:${port}`;
      const times = firsts.get(key) ?? [];
      let i = used.get(key) ?? 0;
      while (i < times.length && (times[i] ?? 0) < callNs - SYN_MATCH_WINDOW_NS) i++;
      const t = times[i];
      if (t !== undefined && t <= callNs + SYN_MATCH_WINDOW_NS) {
        synNs.set(k, t);
        used.set(key, i + 1);
      } else synNs.set(k, null);
    }
    const results: LabDialResult[] = run.results.map((r, k) => ({ ...r, synNs: synNs.get(k) ?? null }));
    return { ...run, results };
  });
}
