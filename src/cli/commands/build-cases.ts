import { kernelProfileFromRelease } from '../../core/kernel/kernel-profile-from-release.js';
import type { Scenario } from '../../core/scenario/scenario.js';
import { DEFAULT_KERNELS, DEFAULT_POD_CIDR, defaultScenario } from '../../core/sim/default-scenario.js';
import type { Case } from '../../core/sim/run-cases.js';
import { natRulesForStrategy, STRATEGIES, STRATEGY_LABELS } from '../../core/sim/strategy.js';
import { CliError } from '../cli-error.js';

/** `--kernel` values (comma-separated) → profiles, or one clear error naming the option. */
function kernelsOf(list: string | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  const releases = list
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
  if (releases.length === 0)
    throw new CliError('usage', '--kernel: give a `uname -r` string, e.g. 5.15.0-91-generic');
  for (const r of releases) {
    const p = kernelProfileFromRelease(r);
    if (!p.ok) throw new CliError('bad-input', `--kernel: ${p.error}`);
  }
  return releases;
}

function withKernel(scenario: Scenario, release: string): Scenario {
  const p = kernelProfileFromRelease(release);
  if (!p.ok) throw new CliError('bad-input', `--kernel: ${p.error}`);
  return { ...scenario, kernel: p.profile };
}

/** The built-in comparison: each kernel × the four strategies on the seed's Kubernetes node. */
export function defaultCases(kernelList: string | undefined): Case[] {
  const kernels = kernelsOf(kernelList) ?? [...DEFAULT_KERNELS];
  return kernels.flatMap((k) =>
    STRATEGIES.map((s) => ({
      kernel: k,
      rules: STRATEGY_LABELS[s],
      strategy: s,
      scenario: defaultScenario(k, s),
    })),
  );
}

/**
 * A user scenario, as written, or (`strategies`) once per built-in rule set, keeping its topology and load.
 * The pod CIDR for the strategies is the source CIDR of the scenario's first SNAT rule, else 10.244.0.0/16
 * when the bridge lies inside it, else the bridge subnet.
 */
export function scenarioCases(
  scenario: Scenario,
  kernelList: string | undefined,
  strategies: boolean,
): Case[] {
  const kernels = kernelsOf(kernelList) ?? [scenario.kernel.release];
  const podCidr =
    scenario.nat.find((r) => r.source && !r.source.negated && r.target.type !== 'return')?.source?.value ??
    (scenario.host.bridge.subnet.prefix >= DEFAULT_POD_CIDR.prefix &&
    (scenario.host.bridge.subnet.base & 0xffff0000) >>> 0 === DEFAULT_POD_CIDR.base
      ? DEFAULT_POD_CIDR
      : scenario.host.bridge.subnet);
  return kernels.flatMap((k) => {
    const base = kernelList === undefined ? scenario : withKernel(scenario, k);
    if (!strategies) return [{ kernel: k, rules: 'as in the scenario', scenario: base }];
    return STRATEGIES.map((s) => ({
      kernel: k,
      rules: STRATEGY_LABELS[s],
      strategy: s,
      scenario: {
        ...base,
        nat: natRulesForStrategy(s, {
          bridgeName: base.host.bridge.name,
          podCidr,
          internalCidrs: base.internalCidrs,
        }),
      },
    }));
  });
}
