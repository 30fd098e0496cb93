import type { RuleSpecIssueCode } from '../iptables/rule-spec-issue.js';

/** What can be wrong with a scenario file. Closed: tests assert codes and positions, never wording. */
export type ScenarioIssueCode =
  /** Not well-formed YAML/JSON (also: several documents in one file). */
  | 'syntax'
  /** A key the format does not have (usually a typo; the message suggests the closest). */
  | 'unknown-key'
  /** A required field is absent. */
  | 'missing'
  /** A string where a number was expected, an object where a list was, ... */
  | 'wrong-type'
  /** The right type but not an allowed value: an unknown enum word, an empty list, malformed text. */
  | 'bad-value'
  /** A number outside its allowed range, or a fraction where an integer is needed. */
  | 'out-of-range'
  /** Not `a.b.c.d/n`. */
  | 'bad-cidr'
  /** Two destinations or containers with the same name. */
  | 'duplicate-name'
  /** Two containers with the same address. */
  | 'duplicate-address'
  /** A destination, container or nameserver name that is not defined. */
  | 'unknown-reference'
  /** A container address outside the bridge subnet. */
  | 'outside-subnet'
  /** A container address that is the subnet's network, bridge (.1) or broadcast address. */
  | 'reserved-address'
  /** More containers than the bridge subnet has addresses for. */
  | 'subnet-too-small'
  /** A dns workload on containers without a resolver. */
  | 'no-resolver'
  /** A resolver whose nameserver is not a UDP destination. */
  | 'nameserver-not-udp'
  /** The kernel release string is not understood. */
  | 'unknown-kernel'
  /** A NAT flag the chosen kernel does not have (`--random-fully` before 3.14). */
  | 'kernel-unsupported'
  /** Values that contradict each other (timing offsets longer than the packet, mode and options both given). */
  | 'inconsistent'
  /** From an iptables rule string in `nat`, with the rule parser's code (bad-address, wrong-chain, ...). */
  | RuleSpecIssueCode;

export type PathSegment = string | number;

export interface ScenarioIssue {
  readonly code: ScenarioIssueCode;
  /** Where, as a reader writes it: `workloads[2].intervalMs`; empty for the whole document. */
  readonly path: string;
  readonly segments: readonly PathSegment[];
  readonly message: string;
  /** The issue is about the key itself (an unknown key), not its value. */
  readonly onKey?: true;
  /** 0-based offset inside the string value the issue is about (a token of an iptables rule). */
  readonly offset?: number;
  /** Set by `parseScenarioText`. */
  readonly file?: string;
  /** 1-based, when known from the YAML/JSON text. */
  readonly line?: number;
  readonly column?: number;
}

/** `['workloads', 2, 'intervalMs']` → `workloads[2].intervalMs`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}
