import type { Cidr } from '../net/cidr.js';
import { type NatFlags, type NatRule, NO_NAT_FLAGS } from '../netfilter/nat-rule.js';

/** The fixes the simulator ranks, as nat POSTROUTING rule sets. */
export const STRATEGIES = ['masquerade', 'random', 'random-fully', 'no-snat-internal'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const STRATEGY_LABELS: Readonly<Record<Strategy, string>> = {
  masquerade: 'MASQUERADE',
  random: 'MASQUERADE --random',
  'random-fully': 'MASQUERADE --random-fully',
  'no-snat-internal': 'no SNAT for the VPC',
};

export interface StrategyNetwork {
  readonly bridgeName: string;
  /** The pods' CIDR (all nodes): traffic between pods is routed, never SNAT'ed. */
  readonly podCidr: Cidr;
  /** The VPC's CIDRs (ip-masq-agent nonMasqueradeCIDRs). */
  readonly internalCidrs: readonly Cidr[];
}

/**
 * The rules a CNI writes for each strategy: pod-to-pod traffic is RETURNed, the rest is MASQUERADEd
 * (`-s podCidr ! -o bridge`), with --random / --random-fully; "no-snat-internal" RETURNs the VPC first,
 * as ip-masq-agent and the AWS VPC CNI do, and keeps plain MASQUERADE for the Internet.
 */
export function natRulesForStrategy(strategy: Strategy, net: StrategyNetwork): NatRule[] {
  const podToPod: NatRule = {
    source: { value: net.podCidr, negated: false },
    destination: { value: net.podCidr, negated: false },
    target: { type: 'return' },
    comment: 'pod to pod: no SNAT',
  };
  const masquerade = (flags: NatFlags): NatRule => ({
    source: { value: net.podCidr, negated: false },
    outInterface: { value: net.bridgeName, negated: true },
    target: { type: 'masquerade', flags },
  });
  switch (strategy) {
    case 'masquerade':
      return [podToPod, masquerade(NO_NAT_FLAGS)];
    case 'random':
      return [podToPod, masquerade({ ...NO_NAT_FLAGS, random: true })];
    case 'random-fully':
      return [podToPod, masquerade({ ...NO_NAT_FLAGS, randomFully: true })];
    case 'no-snat-internal':
      return [
        podToPod,
        ...net.internalCidrs.map(
          (cidr): NatRule => ({
            destination: { value: cidr, negated: false },
            target: { type: 'return' },
            comment: 'ip-masq-agent: nonMasqueradeCIDRs',
          }),
        ),
        masquerade(NO_NAT_FLAGS),
      ];
    default: {
      const never: never = strategy;
      return never;
    }
  }
}
