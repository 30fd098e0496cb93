import type { Cidr } from '../../core/net/cidr.js';
import type { NatRule } from '../../core/netfilter/nat-rule.js';
import type { Host } from '../../core/scenario/scenario.js';
import { natRulesForStrategy as coreRules, STRATEGIES } from '../../core/sim/strategy.js';

export const NAT_STRATEGIES = [...STRATEGIES, 'none'] as const;

/** The standard POSTROUTING rule sets a scenario can ask for by name: the simulator's strategies, or none. */
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

/**
 * Expands `nat: { strategy }` against the bridge subnet (the pods' CIDR as far as the scenario knows):
 * the simulator's rule sets (core/sim/strategy.ts), or `none` — no rules, routed pod addresses as on EKS.
 */
export function natRulesForStrategy(
  strategy: NatStrategy,
  host: Host,
  internalCidrs: readonly Cidr[],
): readonly NatRule[] {
  if (strategy === 'none') return [];
  return coreRules(strategy, { bridgeName: host.bridge.name, podCidr: host.bridge.subnet, internalCidrs });
}
