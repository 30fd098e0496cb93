import type { KernelProfile } from '../kernel/kernel-profile.js';
import type { Scenario } from '../scenario/scenario.js';
import { type Estimate, estimate } from './confidence.js';
import type { SimResult } from './sim-result.js';
import { type SimulateOptions, simulate } from './simulate.js';
import type { Strategy } from './strategy.js';

/** One row of a comparison: a scenario variant (kernel × rule set) run with several seeds. */
export interface Case {
  readonly kernel: string;
  /** The rule set, in words ("MASQUERADE --random-fully", or "as in the scenario"). */
  readonly rules: string;
  /** The built-in strategy this rule set is, if any (the verdict compares against plain MASQUERADE). */
  readonly strategy?: Strategy;
  readonly scenario: Scenario;
}

export interface CaseOutcome {
  readonly kernel: string;
  readonly profile: KernelProfile;
  readonly rules: string;
  readonly strategy?: Strategy;
  readonly runs: readonly SimResult[];
  /** Per-run rates, as fractions of TCP connections / DNS lookups, with 95 % intervals over the runs. */
  readonly rates: {
    readonly insertFailedPerConnection: Estimate;
    readonly synLossPerConnection: Estimate;
    readonly delayed1s: Estimate;
    readonly dnsDelayed5s: Estimate;
  };
}

export interface RunCasesOptions extends Pick<SimulateOptions, 'conntrackList'> {
  /** Called after each run with (runs done, runs in all). */
  readonly onRunDone?: (done: number, total: number) => void;
}

/** Runs every case with every seed (pure: the same inputs give the same outcomes). */
export function runCases(
  cases: readonly Case[],
  seeds: readonly number[],
  options: RunCasesOptions = {},
): CaseOutcome[] {
  const total = cases.length * seeds.length;
  let done = 0;
  return cases.map((c) =>
    summariseCase(
      c,
      seeds.map((seed) => {
        const r = simulate(c.scenario, seed, options.conntrackList ? { conntrackList: true } : {});
        options.onRunDone?.(++done, total);
        return r;
      }),
    ),
  );
}

/** A case's outcome from its runs (one per seed, in seed order), wherever they were computed. */
export function summariseCase(c: Case, runs: readonly SimResult[]): CaseOutcome {
  const per = (f: (r: SimResult) => number, base: (r: SimResult) => number) =>
    estimate(runs.map((r) => (base(r) > 0 ? f(r) / base(r) : 0)));
  return {
    kernel: c.kernel,
    profile: c.scenario.kernel,
    rules: c.rules,
    ...(c.strategy ? { strategy: c.strategy } : {}),
    runs,
    rates: {
      insertFailedPerConnection: per(
        (r) => r.conntrack.total.insert_failed,
        (r) => r.tcp.attempted,
      ),
      synLossPerConnection: per(
        (r) => r.tcp.synsLost,
        (r) => r.tcp.attempted,
      ),
      delayed1s: per(
        (r) => r.tcp.delayed1s,
        (r) => r.tcp.attempted,
      ),
      dnsDelayed5s: per(
        (r) => r.dns.delayed5s,
        (r) => r.dns.lookups,
      ),
    },
  };
}
