import type { ConntrackSeries, Facts } from './facts.js';

/**
 * What `insert_failed` counts on this kernel (kernel-nat.md §2.4): ≤ 4.6 a dropped clash without `drop`;
 * 4.7–5.9 also UDP clashes that were resolved by merging (no loss); 5.10+ only clashes that lost the packet
 * (merges count as `clash_resolve`). Decided by `uname -r`, else by the columns the statistics print.
 */
export type InsertFailedMeaning = 'loss-drop-not-counted' | 'includes-resolved' | 'loss' | 'unknown';

export function insertFailedMeaning(facts: Facts, series: ConntrackSeries): InsertFailedMeaning {
  const profile = facts.kernel?.profile;
  if (profile) {
    if (profile.statsEra === 'v5.10' || profile.statsEra === 'v5.15') return 'loss';
    return profile.udpClash === 'none' ? 'loss-drop-not-counted' : 'includes-resolved';
  }
  const eras = series.eras;
  if (eras.length > 0 && eras.every((e) => e === 'v5.10' || e === 'v5.15')) return 'loss';
  if (eras.length > 0 && eras.every((e) => e === 'v4.9')) return 'includes-resolved';
  return 'unknown';
}
