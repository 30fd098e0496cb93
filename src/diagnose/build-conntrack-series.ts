import { COUNTER_NAMES, type CpuCounters, emptyCounters } from '../core/netfilter/counters.js';
import type { ConntrackSeries, CounterGrowth, StatsSample } from './facts.js';
import type { DraftSample } from './facts-draft.js';

/**
 * One series per network namespace: the samples of one source (`conntrack -S` preferred when both were taken as
 * often), in the order taken, and the growth between the first and the last.
 */
export function buildConntrackSeries(samples: readonly DraftSample[]): ConntrackSeries[] {
  const byNetns = new Map<string, DraftSample[]>();
  for (const s of samples) byNetns.set(s.netns, [...(byNetns.get(s.netns) ?? []), s]);
  return [...byNetns.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([netns, list]) => {
      const cli = list.filter((s) => s.source === 'conntrack-stats');
      const proc = list.filter((s) => s.source === 'proc-net-stat-nf-conntrack');
      const chosen = cli.length >= proc.length ? cli : proc;
      const ordered = [...chosen].sort((a, b) => a.order - b.order || (a.atMs ?? 0) - (b.atMs ?? 0));
      const first = ordered[0]!;
      const last = ordered.at(-1)!;
      const growth = ordered.length >= 2 ? growthBetween(first, last) : undefined;
      return {
        netns,
        source: first.source,
        eras: first.eras,
        samples: ordered.map(stripDraft),
        ...(growth && { growth }),
      };
    });
}

function stripDraft({ netns: _n, source: _s, eras: _e, order: _o, ...sample }: DraftSample): StatsSample {
  return sample;
}

/** Counters are u32 and wrap; an increase is taken modulo 2^32. */
function growthBetween(a: StatsSample, b: StatsSample): CounterGrowth {
  const cpus = Math.min(a.cpus.length, b.cpus.length);
  const total = emptyCounters();
  const perCpu: CpuCounters[] = [];
  for (let cpu = 0; cpu < cpus; cpu++) {
    const d = emptyCounters();
    for (const name of COUNTER_NAMES) {
      d[name] = ((b.cpus[cpu]?.[name] ?? 0) - (a.cpus[cpu]?.[name] ?? 0) + 2 ** 32) % 2 ** 32;
      total[name] += d[name];
    }
    perCpu.push(d);
  }
  const seconds =
    a.atMs !== undefined && b.atMs !== undefined && b.atMs > a.atMs ? (b.atMs - a.atMs) / 1000 : undefined;
  return { ...(seconds !== undefined && { seconds }), perCpu, total };
}

/** The sum over CPUs of one sample's counters. */
export function sumCpus(cpus: readonly CpuCounters[]): CpuCounters {
  const total = emptyCounters();
  for (const c of cpus) for (const name of COUNTER_NAMES) total[name] += c[name];
  return total;
}
