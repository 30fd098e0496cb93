import type { Cidr } from '../net/cidr.js';
import type { Ipv4 } from '../net/ipv4.js';
import type { L4Proto } from '../net/proto.js';

/** A match that may be negated, as iptables' `! -s`. */
export interface Negatable<T> {
  readonly value: T;
  readonly negated: boolean;
}

/** One rule of the nat POSTROUTING chain. Unset matches match everything. */
export interface NatRule {
  readonly source?: Negatable<Cidr>;
  readonly destination?: Negatable<Cidr>;
  readonly outInterface?: Negatable<string>;
  readonly proto?: L4Proto;
  readonly target: NatTarget;
  /** Who put the rule there (docker, kube-proxy, flannel, ...), when known; informational. */
  readonly comment?: string;
}

export interface PortRange {
  readonly min: number;
  readonly max: number;
}

export interface NatFlags {
  /** --random: NF_NAT_RANGE_PROTO_RANDOM */
  readonly random: boolean;
  /** --random-fully: NF_NAT_RANGE_PROTO_RANDOM_FULLY */
  readonly randomFully: boolean;
  /** --persistent: NF_NAT_RANGE_PERSISTENT (only affects the address choice) */
  readonly persistent: boolean;
}

export type NatTarget =
  | { readonly type: 'masquerade'; readonly toPorts?: PortRange; readonly flags: NatFlags }
  | {
      readonly type: 'snat';
      readonly toSource: { readonly minIp: Ipv4; readonly maxIp: Ipv4; readonly ports?: PortRange };
      readonly flags: NatFlags;
    }
  /** RETURN / ACCEPT: stop traversing the chain without NAT (ip-masq-agent nonMasqueradeCIDRs). */
  | { readonly type: 'return' }
  | { readonly type: 'accept' };

export const NO_NAT_FLAGS: NatFlags = { random: false, randomFully: false, persistent: false };
