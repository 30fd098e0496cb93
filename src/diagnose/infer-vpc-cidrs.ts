import { type Cidr, cidrContains, formatCidr, parseCidr } from '../core/net/cidr.js';
import { parseIpv4 } from '../core/net/ipv4.js';
import { renderNatChainRule } from '../formats/iptables/render-nat-chain-rule.js';
import type { InterfaceFact, NatRuleset, VpcCidr } from './facts.js';
import { isVirtualInterface } from './is-virtual-interface.js';

/** RFC 1918 and the shared address space (RFC 6598): where a VPC lives. */
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map((c) => parseCidr(c)!);
const isPrivate = (c: Cidr) => PRIVATE.some((p) => p.prefix <= c.prefix && cidrContains(p, c.base));
const contains = (outer: Cidr, inner: Cidr) =>
  outer.prefix <= inner.prefix && cidrContains(outer, inner.base);

/**
 * The internal networks traffic should reach without SNAT. `--vpc-cidr` wins; else the VPC CIDR the AWS VPC CNI
 * wrote into its rules, and the subnets of the host's own (non-virtual) interfaces with private addresses.
 */
export function inferVpcCidrs(
  given: readonly Cidr[],
  nat: readonly NatRuleset[],
  interfaces: readonly InterfaceFact[],
): VpcCidr[] {
  if (given.length > 0)
    return given.map((cidr) => ({
      cidr,
      from: 'option',
      evidence: { file: '--vpc-cidr', text: formatCidr(cidr) },
    }));
  const found: VpcCidr[] = [];
  for (const ruleset of nat)
    for (const chain of ruleset.chains.chains)
      for (const rule of chain.rules) {
        const vpcRule = /^AWS-SNAT-CHAIN-\d+$/.test(chain.name) || /\bVPC CIDR\b/.test(rule.comment ?? '');
        if (!vpcRule || !rule.destination || !isPrivate(rule.destination.value)) continue;
        found.push({
          cidr: rule.destination.value,
          from: 'rules',
          evidence: {
            file: ruleset.file,
            line: rule.line,
            text: renderNatChainRule(rule),
            where: `${ruleset.backend} table ${ruleset.chains.table || 'nat'} chain ${chain.name}`,
          },
        });
      }
  for (const { file, iface } of interfaces) {
    if (isVirtualInterface(iface.name)) continue;
    for (const a of iface.addresses) {
      if (a.family !== 'inet' || (a.scope !== undefined && a.scope !== 'global') || a.prefixlen >= 31)
        continue;
      const ip = parseIpv4(a.local);
      const cidr = ip === undefined ? undefined : parseCidr(`${a.local}/${a.prefixlen}`);
      if (!cidr || !isPrivate(cidr)) continue;
      found.push({
        cidr,
        from: 'addresses',
        evidence: {
          file,
          line: iface.line,
          text: `${iface.name} inet ${a.local}/${a.prefixlen}`,
          where: iface.name,
        },
      });
    }
  }
  return found.filter(
    (v, i) =>
      !found.some(
        (w, j) =>
          j !== i &&
          contains(w.cidr, v.cidr) &&
          (w.cidr.prefix < v.cidr.prefix || (w.cidr.prefix === v.cidr.prefix && j < i)),
      ),
  );
}
