import type { IptablesNotice } from './iptables-issue.js';

/**
 * The comments iptables-nft adds to a listing. `nft_check_xt_legacy` (xshared.c) writes
 * `# Warning: iptables-legacy tables present, use iptables-legacy-save to see them` (`… use iptables-legacy to see
 * them` for -L/-S) to stderr, which pastes usually include; xtables-save.c writes
 * ``# Table `nat' is incompatible, use 'nft' tool.``.
 */
export function readSaveNotice(text: string, line: number, column: number): IptablesNotice | undefined {
  if (/^#\s*Warning: (?:ip6?)tables-legacy tables present/.test(text))
    return {
      code: 'legacy-tables-present',
      line,
      column,
      message: 'legacy iptables tables exist too; read iptables-legacy-save as well',
    };
  const incompatible = /^#\s*Table `([^']*)' is incompatible/.exec(text);
  if (incompatible)
    return {
      code: 'incompatible-table',
      line,
      column,
      message: `table ${incompatible[1]} was written by nft tools; read it with nft list ruleset`,
    };
  return undefined;
}
