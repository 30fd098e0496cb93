import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../formats/scenario/parse-scenario-text.js';
import { kernelProfileFromRelease } from '../kernel/kernel-profile-from-release.js';
import type { Scenario } from '../scenario/scenario.js';
import { simulate } from '../sim/simulate.js';
import { NS_PER_MS, NS_PER_S } from '../time/sim-time.js';
import { defaultLabScenarioText } from './default-lab-scenario.js';
import { emulatorScenarioForLabRun } from './emulator-scenario-for-lab-run.js';
import { buildLabAddressMap } from './lab-address-map.js';
import type { LabMeasurement } from './lab-measurement.js';
import { planLabLoad } from './plan-lab-load.js';
import { labMeasurement } from './test-lab-measurement.js';

const ROUNDS = 3;

function builtIn(): Scenario {
  const parsed = parseScenarioText(
    defaultLabScenarioText({ kernel: '5.15.0', cpus: 4, rounds: ROUNDS }),
    'lab.yaml',
  );
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  return parsed.scenario;
}

/** A lab run of the built-in scenario on 2 CPUs: worker c pinned to cpus[c], late by late[c] ns on every dial. */
function measurement(s: Scenario, cpus: readonly number[], late: readonly number[]): LabMeasurement {
  const map = buildLabAddressMap(s);
  if (!map.ok) throw new Error(map.error);
  const plan = planLabLoad(s, map.map, 1, { maxConnections: 1000, maxDurationNs: 60 * NS_PER_S });
  if (!plan.ok) throw new Error(plan.error);
  return labMeasurement({
    loadMs: 1000,
    containers: plan.plan.perContainer.map((dials, c) => ({
      name: `app-${c + 1}`,
      netns: `portclash-r-c${c + 1}`,
      cpu: cpus[c] ?? null,
      dials,
      results: dials.map(() => ({
        localPort: 40000,
        connectNs: NS_PER_MS,
        error: null,
        lateNs: late[c] ?? 0,
      })),
    })),
  });
}

const profile = (() => {
  const r = kernelProfileFromRelease('6.18.44');
  if (!r.ok) throw new Error(r.error);
  return r.profile;
})();
const timing = {
  packetServiceNs: 5_000,
  natOffsetNs: 3_000,
  natToConfirmNs: 1_000,
  jitterNs: 0,
  dnsGapNs: 1_000,
  cpuPolicy: 'thread' as const,
};

describe('emulatorScenarioForLabRun', () => {
  it('replays each dial when the worker really issued it, on its worker’s CPU, with this kernel', () => {
    const s = builtIn();
    const e = emulatorScenarioForLabRun(s, measurement(s, [0, 1], [4_000, 7_500]), {
      kernel: profile,
      timing,
    });
    expect(e.kernel.release).toBe('6.18.44');
    expect(e.cpus).toBe(2);
    expect(e.containers.map((c) => c.cpu)).toEqual([0, 1]);
    expect(e.workloads).toHaveLength(2 * ROUNDS);
    expect(e.workloads.slice(0, 2)).toMatchObject([
      { type: 'same-port', port: 40000, containers: [0], startNs: 4_000, repeat: 1, spreadNs: 0 },
      { type: 'same-port', port: 40000, containers: [1], startNs: 7_500 },
    ]);
    expect(e.workloads[2]).toMatchObject({ port: 40001, startNs: 40 * NS_PER_MS + 4_000 });
    expect(e.timing).toBe(timing);
  });

  it.each([
    ['SYNs within the NAT→confirm window on two CPUs clash every round', [0, 1], [0, 500], ROUNDS],
    ['SYNs further apart than the window do not', [0, 1], [0, 1_500], 0],
    ['workers pinned to one CPU are serialised and never clash', [0, 0], [0, 0], 0],
  ] as const)('%s', (_, cpus, late, clashes) => {
    const s = builtIn();
    const e = emulatorScenarioForLabRun(s, measurement(s, cpus, late), { kernel: profile, timing });
    const r = simulate(e, 1);
    expect(r.conntrack.total.insert_failed).toBe(clashes);
    expect(r.tcp.attempted).toBe(2 * ROUNDS);
  });

  it('leaves out dials without a result, and keeps unpinned containers round-robin', () => {
    const s = builtIn();
    const m = measurement(s, [], [0, 0]);
    const cut = { ...m, containers: m.containers.map((c) => ({ ...c, results: c.results.slice(0, 1) })) };
    const e = emulatorScenarioForLabRun(s, cut, { kernel: profile });
    expect(e.workloads).toHaveLength(2);
    expect(e.containers.every((c) => c.cpu === undefined)).toBe(true);
    expect(e.timing).toBe(s.timing);
  });

  it("runs each dial from its captured SYN time when the run had a capture (the workers' clock is µs off)", () => {
    const s = builtIn();
    // The workers' calls look 40 µs apart, but the SYNs reached the node 200 ns apart: the kernel's clock wins.
    const m = measurement(s, [0, 1], [0, 40_000]);
    const timed = {
      ...m,
      containers: m.containers.map((c, i) => ({
        ...c,
        results: c.results.map((r, k) => ({
          ...r,
          // Container 2's SYN of round 3 was not captured: its call moved by the median call → SYN delay (300 µs).
          synNs: i === 1 && k === 2 ? null : k * 40 * NS_PER_MS + 300_000 + i * 200,
        })),
      })),
    };
    const e = emulatorScenarioForLabRun(s, timed, { kernel: profile, timing });
    const starts = (c: number) => e.workloads.filter((w) => w.containers[0] === c).map((w) => w.startNs);
    expect(starts(0)).toEqual([0, 1, 2].map((k) => k * 40 * NS_PER_MS + 300_000));
    expect(starts(1)).toEqual([300_200, 40 * NS_PER_MS + 300_200, 80 * NS_PER_MS + 40_000 + 300_000]);
    const r = simulate(e, 1);
    expect(r.conntrack.total.insert_failed).toBe(2);
  });
});
