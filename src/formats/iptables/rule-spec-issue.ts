/**
 * What can be wrong with one iptables rule spec, as parsed by `parseRuleSpec` (syntax) or converted by
 * `toNatRule` (meaning). Closed: tests and callers switch on the code, never on the message.
 */
export type RuleSpecIssueCode =
  /** A `"` without its closing quote. */
  | 'unterminated-quote'
  /** An option without its value (`-s` at the end, `-o -j X`). */
  | 'missing-argument'
  /** A word where an option was expected, or an argument to an option that takes none. */
  | 'unexpected-argument'
  /** Not an IPv4 address or network (`-s`, `-d`, `--to-source`). */
  | 'bad-address'
  /** Not `port` or `lo-hi` with 0 ≤ lo ≤ hi ≤ 65535. */
  | 'bad-port-range'
  /** Not a protocol name or number 0..255 (`-p`). */
  | 'bad-protocol'
  /** Not a kernel interface name (1..15 characters, no `/` or whitespace). */
  | 'bad-interface'
  /** An option this parser (or the target) does not know. */
  | 'unknown-option'
  /** The same option twice (`-s` twice, two `-j`), which iptables refuses. */
  | 'duplicate-option'
  /** `!` where iptables does not accept it (before `-j`, twice, at the end). */
  | 'misplaced-negation'
  /** A target without one of its required options (SNAT without `--to-source`). */
  | 'missing-option'
  /** `--to-ports` or a port in `--to-source` without `-p tcp|udp|sctp|dccp`, which iptables refuses. */
  | 'ports-need-protocol'
  /** toNatRule: the rule has no `-j`. */
  | 'missing-target'
  /** toNatRule: the rule is for another chain than POSTROUTING. */
  | 'wrong-chain'
  /** toNatRule: the rule is for another table than nat. */
  | 'wrong-table'
  /** toNatRule: a match the emulator's NatRule cannot express (`-i` in POSTROUTING, `-p icmp`, `! -p tcp`, `-f`). */
  | 'unsupported-match'
  /** toNatRule: a target other than MASQUERADE, SNAT, RETURN, ACCEPT (a jump to a user chain, DNAT, ...). */
  | 'unsupported-target';

export interface RuleSpecIssue {
  readonly code: RuleSpecIssueCode;
  /** 1-based column in the rule text (of the token the issue is about). */
  readonly column: number;
  readonly message: string;
}

/** What every parser here returns: a best-effort value and the issues found on the way. Never throws. */
export interface ParseResult<T> {
  readonly value: T;
  readonly issues: readonly RuleSpecIssue[];
}
