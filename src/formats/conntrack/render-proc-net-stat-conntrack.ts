import type { StatsEra } from '../../core/kernel/kernel-profile.js';
import type { CpuCounters } from '../../core/netfilter/counters.js';
import { joinProcFields, PROC_COLUMNS, PROC_HEADER_COUNTER, PROC_ZERO_COLUMNS } from './stats-columns.js';

const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/**
 * `/proc/net/stat/nf_conntrack` (ct_cpu_seq_show): the era's header, then one row of `%08x` fields per possible
 * CPU. `entries` is the per-netns total, the same on every row; columns the era no longer counts print 0.
 */
export function renderProcNetStatConntrack(
  counters: readonly CpuCounters[],
  entries: number,
  era: StatsEra,
): string {
  const columns = PROC_COLUMNS[era];
  const zero = PROC_ZERO_COLUMNS[era];
  // 2.6 kernels ended each row with " \n" (kernel-nat.md §3.1).
  const rowEnd = era === 'v2.6' ? ' \n' : '\n';
  const rows = counters.map((c) => {
    const fields = columns.map((h) => {
      const counter = PROC_HEADER_COUNTER[h];
      if (counter === 'entries') return hex(entries);
      return counter === undefined || zero.includes(h) ? hex(0) : hex(c[counter]);
    });
    return joinProcFields(fields) + rowEnd;
  });
  return `${joinProcFields(columns)}\n${rows.join('')}`;
}
