import type { L4Proto } from '../../core/net/proto.js';
import type { NatRule, NatTarget } from '../../core/netfilter/nat-rule.js';
import type { ChainTarget, NatChainRule } from './nat-chains.js';
import { IPTABLES_PROTOCOLS } from './protocol-names.js';

const isNatTarget = (t: ChainTarget): t is NatTarget =>
  t.type === 'masquerade' || t.type === 'snat' || t.type === 'return' || t.type === 'accept';

/**
 * The emulator's NatRule for a rule, when it has one: a MASQUERADE/SNAT/RETURN/ACCEPT target and only matches
 * NatRule expresses (no input interface, protocol tcp, udp or all and not negated). Other matches are ignored,
 * as toNatRule ignores modules.
 */
export function natRuleOf(rule: Omit<NatChainRule, 'nat'>): NatRule | undefined {
  const target = rule.target;
  if (!isNatTarget(target) || rule.inInterface) return undefined;
  let proto: L4Proto | undefined;
  if (rule.protocol) {
    const known = IPTABLES_PROTOCOLS[rule.protocol.value];
    if (known === undefined || rule.protocol.negated) return undefined;
    if (known !== 'all') proto = known;
  }
  return {
    ...(rule.source && { source: rule.source }),
    ...(rule.destination && { destination: rule.destination }),
    ...(rule.outInterface && { outInterface: rule.outInterface }),
    ...(proto && { proto }),
    target,
    ...(rule.comment !== undefined && { comment: rule.comment }),
  };
}
