import type { KernelProfile } from '../kernel/kernel-profile.js';
import type { Scenario, Timing, Workload } from '../scenario/scenario.js';
import type { LabMeasurement } from './lab-measurement.js';

export interface EmulatorScenarioOptions {
  /** The kernel that was measured (`kernelProfileFromRelease(uname -r)`). */
  readonly kernel: KernelProfile;
  /** Replaces the scenario's timing (calibration candidates); absent: the scenario's own. */
  readonly timing?: Timing;
}

/**
 * The scenario the emulator must run to face the load a lab run actually put on the kernel: one workload per
 * dial the workers made, starting when the worker really issued its connect() (schedule + lateness, so the
 * microseconds between two containers' SYNs are the lab's, not zero), each container's threads on the CPU its
 * worker was pinned to, the machine's CPU count and kernel; one DNS workload per lookup, likewise. Dials and
 * lookups a worker never issued are left out.
 */
export function emulatorScenarioForLabRun(
  scenario: Scenario,
  m: LabMeasurement,
  o: EmulatorScenarioOptions,
): Scenario {
  const workloads: Workload[] = [];
  m.containers.forEach((run, c) => {
    run.dials.forEach((dial, k) => {
      const result = run.results[k];
      if (result === undefined) return;
      const source = scenario.workloads[dial.workload];
      if (source === undefined || source.type === 'dns') return;
      const base = {
        containers: [c],
        destination: source.destination,
        startNs: dial.atNs + Math.max(0, result.lateNs),
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
  workloads.sort((a, b) => a.startNs - b.startNs);
  return {
    ...scenario,
    kernel: o.kernel,
    cpus: m.cpus,
    containers: scenario.containers.map((container, c) => {
      const cpu = m.containers[c]?.cpu;
      return cpu === null || cpu === undefined ? container : { ...container, cpu };
    }),
    workloads,
    timing: o.timing ?? scenario.timing,
  };
}
