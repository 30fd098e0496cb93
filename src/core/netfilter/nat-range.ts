import type { Ipv4 } from '../net/ipv4.js';
import type { NatTarget } from './nat-rule.js';

/** NF_NAT_RANGE_* flags (include/uapi/linux/netfilter/nf_nat.h). */
export const NF_NAT_RANGE_MAP_IPS = 1 << 0;
export const NF_NAT_RANGE_PROTO_SPECIFIED = 1 << 1;
export const NF_NAT_RANGE_PROTO_RANDOM = 1 << 2;
export const NF_NAT_RANGE_PERSISTENT = 1 << 3;
export const NF_NAT_RANGE_PROTO_RANDOM_FULLY = 1 << 4;
export const NF_NAT_RANGE_PROTO_RANDOM_ALL = NF_NAT_RANGE_PROTO_RANDOM | NF_NAT_RANGE_PROTO_RANDOM_FULLY;

/** `struct nf_nat_range2` as the SNAT hook sees it. */
export interface NatRange {
  readonly flags: number;
  readonly minIp: number;
  readonly maxIp: number;
  readonly minPort: number;
  readonly maxPort: number;
}

/**
 * The range a SNAT/MASQUERADE target hands to nf_nat_setup_info(). MASQUERADE maps to the outgoing
 * interface's primary address (inet_select_addr). `randomFullySupported` is false before 3.14: such a rule
 * cannot be installed there, so the flag is dropped.
 */
export function natRangeOf(
  target: Extract<NatTarget, { type: 'masquerade' | 'snat' }>,
  outAddress: Ipv4,
  randomFullySupported: boolean,
): NatRange {
  let flags = NF_NAT_RANGE_MAP_IPS;
  if (target.flags.random) flags |= NF_NAT_RANGE_PROTO_RANDOM;
  if (target.flags.randomFully && randomFullySupported) flags |= NF_NAT_RANGE_PROTO_RANDOM_FULLY;
  if (target.flags.persistent) flags |= NF_NAT_RANGE_PERSISTENT;
  const ports = target.type === 'masquerade' ? target.toPorts : target.toSource.ports;
  if (ports) flags |= NF_NAT_RANGE_PROTO_SPECIFIED;
  const minIp = target.type === 'masquerade' ? outAddress : target.toSource.minIp;
  const maxIp = target.type === 'masquerade' ? outAddress : target.toSource.maxIp;
  // 4.19+ swaps an inverted port range; ranges are validated upstream, the min/max keeps it safe.
  const lo = ports ? Math.min(ports.min, ports.max) : 0;
  const hi = ports ? Math.max(ports.min, ports.max) : 0;
  return { flags, minIp, maxIp, minPort: lo, maxPort: hi };
}

/** nf_nat_alloc_null_binding(): no rule matched, map the source onto itself (the port may still move). */
export function nullBindingRange(src: number): NatRange {
  return { flags: NF_NAT_RANGE_MAP_IPS, minIp: src, maxIp: src, minPort: 0, maxPort: 0 };
}
