import type { Rule } from './define-rule.js';
import type { Facts } from './facts.js';
import { type Finding, SEVERITY_RANK } from './finding.js';

const BASIS_RANK: Readonly<Record<Finding['basis'], number>> = { counters: 2, configuration: 1, input: 0 };

/** Runs every rule and ranks the findings: most severe first, counters before configuration, then registry order. */
export function runRules(facts: Facts, rules: readonly Rule[]): Finding[] {
  const found = rules.flatMap((rule, index) => rule.check(facts).map((finding) => ({ finding, index })));
  return found
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.finding.severity] - SEVERITY_RANK[a.finding.severity] ||
        BASIS_RANK[b.finding.basis] - BASIS_RANK[a.finding.basis] ||
        a.index - b.index,
    )
    .map((f) => f.finding);
}
