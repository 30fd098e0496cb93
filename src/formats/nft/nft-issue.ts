import type { JsonIssueCode } from '../json/parse-json-text.js';

/** What can be wrong in `nft list ruleset` text or `nft -j list ruleset` JSON. Closed: switch on the code. */
export type NftIssueCode =
  | JsonIssueCode
  /** A line that is not a table, chain, rule or known block at that place. */
  | 'unexpected-line'
  /** A `"` without its closing quote. */
  | 'unterminated-string'
  /** A table, chain or set block still open at the end of the input (truncated capture). */
  | 'unclosed-block'
  /** A `}` that closes nothing. */
  | 'unexpected-close'
  /** A `type … hook … priority …;` line that cannot be read. */
  | 'bad-base-chain'
  /** A masquerade/snat/dnat/redirect statement that cannot be read (`snat to` without an address, a bad flag). */
  | 'bad-nat-statement'
  /** JSON of the wrong shape for libnftables-json(5) (no `nftables` array, a rule without `expr`, …). */
  | 'unexpected-json'
  /** Nothing in the input. */
  | 'empty-input';

export interface NftIssue {
  readonly code: NftIssueCode;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Facts about the capture that are not errors but limit what it shows. */
export type NftNoticeCode =
  /**
   * `xt target "MASQUERADE"`: a rule iptables-nft added, whose target nft cannot translate. Its options
   * (--random-fully, --to-ports) are invisible here; read iptables-nft-save for them.
   */
  | 'xt-target'
  /** `xt match "addrtype"`: an iptables-nft match nft cannot show; the rule's conditions are incomplete here. */
  | 'xt-match'
  /** `# Warning: XT target MASQUERADE not found`: nft was built with libxtables but lacks that extension. */
  | 'xt-not-found'
  /** `# Warning: table ip nat is managed by iptables-nft, do not touch!` (nft 1.0.6 prints it before such a table). */
  | 'managed-by-iptables-nft'
  /**
   * A table shaped like iptables-nft's (`ip nat`, base chain `POSTROUTING`) without xt statements: nft may be
   * showing libxtables translations, which can drop flags; iptables-nft-save is authoritative.
   */
  | 'iptables-nft-layout';

export interface NftNotice {
  readonly code: NftNoticeCode;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface NftParseResult<T> {
  readonly value: T;
  readonly issues: readonly NftIssue[];
}
