import type { CounterName } from '../core/netfilter/counters.js';
import { sumCpus } from './build-conntrack-series.js';
import type { Evidence } from './evidence.js';
import type { ConntrackSeries } from './facts.js';

/** One counter of a series: its increase between two samples, or its total since boot from one. */
export interface CounterReading {
  readonly name: CounterName;
  readonly mode: 'growth' | 'total';
  /** The increase (growth) or the sum over CPUs (total). */
  readonly value: number;
  readonly seconds?: number;
  readonly perSecond?: number;
  /** CPUs where it is not 0. */
  readonly cpus: readonly number[];
  /** One row per such CPU (at most 8), from the last sample. */
  readonly evidence: readonly Evidence[];
}

const MAX_ROWS = 8;

export function readCounter(series: ConntrackSeries, name: CounterName): CounterReading {
  const last = series.samples.at(-1)!;
  const first = series.samples[0]!;
  const growth = series.growth;
  const perCpu = growth ? growth.perCpu : last.cpus;
  const cpus = perCpu.flatMap((c, cpu) => (c[name] > 0 ? [cpu] : []));
  const where = series.netns === '' ? undefined : `netns ${series.netns}`;
  const evidence: Evidence[] = cpus.slice(0, MAX_ROWS).map((cpu) => {
    const now = last.cpus[cpu]?.[name] ?? 0;
    const text = growth
      ? `cpu=${cpu} ${name}=${first.cpus[cpu]?.[name] ?? 0} → ${now} (+${perCpu[cpu]?.[name] ?? 0})`
      : `cpu=${cpu} ${name}=${now}`;
    return { file: last.file, line: last.lines[cpu] ?? 1, text, ...(where && { where }) };
  });
  const value = growth ? growth.total[name] : sumCpus(last.cpus)[name];
  const seconds = growth?.seconds;
  return {
    name,
    mode: growth ? 'growth' : 'total',
    value,
    ...(seconds !== undefined && { seconds, perSecond: Math.round((value / seconds) * 100) / 100 }),
    cpus,
    evidence,
  };
}

/** `grew by 42 in 10 s (4.2/s) on CPU 0, 3` / `is 42 since boot on CPU 0, 3` (netns named when not the host's). */
export function describeReading(r: CounterReading, series: ConntrackSeries): string {
  const on =
    r.cpus.length === 0 ? '' : ` on CPU ${r.cpus.slice(0, 16).join(', ')}${r.cpus.length > 16 ? ', …' : ''}`;
  const ns = series.netns === '' ? '' : ` in netns ${series.netns}`;
  if (r.mode === 'total') return `is ${r.value} in total since boot${on}${ns}`;
  const time = r.seconds === undefined ? 'between the two samples' : `in ${r.seconds} s (${r.perSecond}/s)`;
  return `grew by ${r.value} ${time}${on}${ns}`;
}
