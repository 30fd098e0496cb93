import type { StatsEra } from '../../core/kernel/kernel-profile.js';
import type { CpuCounters } from '../../core/netfilter/counters.js';
import { CONNTRACK_S_ATTRIBUTES, NEWER_ATTRIBUTES } from './stats-columns.js';

export interface ConntrackStatsOptions {
  /** conntrack-tools that predate clash_resolve/chaintoolong (e.g. 1.4.2) silently skip them. */
  readonly legacyTools?: boolean;
}

/**
 * What `conntrack -S` (conntrack-tools 1.4.7) prints: per possible CPU `cpu=%-4u\t`, then `name=%u ` for each
 * attribute the era's kernel sends, in enum order, then a newline. Counters are the kernel's u32.
 */
export function renderConntrackStats(
  counters: readonly CpuCounters[],
  era: StatsEra,
  opts: ConntrackStatsOptions = {},
): string {
  const names = CONNTRACK_S_ATTRIBUTES[era].filter((n) => !opts.legacyTools || !NEWER_ATTRIBUTES.includes(n));
  return counters
    .map((c, cpu) => `cpu=${String(cpu).padEnd(4)}\t${names.map((n) => `${n}=${c[n] >>> 0} `).join('')}\n`)
    .join('');
}
