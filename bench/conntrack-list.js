// `npm run bench:conntrack`: the doctor's streaming read of a 1 M-entry `conntrack -L` dump (parse + SNAT port
// tally, as `doctor --from` does it), median of 5, against `wc -l` and an awk one-liner on the same file, with the
// peak RSS. Issue #4's target: ≤ 1.5 s and bounded memory. Options: --lines 1000000 --reps 5
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCapturePath } from '../dist/platform/snapshot/read-capture-path.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const lines = Number(arg('lines', '1000000'));
const reps = Number(arg('reps', '5'));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const STATES = ['ESTABLISHED', 'TIME_WAIT', 'TIME_WAIT', 'SYN_SENT', 'CLOSE_WAIT'];

/** A node's table: 250 pods, 40 destinations, two SNAT addresses, a quarter UDP. */
function dumpLine(i) {
  const pod = `10.244.${(i >> 8) & 3}.${i & 255}`;
  const dst = `93.184.${(i >> 3) & 7}.${(i % 5) + 1}`;
  const nat = i & 1 ? '192.0.2.1' : '192.0.2.2';
  const sport = 32768 + (i % 28000);
  const hostPort = 1024 + ((i * 7919) % 64512);
  if (i % 4 === 3)
    return `udp      17 29 src=${pod} dst=${dst} sport=${sport} dport=53 src=${dst} dst=${nat} sport=53 dport=${hostPort} mark=0 use=1\n`;
  return `tcp      6 ${i % 432000} ${STATES[i % 5]} src=${pod} dst=${dst} sport=${sport} dport=443 src=${dst} dst=${nat} sport=443 dport=${hostPort} [ASSURED] mark=0 use=1\n`;
}

const dir = await mkdtemp(join(tmpdir(), 'portclash-bench-'));
const file = join(dir, 'conntrack-L.txt');
try {
  const out = createWriteStream(file);
  for (let i = 0; i < lines; i += 10_000) {
    let batch = '';
    for (let j = i; j < Math.min(lines, i + 10_000); j++) batch += dumpLine(j);
    if (!out.write(batch)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  global.gc?.();
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  const times = [];
  let digest;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const watch = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 20);
    // What `doctor --from conntrack-L.txt` does: the file is streamed and digested, only its head is kept.
    digest = (await readCapturePath(file)).files[0].conntrackList;
    clearInterval(watch);
    times.push((performance.now() - t0) / 1000);
    process.stderr.write(`rep ${r + 1}: ${times.at(-1).toFixed(3)} s\n`);
  }
  const timeOf = (argv) => {
    const ts = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      execFileSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] });
      ts.push((performance.now() - t0) / 1000);
    }
    return median(ts);
  };
  const parse = median(times);
  const wc = timeOf(['wc', '-l', file]);
  // The one-liner an operator would write: host ports per (SNAT address, destination), the most used.
  const awk = timeOf([
    'awk',
    '{ for (i = 1; i <= NF; i++) if ($i ~ /^src=/) s = i; n[$(s) " " $(s + 1) " " $(s + 2)]++ } END { m = 0; for (k in n) if (n[k] > m) m = n[k]; print m }',
    file,
  ]);
  const mb = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  console.log(
    `conntrack -L, ${lines} lines (${digest.totals.entries} entries, ${digest.portUse.destinations} SNAT destinations)`,
  );
  console.log(`| reader | median of ${reps} | portclash's time ÷ this |`);
  console.log('|---|---|---|');
  console.log(`| portclash streaming parse + tally | ${parse.toFixed(3)} s | 1 |`);
  console.log(`| wc -l | ${wc.toFixed(3)} s | ${(parse / wc).toFixed(1)} |`);
  console.log(`| awk one-liner | ${awk.toFixed(3)} s | ${(parse / awk).toFixed(2)} |`);
  console.log(
    `peak RSS ${mb(peakRss)} (${mb(peakRss - baseRss)} above the start), file ${mb(statSync(file).size)}`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
