import type { StatsEra } from '../../core/kernel/kernel-profile.js';
import type { CounterName } from '../../core/netfilter/counters.js';

export const STATS_ERAS: readonly StatsEra[] = ['v2.6', 'v4.8', 'v4.9', 'v5.10', 'v5.15'];

const V48_ATTRIBUTES: readonly CounterName[] = [
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
  'search_restart',
];
const V510_ATTRIBUTES: readonly CounterName[] = [
  'found',
  'invalid',
  'insert',
  'insert_failed',
  'drop',
  'early_drop',
  'error',
  'search_restart',
  'clash_resolve',
];

/**
 * Per-CPU attributes the kernel sends to `conntrack -S` (ctnetlink_ct_stat_cpu_fill_info), in CTA_STATS_*
 * enum order. v2.6 predates ctnetlink statistics (3.7); it gets the ≤4.8 list without search_restart
 * (docs/kernel-notes.md §5).
 */
export const CONNTRACK_S_ATTRIBUTES: Readonly<Record<StatsEra, readonly CounterName[]>> = {
  'v2.6': V48_ATTRIBUTES.filter((n) => n !== 'search_restart'),
  'v4.8': V48_ATTRIBUTES,
  'v4.9': [
    'found',
    'invalid',
    'ignore',
    'insert',
    'insert_failed',
    'drop',
    'early_drop',
    'error',
    'search_restart',
  ],
  'v5.10': V510_ATTRIBUTES,
  'v5.15': [...V510_ATTRIBUTES, 'chaintoolong'],
};

/** Attributes conntrack-tools before clash_resolve/chaintoolong support skip (`legacyTools`). */
export const NEWER_ATTRIBUTES: readonly CounterName[] = ['clash_resolve', 'chaintoolong'];

/** `/proc/net/stat/nf_conntrack` column headers and the counter each one shows. */
export const PROC_HEADER_COUNTER: Readonly<Record<string, CounterName | 'entries'>> = {
  entries: 'entries',
  searched: 'searched',
  clashres: 'clash_resolve',
  found: 'found',
  new: 'new',
  invalid: 'invalid',
  ignore: 'ignore',
  delete: 'delete',
  delete_list: 'delete_list',
  chainlength: 'chaintoolong',
  insert: 'insert',
  insert_failed: 'insert_failed',
  drop: 'drop',
  early_drop: 'early_drop',
  icmp_error: 'error',
  expect_new: 'expect_new',
  expect_create: 'expect_create',
  expect_delete: 'expect_delete',
  search_restart: 'search_restart',
};

const OLD: readonly string[] = [
  'entries',
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
  'icmp_error',
  'expect_new',
  'expect_create',
  'expect_delete',
  'search_restart',
];
const rename = (cols: readonly string[], from: string, to: string) => cols.map((c) => (c === from ? to : c));

/** Header names per era (ct_cpu_seq_show); 4.8 and 4.9–5.9 share one. */
export const PROC_COLUMNS: Readonly<Record<StatsEra, readonly string[]>> = {
  'v2.6': OLD.filter((h) => h !== 'search_restart'),
  'v4.8': OLD,
  'v4.9': OLD,
  'v5.10': rename(OLD, 'searched', 'clashres'),
  'v5.15': rename(rename(OLD, 'searched', 'clashres'), 'delete_list', 'chainlength'),
};

/** Columns an era still prints but no longer counts: always 0 (removed counters, kernel-nat.md §3.1). */
export const PROC_ZERO_COLUMNS: Readonly<Record<StatsEra, readonly string[]>> = {
  'v2.6': [],
  'v4.8': [],
  'v4.9': ['searched', 'new', 'delete', 'delete_list'],
  'v5.10': ['new', 'ignore', 'delete', 'delete_list'],
  'v5.15': ['new', 'ignore', 'delete'],
};

/** Joins header names or row fields with the kernel's spacing: two spaces after `entries` and before `expect_new`. */
export function joinProcFields(fields: readonly string[]): string {
  return `${fields[0]}  ${fields.slice(1, 13).join(' ')}  ${fields.slice(13).join(' ')}`;
}
