/**
 * Per-CPU conntrack statistics, named as the kernel's `struct ip_conntrack_stat` members. Which ones an era
 * counts and prints is decided by the kernel profile's statsEra.
 */
export const COUNTER_NAMES = [
  'searched',
  'found',
  'new',
  'invalid',
  'ignore',
  'delete',
  'delete_list',
  'insert',
  'insert_failed',
  'drop',
  'early_drop',
  'error',
  'expect_new',
  'expect_create',
  'expect_delete',
  'search_restart',
  'clash_resolve',
  'chaintoolong',
] as const;

export type CounterName = (typeof COUNTER_NAMES)[number];

export type CpuCounters = { [K in CounterName]: number };

export function emptyCounters(): CpuCounters {
  const c = {} as CpuCounters;
  for (const name of COUNTER_NAMES) c[name] = 0;
  return c;
}
