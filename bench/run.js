// `npm run bench`: connection set-ups per second and bytes per live conntrack entry for 1 M and 10 M
// connections under each rule set (median of 5), and the wall time of the default `portclash simulate`.
// Not a test: figures go into the README. Options: --sizes 1000000,10000000 --reps 5 --strategies a,b --no-steady
// (skips the steady-state row: 1 M connections over 400 s with expiry).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulate } from '../dist/core/sim/simulate.js';
import { STRATEGIES } from '../dist/core/sim/strategy.js';
import { scaleScenario } from './scale-scenario.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg('sizes', '1000000,10000000').split(',').map(Number);
const reps = Number(arg('reps', '5'));
const strategies = arg('strategies', STRATEGIES.join(',')).split(',');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function defaultSimulateSeconds() {
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, [join(root, 'bin', 'portclash.js'), 'simulate'], { stdio: 'ignore' });
    times.push((performance.now() - t0) / 1000);
  }
  return median(times);
}

/** One simulation after a collection; its result and connection set-ups per second of wall time. */
function timedRun(scenario, seed) {
  global.gc?.();
  const t0 = performance.now();
  const result = simulate(scenario, seed);
  return { result, rate: result.tcp.attempted / ((performance.now() - t0) / 1000) };
}

const rows = [];
const perConnNs = new Map();
for (const n of sizes) {
  for (const strategy of strategies) {
    const rates = [];
    const bytes = [];
    const lost = [];
    for (let r = 0; r < reps; r++) {
      const { result, rate } = timedRun(scaleScenario({ connections: n, strategy }), r + 1);
      rates.push(rate);
      bytes.push(result.conntrack.emulatorBytes / Math.max(1, result.conntrack.entries));
      lost.push(result.tcp.synsLost);
      process.stderr.write(
        `${n} ${strategy} rep ${r + 1}: ${(rates.at(-1) / 1e6).toFixed(3)} M/s, ${bytes.at(-1).toFixed(0)} B/entry, ` +
          `${result.conntrack.entries} live entries, ${result.tcp.synsLost} SYNs lost\n`,
      );
    }
    const rate = median(rates);
    perConnNs.set(`${n} ${strategy}`, 1e9 / rate);
    rows.push({ n, strategy, rate, bytes: median(bytes), lost: median(lost) });
  }
}
// Steady state: 1 M connections over 400 s, so entries expire (TIME_WAIT 120 s) for the last 280 s and the table
// stays near 300 k: the rows above only grow their tables, this one also times the expiry path.
const steadyRates = [];
if (!process.argv.includes('--no-steady')) {
  for (let r = 0; r < reps; r++) {
    const { result, rate } = timedRun(
      scaleScenario({ connections: 1_000_000, strategy: 'masquerade', seconds: 400 }),
      r + 1,
    );
    steadyRates.push(rate);
    process.stderr.write(
      `steady 1000000 masquerade rep ${r + 1}: ${(steadyRates.at(-1) / 1e6).toFixed(3)} M/s, ` +
        `${result.conntrack.maxEntries} entries at most\n`,
    );
  }
}
const defaultSeconds = defaultSimulateSeconds();

const lines = [
  '| connections | rule set | set-ups/s (median) | bytes per live entry | SYNs lost (median) |',
  '|---:|---|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${(r.n / 1e6).toFixed(0)} M | ${r.strategy} | ${(r.rate / 1e6).toFixed(2)} M | ${r.bytes.toFixed(0)} | ${r.lost} |`,
  ),
];
if (sizes.length > 1) {
  const [a, b] = [sizes[0], sizes.at(-1)];
  const ratios = strategies.map((s) => (perConnNs.get(`${b} ${s}`) / perConnNs.get(`${a} ${s}`)).toFixed(2));
  lines.push(
    '',
    `Cost per connection at ${b / 1e6} M ÷ at ${a / 1e6} M: ${strategies.map((s, i) => `${s} ${ratios[i]}`).join(', ')}.`,
  );
}
if (steadyRates.length > 0) {
  lines.push(
    '',
    `Steady state (1 M connections over 400 s, masquerade, entries expiring, ~300 k live): ` +
      `${(median(steadyRates) / 1e6).toFixed(2)} M set-ups/s median of ${reps}.`,
  );
}
lines.push(
  '',
  `Default \`portclash simulate\` (8 runs, node start included): ${defaultSeconds.toFixed(2)} s median of ${reps}.`,
);
process.stdout.write(`${lines.join('\n')}\n`);
