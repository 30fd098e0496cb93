import type { KernelProfile } from '../kernel/kernel-profile.js';
import type { Scenario, Timing, Workload } from '../scenario/scenario.js';
import type { LabDialResult, LabMeasurement } from './lab-measurement.js';

export interface EmulatorScenarioOptions {
  /** The kernel that was measured (`kernelProfileFromRelease(uname -r)`). */
  readonly kernel: KernelProfile;
  /** Replaces the scenario's timing (calibration candidates); absent: the scenario's own. */
  readonly timing?: Timing;
}

/**
 * The scenario the emulator must run to face the load a lab run actually put on the kernel: one workload per
 * dial the workers made, starting when its first SYN reached the node (the capture's kernel timestamps, `synNs`)
 * or, without a capture, when the worker issued its connect() (schedule + lateness; µs off, docs/validation.md
 * finding 7); each container's threads on the CPU its worker was pinned to, the machine's CPU count and kernel;
 * one DNS workload per lookup, likewise. Dials and lookups a worker never issued are left out.
 */
export function emulatorScenarioForLabRun(
  scenario: Scenario,
  m: LabMeasurement,
  o: EmulatorScenarioOptions,
): Scenario {
  const workloads: Workload[] = [];
  const startOf = dialClock(m);
  m.containers.forEach((run, c) => {
    run.dials.forEach((dial, k) => {
      const result = run.results[k];
      if (result === undefined) return;
      const source = scenario.workloads[dial.workload];
      if (source === undefined || source.type === 'dns') return;
      const base = {
        containers: [c],
        destination: source.destination,
        startNs: startOf(dial.atNs, result),
        holdNs: dial.holdNs,
      };
      workloads.push(
        dial.localPort === undefined
          ? { ...base, type: 'burst', connections: 1, spreadNs: 0, repeat: 1, intervalNs: 1 }
          : { ...base, type: 'same-port', port: dial.localPort, spreadNs: 0, repeat: 1, intervalNs: 1 },
      );
    });
    // One DNS workload per lookup the worker started, at its real start (schedule + lateness).
    (run.lookups ?? []).forEach((lookup, k) => {
      const result = run.lookupResults?.[k];
      const source = scenario.workloads[lookup.workload];
      if (result === undefined || source === undefined || source.type !== 'dns') return;
      workloads.push({
        type: 'dns',
        containers: [c],
        destination: source.destination,
        startNs: lookup.atNs + Math.max(0, result.lateNs),
        holdNs: source.holdNs,
        lookups: 1,
        intervalNs: 1,
        spreadNs: 0,
      });
    });
  });
  const earliest = Math.min(0, ...workloads.map((w) => w.startNs));
  const shifted = workloads.map((w) => (earliest < 0 ? { ...w, startNs: w.startNs - earliest } : w));
  shifted.sort((a, b) => a.startNs - b.startNs);
  return {
    ...scenario,
    kernel: o.kernel,
    cpus: m.cpus,
    containers: scenario.containers.map((container, c) => {
      const cpu = m.containers[c]?.cpu;
      return cpu === null || cpu === undefined ? container : { ...container, cpu };
    }),
    workloads: shifted,
    timing: o.timing ?? scenario.timing,
  };
}

/**
 * When a dial reached the node: its captured SYN time; for a dial whose SYN was not captured in a run that had a
 * capture, its call time moved by the run's median call → SYN delay; without a capture, its call time.
 */
function dialClock(m: LabMeasurement): (atNs: number, r: LabDialResult) => number {
  const call = (atNs: number, r: LabDialResult) => atNs + Math.max(0, r.lateNs);
  const delays: number[] = [];
  for (const run of m.containers)
    run.results.forEach((r, k) => {
      const dial = run.dials[k];
      if (dial !== undefined && typeof r.synNs === 'number') delays.push(r.synNs - call(dial.atNs, r));
    });
  delays.sort((a, b) => a - b);
  const delay = delays[Math.floor(delays.length / 2)] ?? 0;
  return (atNs, r) => (typeof r.synNs === 'number' ? r.synNs : call(atNs, r) + delay);
}
