import type { CaseOutcome } from '../core/sim/run-cases.js';
import type { SimResult } from '../core/sim/sim-result.js';
import { renderTextTable } from './render-text-table.js';

const sum = (runs: readonly SimResult[], f: (r: SimResult) => number): number =>
  runs.reduce((a, r) => a + f(r), 0);
const mean = (runs: readonly SimResult[], f: (r: SimResult) => number): number => sum(runs, f) / runs.length;

/** Milliseconds with three significant figures at most. */
export function formatMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

function formatRate(e: CaseOutcome['rates']['delayed1s']): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  return e.runs > 1 ? `${pct(e.mean)} [${pct(e.low)}, ${pct(e.high)}]` : pct(e.mean);
}

/** The columns `simulate` and `lab` tables share: who, how many, and what conntrack counted. */
export const CLASH_COLUMNS = [
  { header: 'kernel', align: 'left' },
  { header: 'rules', align: 'left' },
  { header: 'conns', align: 'right' },
  { header: 'insert_failed', align: 'right' },
  { header: 'drop', align: 'right' },
  { header: 'clash_resolve', align: 'right' },
  { header: 'SYNs lost', align: 'right' },
  { header: '≥1 s', align: 'right' },
] as const;

/**
 * The comparison table `portclash simulate` prints. Counts are totals over all runs; latencies are the mean
 * p50/p99 over runs and the overall max; with several runs the delay rate carries its 95 % interval.
 */
export function renderSimulateTable(outcomes: readonly CaseOutcome[]): string {
  const multi = outcomes.some((o) => o.runs.length > 1);
  const columns = [
    ...CLASH_COLUMNS,
    ...(multi ? [{ header: '≥1 s rate (95% CI)', align: 'right' } as const] : []),
    { header: 'connect p50/p99/max ms', align: 'right' },
    { header: 'DNS ≥5 s', align: 'right' },
  ] as const;
  const rows = outcomes.map((o) => {
    const r = o.runs;
    const cells = [
      o.kernel,
      o.rules,
      String(sum(r, (x) => x.tcp.attempted)),
      String(sum(r, (x) => x.conntrack.total.insert_failed)),
      String(sum(r, (x) => x.conntrack.total.drop)),
      String(sum(r, (x) => x.conntrack.total.clash_resolve)),
      String(sum(r, (x) => x.tcp.synsLost)),
      String(sum(r, (x) => x.tcp.delayed1s)),
      ...(multi ? [formatRate(o.rates.delayed1s)] : []),
      [
        formatMs(mean(r, (x) => x.tcp.connectMs.p50)),
        formatMs(mean(r, (x) => x.tcp.connectMs.p99)),
        formatMs(Math.max(...r.map((x) => x.tcp.connectMs.max))),
      ].join(' / '),
      `${sum(r, (x) => x.dns.delayed5s)}/${sum(r, (x) => x.dns.lookups)}`,
    ];
    return cells;
  });
  return renderTextTable(columns, rows);
}
