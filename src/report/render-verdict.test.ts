import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../core/sim/default-scenario.js';
import { type Case, runCases } from '../core/sim/run-cases.js';
import { STRATEGIES, STRATEGY_LABELS } from '../core/sim/strategy.js';
import { renderVerdict } from './render-verdict.js';

const cases = (kernel: string): Case[] =>
  STRATEGIES.map((s) => ({
    kernel,
    rules: STRATEGY_LABELS[s],
    strategy: s,
    scenario: defaultScenario(kernel, s),
  }));

describe('renderVerdict', () => {
  const rover = runCases(cases('4.4.0-142-generic'), [1]);
  const text = renderVerdict(rover).replace(/\s+/g, ' ');
  const lost = (rules: string) => rover.find((o) => o.rules === rules)!.runs[0]!.tcp.synsLost;

  it('reports plain MASQUERADE losses on the rover era with the numbers of the run', () => {
    const base = rover.find((o) => o.strategy === 'masquerade')!.runs[0]!;
    expect(base.tcp.synsLost).toBeGreaterThan(5);
    expect(text).toContain(`MASQUERADE lost ${base.tcp.synsLost} SYNs to the SNAT race`);
    expect(text).toContain(`${base.tcp.delayed1s} of ${base.tcp.attempted} connects`);
  });

  it('says which rule sets removed the clashes and that --random made it worse there, and why', () => {
    expect(lost('MASQUERADE --random-fully')).toBe(0);
    expect(text).toMatch(/MASQUERADE --random-fully and no SNAT for the VPC removed every clash there/);
    expect(lost('MASQUERADE --random')).toBeGreaterThan(lost('MASQUERADE'));
    expect(text).toMatch(
      /MASQUERADE --random \(\d+ delayed ≥ 1 s or failed\) made it worse: on this kernel --random starts/,
    );
    expect(text).toMatch(
      /Ranking .*: 1\. .*\(0\), 2\. .*\(0\), 3\. MASQUERADE \(\d+\), 4\. MASQUERADE --random \(\d+\)\./,
    );
  });

  it('never calls a run without losses safe, and does not credit a fix for removing noise', () => {
    const quiet = runCases(cases('6.8.0-51-generic'), [1]);
    const base = quiet.find((o) => o.strategy === 'masquerade')!.runs[0]!;
    const verdict = renderVerdict(quiet).replace(/\s+/g, ' ');
    if (base.tcp.synsLost === 0) expect(verdict).toContain('inconclusive, not proof that the host is safe');
    if (base.tcp.synsLost <= 5) expect(verdict).not.toContain('removed every clash');
  });
});
