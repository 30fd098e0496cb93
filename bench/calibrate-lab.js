// Replays saved lab runs (`portclash lab --compare --json --raw`) in the emulator under candidate timings,
// so that calibration needs the lab once and the emulator as often as wanted (docs/validation.md).
// Usage: node bench/calibrate-lab.js [--timing '{"natToConfirmNs":1000}'] [--seeds 5] FILE.json=SCENARIO ...
// where SCENARIO is a scenario file or `builtin:<containers>` (the built-in lab scenario, 80 rounds).
//   --curve             also the SYN-gap-versus-clash table, pooled over the sets: rounds binned by how far apart their SYNs reached
//                       the node (runs made with the SYN capture), lab vs the emulator replaying each round alone
//   --fit 'W,..;J,..'   instead: per-round log-likelihood of the lab's outcomes under natToConfirm W µs and
//                       jitter J µs (each round replayed with --seeds seeds, default 8), one line per (W, J)
import { readFileSync } from 'node:fs';
import { kernelProfileFromRelease } from '../dist/core/kernel/kernel-profile-from-release.js';
import { compareLabEmulator } from '../dist/core/lab/compare-lab-emulator.js';
import { emulatorRunFacts } from '../dist/core/lab/compare-run-facts.js';
import { defaultLabScenarioText } from '../dist/core/lab/default-lab-scenario.js';
import { emulatorScenarioForLabRun } from '../dist/core/lab/emulator-scenario-for-lab-run.js';
import { labRounds } from '../dist/core/lab/lab-rounds.js';
import { simulate } from '../dist/core/sim/simulate.js';
import { NS_PER_MS } from '../dist/core/time/sim-time.js';
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
const fitGrid = opt('fit', undefined);
const curveWanted = args.includes('--curve');
if (curveWanted) args.splice(args.indexOf('--curve'), 1);
const seedsPerRun = Number(opt('seeds', fitGrid === undefined ? '1' : '8'));
const pct = (e) =>
  `${(100 * e.mean).toFixed(1)}% [${(100 * e.low).toFixed(1)}, ${(100 * e.high).toFixed(1)}]`;

const BINS_US = [0, 1, 2, 3, 5, 8, 12, 20, 50, Number.POSITIVE_INFINITY];
/** The curve over every set given: rounds binned by SYN gap, pooled. */
const curveBins = BINS_US.slice(0, -1).map(() => ({ n: 0, lab: 0, emu: 0 }));
const sets = args.map(loadSet);
if (fitGrid !== undefined) fitGridSearch(sets, fitGrid);
else {
  for (const set of sets) report(set);
  if (curveWanted) printCurve();
}

function loadSet(pair) {
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
  return { file, json, scenario, kernel };
}

function report({ file, json, scenario, kernel }) {
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
  if (curveWanted) curve({ json, scenario, kernel }, timing);
}

/** Each round of each run, alone, with whether the lab lost a SYN in it (a clash, on these scenarios). */
function roundsOf({ json }) {
  return json.runs.flatMap((r) =>
    labRounds(r.measurement, 900 * NS_PER_MS).map((round) => ({
      ...round,
      seed: r.seed * 1000 + round.workload,
    })),
  );
}

/** How many of `seeds` replays of the round alone clash in the emulator. */
function emulatedClashes({ scenario, kernel }, round, timing, seeds) {
  const s = emulatorScenarioForLabRun(scenario, round.measurement, { kernel, timing });
  let clashes = 0;
  for (let k = 0; k < seeds; k++)
    if (simulate(s, (round.seed * 31 + k) >>> 0).conntrack.total.insert_failed > 0) clashes++;
  return clashes;
}

function curve(set, timing) {
  const bins = curveBins;
  for (const round of roundsOf(set)) {
    if (round.synSpreadNs === undefined) continue;
    const us = round.synSpreadNs / 1000;
    const b = bins[BINS_US.findIndex((v, i) => us >= v && us < BINS_US[i + 1])];
    b.n++;
    if (round.lost) b.lab++;
    b.emu += emulatedClashes(set, round, timing, seedsPerRun) / seedsPerRun;
  }
}

function printCurve() {
  const pct = (x, n) => `${((100 * x) / n).toFixed(0)} %`;
  console.log('| SYN gap at the node | rounds | lab: clashed | emulator: clashed |\n|---|---|---|---|');
  curveBins.forEach((b, i) => {
    if (b.n > 0)
      console.log(
        `| ${BINS_US[i]}–${BINS_US[i + 1]} µs | ${b.n} | ${b.lab} (${pct(b.lab, b.n)}) | ${b.emu.toFixed(1)} (${pct(b.emu, b.n)}) |`,
      );
  });
}

function fitGridSearch(sets, grid) {
  const [ws, js] = grid.split(';').map((part) => part.split(',').map(Number));
  const all = sets.map((set) => ({ set, rounds: roundsOf(set).filter((r) => r.synSpreadNs !== undefined) }));
  console.log(
    `natToConfirm µs  jitter µs  ${all.map((a) => a.set.file.replace(/.*\//, '')).join('  ')}  logL/round`,
  );
  for (const w of ws)
    for (const j of js) {
      let logL = 0;
      let n = 0;
      const cells = all.map(({ set, rounds }) => {
        const timing = {
          ...set.scenario.timing,
          cpuPolicy: 'thread',
          ...timingOverride,
          natToConfirmNs: w * 1000,
          jitterNs: j * 1000,
        };
        timing.packetServiceNs = Math.max(timing.packetServiceNs, timing.natOffsetNs + timing.natToConfirmNs);
        let lab = 0;
        let emu = 0;
        for (const round of rounds) {
          const p = emulatedClashes(set, round, timing, seedsPerRun) / seedsPerRun;
          // A replay count of 0 or all is not certainty: clamp so that one surprise does not dominate.
          const q = Math.min(0.98, Math.max(0.02, p));
          logL += Math.log(round.lost ? q : 1 - q);
          n++;
          lab += round.lost ? 1 : 0;
          emu += p;
        }
        return `lab ${((100 * lab) / rounds.length).toFixed(0)}%/emu ${((100 * emu) / rounds.length).toFixed(0)}%`;
      });
      console.log(`${w}  ${j}  ${cells.join('  ')}  ${(logL / n).toFixed(4)}`);
    }
}
