import type { Cidr } from '../../core/net/cidr.js';
import { type NatFlags, type NatRule, NO_NAT_FLAGS } from '../../core/netfilter/nat-rule.js';
import type { Host } from '../../core/scenario/scenario.js';

export const NAT_STRATEGIES = ['masquerade', 'random', 'random-fully', 'no-snat-internal', 'none'] as const;

/** The standard POSTROUTING rule sets a scenario (or a strategy comparison) can ask for by name. */
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

/**
 * Expands a strategy into rules against the bridge subnet:
 * - masquerade: `-s <subnet> ! -o <bridge> -j MASQUERADE` (Docker, flannel, the CNI bridge plugin);
 * - random / random-fully: the same with `--random` / `--random-fully`;
 * - no-snat-internal: `-d <cidr> -j RETURN` for each internal CIDR, then the masquerade rule (ip-masq-agent);
 * - none: no rules (routed pod addresses, as on EKS).
 */
export function natRulesForStrategy(
  strategy: NatStrategy,
  host: Host,
  internalCidrs: readonly Cidr[],
): readonly NatRule[] {
  const masquerade = (flags: NatFlags, comment: string): NatRule => ({
    source: { value: host.bridge.subnet, negated: false },
    outInterface: { value: host.bridge.name, negated: true },
    target: { type: 'masquerade', flags },
    comment,
  });
  switch (strategy) {
    case 'masquerade':
      return [masquerade(NO_NAT_FLAGS, 'strategy masquerade')];
    case 'random':
      return [masquerade({ ...NO_NAT_FLAGS, random: true }, 'strategy random')];
    case 'random-fully':
      return [masquerade({ ...NO_NAT_FLAGS, randomFully: true }, 'strategy random-fully')];
    case 'no-snat-internal':
      return [
        ...internalCidrs.map(
          (cidr): NatRule => ({
            destination: { value: cidr, negated: false },
            target: { type: 'return' },
            comment: 'strategy no-snat-internal: internal traffic is not masqueraded',
          }),
        ),
        masquerade(NO_NAT_FLAGS, 'strategy no-snat-internal'),
      ];
    case 'none':
      return [];
    default: {
      const unreachable: never = strategy;
      return unreachable;
    }
  }
}
