import type { NftNotice } from './nft-issue.js';
import type { NftTable } from './nft-ruleset.js';

const IPTABLES_TABLES = new Set(['nat', 'filter', 'mangle', 'raw', 'security']);

/**
 * A table with iptables-nft's layout (`ip nat` with a base chain `POSTROUTING` hooked at postrouting) that shows
 * no xt statement: nft printed libxtables translations, and the MASQUERADE translation of iptables before 1.8.?
 * emitted only `masquerade [to :p-q] [random]` (kernel-nat.md §7.1), so `--random-fully` can be missing here.
 */
export function layoutNotice(table: NftTable): NftNotice | undefined {
  if (table.managedByIptablesNft || !IPTABLES_TABLES.has(table.name)) return undefined;
  if (table.family !== 'ip' && table.family !== 'ip6') return undefined;
  const looksIptables = table.chains.some((c) => c.base && c.name === c.base.hook.toUpperCase());
  if (!looksIptables) return undefined;
  return {
    code: 'iptables-nft-layout',
    line: table.line,
    column: 1,
    message: `table ${table.family} ${table.name} looks written by iptables-nft; nft shows translations that may omit --random-fully, read iptables-nft-save`,
  };
}
