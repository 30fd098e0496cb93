/**
 * What can be wrong with `conntrack -L` or `/proc/net/nf_conntrack` text. Closed: callers switch on the code,
 * never on the message.
 */
export type ConntrackListIssueCode =
  /** Not an entry: no `proto number` at the start (and not the conntrack tool's summary). */
  | 'bad-line'
  /** A timeout, port, counter, mark, zone or use that is not a decimal number in range. */
  | 'bad-number'
  /** An address that is not dotted-quad IPv4 on an `ipv4` entry. */
  | 'bad-address'
  /** A TCP/UDP entry without one of src/dst/sport/dport in a direction, or without a timeout (cut short). */
  | 'missing-field'
  /** A TCP state no kernel prints. */
  | 'unknown-state'
  /** A `conntrack v…` line that is not the summary (an error such as "Operation not permitted"). */
  | 'tool-message'
  /** The summary's "N flow entries have been shown" differs from the entries read (a cut paste). */
  | 'count-mismatch';

export interface ConntrackListIssue {
  readonly code: ConntrackListIssueCode;
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column of the token the issue is about. */
  readonly column: number;
  readonly message: string;
}

/** A line of another protocol (ICMP, IGMP, GRE, SCTP, any IPv6 entry), kept as it was listed. */
export interface ConntrackListOther {
  /** `ipv4`, `ipv6`: only when the line prints the l3 prefix. */
  readonly l3?: string;
  readonly proto: string;
  readonly protoNumber: number;
  readonly timeoutS?: number;
  /** A bare word after the timeout (SCTP/DCCP states). */
  readonly state?: string;
  /** Every `key=value`, in order (both directions: the second `src=` starts the reply). */
  readonly fields: readonly (readonly [string, string])[];
  /** `[UNREPLIED]`, `[ASSURED]`, … */
  readonly flags: readonly string[];
}
