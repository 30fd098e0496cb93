import type { Case, CaseOutcome, RunCasesOptions } from '../../core/sim/run-cases.js';

/**
 * Runs a comparison's cases × seeds. The pure in-process `runCases` is one; `createWorkerCaseRunner` spreads
 * the runs over worker threads. Each run is a pure function of (scenario, seed), so both give the same outcomes.
 */
export type CaseRunner = (
  cases: readonly Case[],
  seeds: readonly number[],
  options?: RunCasesOptions,
) => Promise<CaseOutcome[]>;
