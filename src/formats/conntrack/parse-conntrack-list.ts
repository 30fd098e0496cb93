import type { ConntrackListEntry } from '../../core/netfilter/conntrack-list-entry.js';
import type { ConntrackListIssue, ConntrackListOther } from './conntrack-list-issue.js';
import { type ConntrackListTotals, createConntrackListReader } from './create-conntrack-list-reader.js';

export interface ConntrackList {
  /** TCP and UDP entries over IPv4, in listing order. */
  readonly entries: readonly ConntrackListEntry[];
  /** Every other line that is an entry (ICMP, IGMP, IPv6, …), kept generically. */
  readonly others: readonly ConntrackListOther[];
  readonly totals: ConntrackListTotals;
}

/**
 * Reads a whole `conntrack -L` (default or `-o extended`) or `/proc/net/nf_conntrack` text, the inverse of
 * renderConntrackList; the summary line conntrack writes to stderr may be part of it. The text may come as the
 * pieces it arrived in (text or UTF-8 bytes). Never throws. Big dumps go through createConntrackListReader
 * instead.
 */
export function parseConntrackList(text: string | readonly (string | Uint8Array)[]): {
  readonly value: ConntrackList;
  readonly issues: readonly ConntrackListIssue[];
} {
  const entries: ConntrackListEntry[] = [];
  const others: ConntrackListOther[] = [];
  const issues: ConntrackListIssue[] = [];
  const reader = createConntrackListReader({
    entry: (e) => entries.push(e),
    other: (o) => others.push(o),
    issue: (i) => issues.push(i),
  });
  for (const piece of typeof text === 'string' ? [text] : text)
    typeof piece === 'string' ? reader.push(piece) : reader.pushBytes(piece);
  const totals = reader.end();
  return { value: { entries, others, totals }, issues };
}
