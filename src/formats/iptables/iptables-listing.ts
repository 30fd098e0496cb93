import type { Cidr } from '../../core/net/cidr.js';
import type { Negatable } from '../../core/netfilter/nat-rule.js';
import type { IptablesNotice } from './iptables-issue.js';
import type { RuleCounters } from './nat-chains.js';

/** The NAT part of a MASQUERADE/SNAT line's text (`masq ports: 1024-65535 random-fully`, `to:10.0.0.1 persistent`). */
export interface ListedNatOptions {
  /** MASQUERADE `masq ports: a[-b]`, as printed. */
  readonly toPorts?: string;
  /** SNAT `to:ip[-ip][:a[-b]]`, without `to:`. */
  readonly toSource?: string;
  readonly random: boolean;
  readonly randomFully: boolean;
  readonly persistent: boolean;
}

/** One rule line of `iptables -L -n [-v] [-x] [--line-numbers]`, column by column. */
export interface ListedRule {
  readonly line: number;
  readonly text: string;
  /** `--line-numbers`. */
  readonly num?: number;
  /** `-v`. */
  readonly counters?: RuleCounters;
  /** Absent for a rule without target (blank column). */
  readonly target?: string;
  /** `all`/`0` leave it out. */
  readonly protocol?: Negatable<string>;
  /** The opt column: `--`, `-f` or `!f`. */
  readonly opt: string;
  /** `-v`; `*` leaves it out. */
  readonly inInterface?: Negatable<string>;
  readonly outInterface?: Negatable<string>;
  /** `0.0.0.0/0` and `anywhere` leave it out. */
  readonly source?: Negatable<Cidr>;
  readonly destination?: Negatable<Cidr>;
  /** Addresses printed as names (no `-n`), kept as `-s name` / `-d name`. */
  readonly unresolved: readonly string[];
  /** The match and target text after the destination column, as printed. */
  readonly extra: string;
  readonly comment?: string;
  /** `[goto]` before the matches: the target column names a chain reached with -g. */
  readonly goto: boolean;
  /** Match text left after the comment and the target's own text were taken out. */
  readonly matchText: string;
  /** The target's own text (`MARK xor 0x4000`, `to:10.0.0.1`), for targets that print one. */
  readonly targetText: string;
  readonly nat: ListedNatOptions;
}

export interface ListedChain {
  /** "" for rule lines pasted without their `Chain` line. */
  readonly name: string;
  readonly line: number;
  /** Built-in chains print a policy; user chains print `(N references)`. */
  readonly policy?: string;
  readonly counters?: RuleCounters;
  readonly references?: number;
  readonly rules: readonly ListedRule[];
}

export interface IptablesListing {
  readonly chains: readonly ListedChain[];
  readonly notices: readonly IptablesNotice[];
}
