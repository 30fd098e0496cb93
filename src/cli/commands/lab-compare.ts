import { synRetransmitSchedule } from '../../core/clients/syn-retransmit-schedule.js';
import type { KernelProfile } from '../../core/kernel/kernel-profile.js';
import { kernelProfileFromRelease } from '../../core/kernel/kernel-profile-from-release.js';
import {
  type CompareRow,
  type CompareRunFacts,
  compareLabEmulator,
} from '../../core/lab/compare-lab-emulator.js';
import { emulatorRunFacts, labRunFacts } from '../../core/lab/compare-run-facts.js';
import { emulatorScenarioForLabRun } from '../../core/lab/emulator-scenario-for-lab-run.js';
import type { LabMeasurement } from '../../core/lab/lab-measurement.js';
import { summarizeLabRun } from '../../core/lab/summarize-lab-run.js';
import type { Scenario, Timing } from '../../core/scenario/scenario.js';
import { simulate } from '../../core/sim/simulate.js';
import type { Io } from '../../platform/io.js';
import type { Lab, LabRunRequest } from '../../platform/lab/lab-port.js';
import { renderLabCompareTable } from '../../report/render-lab-compare-table.js';

export const LAB_COMPARE_JSON_SCHEMA = 'portclash.lab-compare/v1';

export interface LabCompareOptions {
  readonly runs: number;
  readonly json: boolean;
  /** Include each lab run's raw measurement in the JSON (for recalibrating offline). */
  readonly raw: boolean;
  readonly rules: string;
}

interface ComparedRun {
  readonly seed: number;
  readonly runId: string;
  readonly lab: CompareRunFacts;
  readonly emulator: CompareRunFacts;
  readonly measurement: LabMeasurement;
}

/**
 * `portclash lab --compare`: the lab `runs` times (seeds seed..seed+runs-1), and after each the emulator on the
 * load that run really made (emulatorScenarioForLabRun) with this machine's kernel profile, then both side by
 * side. The lab's veth pairs have no RPS, so a packet is handled on its sender's CPU: the emulator runs with
 * `cpuPolicy: thread` and the workers' CPUs.
 */
export async function runLabCompare(
  io: Io,
  lab: Lab,
  scenario: Scenario,
  request: Omit<LabRunRequest, 'scenario' | 'seed' | 'keep'> & { readonly seed: number },
  o: LabCompareOptions,
): Promise<void> {
  const release = lab.describeMachine().kernelRelease;
  const parsed = kernelProfileFromRelease(release);
  const notes: string[] = [];
  let kernel: KernelProfile = scenario.kernel;
  if (parsed.ok) kernel = parsed.profile;
  else notes.push(`uname -r ${release} not understood; the emulator used ${scenario.kernel.release}`);
  const timing: Timing = { ...scenario.timing, cpuPolicy: 'thread' };
  const runs: ComparedRun[] = [];
  for (let i = 0; i < o.runs; i++) {
    const seed = (request.seed + i) >>> 0;
    request.onProgress?.(`run ${i + 1} of ${o.runs}`);
    const outcome = await lab.run({ ...request, scenario, seed, keep: false });
    const m = outcome.measurement;
    const syn = synRetransmitSchedule(
      kernel,
      scenario.sysctl.tcp_syn_retries,
      scenario.sysctl.tcp_syn_linear_timeouts,
    );
    const emuScenario = emulatorScenarioForLabRun(scenario, m, { kernel, timing });
    const result = simulate(emuScenario, seed, { conntrackList: true });
    runs.push({
      seed,
      runId: m.runId,
      lab: labRunFacts(m, summarizeLabRun(m, syn)),
      emulator: emulatorRunFacts(emuScenario, result),
      measurement: m,
    });
    for (const n of m.notes) if (!notes.includes(n)) notes.push(n);
  }
  const rows = compareLabEmulator(
    runs.map((r) => r.lab),
    runs.map((r) => r.emulator),
  );
  if (o.json) {
    io.stdout(`${JSON.stringify(toJson(release, scenario, timing, rows, runs, notes, o), null, 2)}\n`);
    return;
  }
  io.stdout(
    `portclash lab --compare · ${release} · scenario ${scenario.name} · ${o.rules} · ${o.runs} runs each\n`,
  );
  const captured = runs.every((r) =>
    r.measurement.containers.every((c) => c.results.every((x) => x.synNs !== undefined)),
  );
  const clock = captured ? "SYN times captured on the node's bridge" : "the workers' connect() times";
  io.stdout(
    `emulator: the load each lab run made (${clock}), kernel profile of ${kernel.release}, timing ${describeTiming(timing)}\n\n`,
  );
  io.stdout(renderLabCompareTable(rows));
  io.stdout(`\n${summarizeVerdicts(rows)}\n`);
  if (notes.length > 0) io.stdout(`\nnotes:\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
}

export function describeTiming(t: Timing): string {
  const us = (ns: number) => `${ns / 1000}`;
  return `packetService ${us(t.packetServiceNs)} µs, natOffset ${us(t.natOffsetNs)} µs, natToConfirm ${us(t.natToConfirmNs)} µs, jitter ${us(t.jitterNs)} µs, cpuPolicy ${t.cpuPolicy}`;
}

function summarizeVerdicts(rows: readonly CompareRow[]): string {
  const count = (v: CompareRow['verdict']) => rows.filter((r) => r.verdict === v).length;
  const disagree = rows.filter((r) => r.verdict === 'disagree').map((r) => r.label);
  return `${count('agree')} agree, ${count('disagree')} disagree, ${count('inconclusive')} inconclusive${
    disagree.length > 0 ? ` — the emulator differs from this kernel on: ${disagree.join('; ')}` : ''
  }`;
}

function toJson(
  kernel: string,
  scenario: Scenario,
  timing: Timing,
  rows: readonly CompareRow[],
  runs: readonly ComparedRun[],
  notes: readonly string[],
  o: LabCompareOptions,
) {
  return {
    schema: LAB_COMPARE_JSON_SCHEMA,
    kernel,
    scenario: scenario.name,
    rules: o.rules,
    emulatorTiming: timing,
    rows,
    runs: runs.map((r) => ({
      seed: r.seed,
      runId: r.runId,
      lab: r.lab,
      emulator: r.emulator,
      ...(o.raw ? { measurement: r.measurement } : {}),
    })),
    notes,
  };
}
