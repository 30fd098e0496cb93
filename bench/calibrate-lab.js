// Replays saved lab runs (`portclash lab --compare --json --raw`) in the emulator under candidate timings,
// so that calibration needs the lab once and the emulator as often as wanted (docs/validation.md).
// Usage: node bench/calibrate-lab.js [--timing '{"natToConfirmNs":1000}'] [--seeds 5] FILE.json=SCENARIO ...
// where SCENARIO is a scenario file or `builtin:<containers>` (the built-in lab scenario, 80 rounds).
import { readFileSync } from 'node:fs';
import { kernelProfileFromRelease } from '../dist/core/kernel/kernel-profile-from-release.js';
import { compareLabEmulator } from '../dist/core/lab/compare-lab-emulator.js';
import { emulatorRunFacts } from '../dist/core/lab/compare-run-facts.js';
import { defaultLabScenarioText } from '../dist/core/lab/default-lab-scenario.js';
import { emulatorScenarioForLabRun } from '../dist/core/lab/emulator-scenario-for-lab-run.js';
import { simulate } from '../dist/core/sim/simulate.js';
import { parseScenarioText } from '../dist/formats/scenario/parse-scenario-text.js';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const timingOverride = JSON.parse(opt('timing', '{}'));
const seedsPerRun = Number(opt('seeds', '1'));
const pct = (e) =>
  `${(100 * e.mean).toFixed(1)}% [${(100 * e.low).toFixed(1)}, ${(100 * e.high).toFixed(1)}]`;

for (const pair of args) {
  const [file, source] = pair.split('=');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const first = json.runs[0].measurement;
  const text = source.startsWith('builtin:')
    ? defaultLabScenarioText({
        kernel: first.kernelRelease,
        cpus: first.cpus,
        containers: Number(source.slice(8)),
      })
    : readFileSync(source, 'utf8');
  const parsed = parseScenarioText(text, source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  let scenario = parsed.scenario;
  if (json.rules.includes('random-fully'))
    scenario = {
      ...scenario,
      nat: scenario.nat.map((r) => ({
        ...r,
        target: { ...r.target, flags: { ...r.target.flags, randomFully: true } },
      })),
    };
  const kernel = kernelProfileFromRelease(first.kernelRelease).profile;
  const timing = { ...scenario.timing, cpuPolicy: 'thread', ...timingOverride };
  const lab = json.runs.map((r) => r.lab);
  const emu = json.runs.flatMap((r) =>
    Array.from({ length: seedsPerRun }, (_, k) => {
      const s = emulatorScenarioForLabRun(scenario, r.measurement, { kernel, timing });
      return emulatorRunFacts(s, simulate(s, r.seed + 1000 * k, { conntrackList: true }));
    }),
  );
  const late = json.runs.flatMap((r) =>
    r.measurement.containers.flatMap((c) => c.results.map((x) => x.lateNs)),
  );
  late.sort((a, b) => a - b);
  const rows = compareLabEmulator(lab, emu);
  const ins = rows.find((r) => r.key === 'insertFailed');
  const none = rows.find((r) => r.key === 'sharedPortsNoneKept');
  console.log(
    [
      file.replace(/.*\//, ''),
      `N=${lab.length}/${emu.length}`,
      `late p50 ${(late[late.length >> 1] / 1000).toFixed(1)}µs p90 ${(late[Math.floor(late.length * 0.9)] / 1000).toFixed(1)}µs`,
      `lab ${pct(ins.lab.estimate)}`,
      `emu ${pct(ins.emulator.estimate)}`,
      ins.verdict,
      `noneKept lab Σ${none.lab.events} emu Σ${none.emulator.events}`,
      rows
        .filter((r) => r.verdict === 'disagree')
        .map((r) => r.key)
        .join(',') || '-',
    ].join('  '),
  );
}
