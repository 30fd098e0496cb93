import type { CaptureSet } from '../formats/snapshot/capture-set.js';
import { type AssembleOptions, assembleFacts } from './assemble-facts.js';
import { decideVerdict, type Verdict } from './decide-verdict.js';
import type { Facts } from './facts.js';
import { type Finding, SEVERITY_RANK } from './finding.js';
import { RULES } from './rules/index.js';
import { runRules } from './run-rules.js';

export interface Diagnosis {
  readonly verdict: Verdict;
  /** Ranked, worst first. */
  readonly findings: readonly Finding[];
  readonly facts: Facts;
}

/** Captures → facts → findings → verdict. Pure. */
export function diagnose(sets: readonly CaptureSet[], options: AssembleOptions = {}): Diagnosis {
  const facts = assembleFacts(sets, options);
  const findings = runRules(facts, RULES);
  return { verdict: decideVerdict(facts, findings), findings, facts };
}

/** 0: nothing above info; 1: warnings (low to high); 2: critical (packets are being lost). 3 is the CLI's input errors. */
export function doctorExitCode(diagnosis: Diagnosis): number {
  const worst = Math.max(-1, ...diagnosis.findings.map((f) => SEVERITY_RANK[f.severity]));
  if (worst >= SEVERITY_RANK.critical) return 2;
  return worst >= SEVERITY_RANK.low ? 1 : 0;
}
