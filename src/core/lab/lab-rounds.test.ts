import { describe, expect, it } from 'vitest';
import { NS_PER_MS, NS_PER_S } from '../time/sim-time.js';
import type { LabContainerRun } from './lab-measurement.js';
import { labRounds } from './lab-rounds.js';
import { labMeasurement } from './test-lab-measurement.js';

const run = (
  c: number,
  rounds: readonly { synNs?: number | null; connectNs: number | null }[],
): LabContainerRun => ({
  name: `app-${c}`,
  netns: `portclash-r-c${c}`,
  cpu: c,
  dials: rounds.map((_, k) => ({
    atNs: k * 40 * NS_PER_MS,
    host: '198.19.0.2',
    port: 5061,
    localPort: 40000 + k,
    holdNs: 0,
    workload: k,
  })),
  results: rounds.map((r) => ({
    localPort: 40000,
    connectNs: r.connectNs,
    error: null,
    lateNs: 0,
    ...(r.synNs !== undefined && { synNs: r.synNs }),
  })),
});

const measurement = (containers: LabContainerRun[]) => labMeasurement({ containers, loadMs: 100 });

describe('labRounds', () => {
  it('pairs the dials of each workload, with their SYN spread and whether a SYN was lost', () => {
    const m = measurement([
      run(0, [
        { synNs: 1_000, connectNs: NS_PER_MS },
        { synNs: 40_000_000, connectNs: NS_PER_S + 5 },
        { synNs: null, connectNs: null },
      ]),
      run(1, [
        { synNs: 1_150, connectNs: NS_PER_MS },
        { synNs: 40_012_000, connectNs: NS_PER_MS },
        { synNs: 80_000_000, connectNs: NS_PER_MS },
      ]),
    ]);
    const rounds = labRounds(m, 900 * NS_PER_MS);
    expect(rounds.map((r) => [r.workload, r.dials, r.synSpreadNs, r.lost])).toEqual([
      [0, 2, 150, false],
      [1, 2, 12_000, true],
      [2, 2, undefined, true],
    ]);
    // Each round's measurement holds only its own dials, so the emulator can replay it alone.
    expect(rounds[1]!.measurement.containers.map((c) => c.dials.map((d) => d.workload))).toEqual([[1], [1]]);
    expect(rounds[1]!.measurement.containers[1]!.results[0]!.synNs).toBe(40_012_000);
  });

  it('leaves out workloads with a single dial (nothing to race with)', () => {
    const m = measurement([run(0, [{ connectNs: NS_PER_MS }]), run(1, [])]);
    expect(labRounds(m, NS_PER_S)).toEqual([]);
  });
});
