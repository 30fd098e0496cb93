/**
 * What can be wrong with `conntrack -S` or `/proc/net/stat/nf_conntrack` text. Closed: callers switch on the
 * code, never on the message.
 */
export type StatsIssueCode =
  /** No non-blank line at all. */
  | 'empty-input'
  /** /proc: the first line is not a header starting with `entries`. */
  | 'bad-header'
  /** /proc: a header name no kernel prints; its column is ignored. */
  | 'unknown-column'
  /** /proc: a row with more or fewer fields than the header. */
  | 'column-count'
  /** A line that is not `cpu=N<TAB>name=value ...` (conntrack -S). */
  | 'bad-line'
  /** Not a u32 (decimal for conntrack -S, hex for /proc). */
  | 'bad-number'
  /** conntrack -S: an attribute name no kernel sends (`unknown14=0`); ignored. */
  | 'unknown-attribute'
  /** conntrack -S: the same attribute twice on one line. */
  | 'duplicate-attribute'
  /** conntrack -S: a line whose attributes differ from the first line's. */
  | 'inconsistent-attributes'
  /** conntrack -S: the same CPU twice. */
  | 'duplicate-cpu'
  /** conntrack -S: a CPU number skipped; its counters are taken as 0. */
  | 'missing-cpu'
  /** /proc: `entries` differs between rows (it is a per-netns total). */
  | 'entries-mismatch';

export interface StatsIssue {
  readonly code: StatsIssueCode;
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column of the token the issue is about. */
  readonly column: number;
  readonly message: string;
}

export interface StatsParseResult<T> {
  readonly value: T;
  readonly issues: readonly StatsIssue[];
}
