import type { Facts } from './facts.js';
import { type Finding, SEVERITY_RANK } from './finding.js';

export type VerdictLevel = 'affected' | 'likely' | 'not-affected' | 'inconclusive';

export interface Verdict {
  readonly level: VerdictLevel;
  /** One sentence: what decided it. */
  readonly reason: string;
}

/**
 * affected: counters show packets lost to clashes now; likely: a high finding (a racy rule on a rover kernel,
 * drops since boot, DNS exposure); not affected: only with evidence — counters without clashes, or nat rules that
 * leave nothing worse than a low finding; inconclusive otherwise. Never "fine" without evidence.
 */
export function decideVerdict(facts: Facts, findings: readonly Finding[]): Verdict {
  const losing = findings.find((f) => f.basis === 'counters' && f.severity === 'critical');
  if (losing) return { level: 'affected', reason: losing.title };
  const high = findings.find((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.high);
  if (high) return { level: 'likely', reason: high.title };
  const worst = findings.find((f) => f.severity !== 'info');
  const worstRank = worst ? SEVERITY_RANK[worst.severity] : -1;
  const counted = facts.conntrack.length > 0;
  if (counted && worstRank <= SEVERITY_RANK.low)
    return {
      level: 'not-affected',
      reason: findings.some((f) => f.ruleId === 'no-race-evidence')
        ? 'conntrack counted no clash and no drop'
        : 'conntrack counted no lost packet (clashes were resolved without loss)',
    };
  if (facts.nat.length > 0 && worstRank < SEVERITY_RANK.low && facts.kernel)
    return {
      level: 'not-affected',
      reason: 'every MASQUERADE/SNAT rule is fully random (or there is none) on this kernel',
    };
  if (worst)
    return {
      level: 'inconclusive',
      reason: counted ? worst.title : `${worst.title}; no conntrack counters show whether it happens`,
    };
  return { level: 'inconclusive', reason: inconclusiveReason(facts) };
}

function inconclusiveReason(facts: Facts): string {
  if (facts.conntrack.length === 0 && facts.nat.length === 0)
    return 'neither conntrack counters nor nat rules were captured';
  if (facts.nat.length > 0 && !facts.kernel)
    return 'the nat rules are fine as far as they go, but the kernel is unknown';
  return 'the captures show no problem, but not enough to rule it out';
}
