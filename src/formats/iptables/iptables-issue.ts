import type { RuleSpecIssueCode } from './rule-spec-issue.js';

/**
 * What can be wrong in a whole iptables listing: `iptables-save`, `iptables -S` or `iptables -L`. The rule-level
 * codes of parseRuleSpec are reused with the line they were found on. Closed: callers switch on the code.
 */
export type IptablesIssueCode =
  | RuleSpecIssueCode
  /** A chain declaration or rule before any `*table` line (iptables-restore refuses it). */
  | 'missing-table'
  /** A table that ends (next `*table` or end of input) without `COMMIT`: truncated or hand-edited. */
  | 'missing-commit'
  /** `*name` that is not filter, nat, mangle, raw or security. */
  | 'unknown-table'
  /** `:CHAIN POLICY [p:b]` that cannot be read. */
  | 'bad-chain-declaration'
  /** `[packets:bytes]` that is not two decimal numbers. */
  | 'bad-counters'
  /** A policy that is not ACCEPT/DROP on a built-in chain, or not `-` on a user chain. */
  | 'bad-policy'
  /** The same chain declared twice in one table. */
  | 'duplicate-chain'
  /** A rule for, or a jump to, a chain that was not declared. */
  | 'undeclared-chain'
  /** `-t` inside iptables-save input, which iptables-restore refuses. */
  | 'unexpected-table-option'
  /** A command other than -A/-I/-N/-P in a listing (`-D`, `-F`, `-X`, ...). */
  | 'unsupported-command'
  /** A line that is none of the above. */
  | 'unexpected-line'
  /** `iptables -L`: a `Chain` line that cannot be read. */
  | 'bad-chain-header'
  /** `iptables -L`: a rule line whose columns cannot be read. */
  | 'bad-rule-line'
  /** `iptables -L`: a packet or byte count that is not a number (with an optional K/M/G/T suffix). */
  | 'bad-number'
  /** No rule, chain or table anywhere in the input. */
  | 'empty-input';

export interface IptablesIssue {
  readonly code: IptablesIssueCode;
  /** 1-based line number in the input. */
  readonly line: number;
  /** 1-based column in that line. */
  readonly column: number;
  readonly message: string;
}

/**
 * Facts about a capture that are not errors but limit or qualify what it says (the nft backend also holds legacy
 * tables; a table iptables-nft cannot show). Same shape as an issue, separate channel: a notice never makes the
 * input invalid.
 */
export type IptablesNoticeCode =
  /** `# Warning: iptables-legacy tables present, use iptables-legacy-save to see them`: rules in both backends. */
  | 'legacy-tables-present'
  /** ``# Table `nat' is incompatible, use 'nft' tool.``: iptables-nft cannot show a table nft tools wrote. */
  | 'incompatible-table'
  /** `iptables -L` without `-n` prints names (`anywhere`, host names) that may hide exact networks. */
  | 'names-not-numeric'
  /** `iptables -L` without `-x` rounds counters (`1234K`). */
  | 'approximate-counters';

export interface IptablesNotice {
  readonly code: IptablesNoticeCode;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface IptablesParseResult<T> {
  readonly value: T;
  readonly issues: readonly IptablesIssue[];
}
