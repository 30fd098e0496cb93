import type { Change } from './change.js';
import type { Evidence } from './evidence.js';
import type { Owner } from './owner.js';

/** How bad a finding is; `critical` means the race is losing packets now. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  info: 0,
};

/** One thing a rule found: what, on which evidence, whose rule it is, and what to change. Data, not text. */
export interface Finding {
  /** The rule's id (= its file name under src/diagnose/rules/). */
  readonly ruleId: string;
  readonly severity: Severity;
  /** A key of the rule's message catalog. */
  readonly messageId: string;
  /** The catalog's title with the data filled in. */
  readonly title: string;
  /** The catalog's explanation with the data filled in. */
  readonly explanation: string;
  /** The values the messages were filled with. */
  readonly data: Readonly<Record<string, string | number>>;
  /** Whose rule or setting it is, when the finding is about a NAT rule. */
  readonly owner?: Owner;
  readonly evidence: readonly Evidence[];
  /** What to change; the `fix` step turns these into a plan. */
  readonly changes: readonly Change[];
  /** Counters show the race happening, or the configuration only exposes the host to it. */
  readonly basis: 'counters' | 'configuration' | 'input';
}
