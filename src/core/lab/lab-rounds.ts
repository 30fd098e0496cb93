import type { LabMeasurement } from './lab-measurement.js';

/** One round of a race scenario: the dials of one workload, from different containers, at one instant. */
export interface LabRound {
  /** The workload (index into the scenario's) the dials came from. */
  readonly workload: number;
  /** Dials in the round (2 in the built-in race). */
  readonly dials: number;
  /** Largest minus smallest first-SYN time at the node, ns; undefined when a dial has no captured SYN. */
  readonly synSpreadNs?: number;
  /** A dial of the round took at least `lostAfterNs` to connect, or never did: its SYN was lost. */
  readonly lost: boolean;
  /** The run cut down to this round's dials: what the emulator replays to judge the round alone. */
  readonly measurement: LabMeasurement;
}

/**
 * Splits a lab run into its rounds (dials grouped by workload, rounds with at least two dials), for the
 * SYN-gap-versus-clash curve (docs/validation.md): how often two SYNs so far apart at the node clashed in the
 * kernel, and in the emulator replaying the same round. Pure.
 */
export function labRounds(m: LabMeasurement, lostAfterNs: number): LabRound[] {
  const byWorkload = new Map<number, { c: number; k: number }[]>();
  for (const [c, run] of m.containers.entries()) {
    for (const [k, dial] of run.dials.entries()) {
      if (run.results[k] === undefined) continue;
      const list = byWorkload.get(dial.workload) ?? [];
      list.push({ c, k });
      byWorkload.set(dial.workload, list);
    }
  }
  const rounds: LabRound[] = [];
  for (const [workload, picks] of [...byWorkload].sort((a, b) => a[0] - b[0])) {
    if (picks.length < 2) continue;
    const results = picks.map(({ c, k }) => m.containers[c]!.results[k]!);
    const syns = results.map((r) => r.synNs);
    const timed = syns.every((s): s is number => typeof s === 'number');
    const containers = m.containers.map((run, c) => {
      const keep = picks.filter((p) => p.c === c).map((p) => p.k);
      return {
        ...run,
        dials: keep.map((k) => run.dials[k]!),
        results: keep.map((k) => run.results[k]!),
      };
    });
    rounds.push({
      workload,
      dials: picks.length,
      ...(timed && { synSpreadNs: Math.max(...syns) - Math.min(...syns) }),
      lost: results.some((r) => r.connectNs === null || r.connectNs >= lostAfterNs),
      measurement: { ...m, containers },
    });
  }
  return rounds;
}
