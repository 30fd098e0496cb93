import { formatCidr } from '../../core/net/cidr.js';
import { formatIpv4 } from '../../core/net/ipv4.js';
import type { Negatable } from '../../core/netfilter/nat-rule.js';
import type { ChainTarget, NatChainRule } from './nat-chains.js';

const negatable = (flag: string, m: Negatable<string> | undefined): string[] =>
  m ? [...(m.negated ? ['!'] : []), flag, m.value] : [];

/**
 * A rule of any listing written the iptables way (`-s 10.244.0.0/16 ! -o cni0 -j MASQUERADE --random-fully`),
 * whatever it was read from: what a finding shows as evidence. Matches portclash did not decode come verbatim.
 */
export function renderNatChainRule(rule: NatChainRule): string {
  const parts = [
    ...negatable('-s', rule.source && { value: formatCidr(rule.source.value), negated: rule.source.negated }),
    ...negatable(
      '-d',
      rule.destination && { value: formatCidr(rule.destination.value), negated: rule.destination.negated },
    ),
    ...negatable('-i', rule.inInterface),
    ...negatable('-o', rule.outInterface),
    ...negatable('-p', rule.protocol),
    ...rule.otherMatches,
    ...(rule.comment === undefined ? [] : [`/* ${rule.comment} */`]),
    renderChainTarget(rule.target),
  ];
  return parts.filter((p) => p !== '').join(' ');
}

export function renderChainTarget(target: ChainTarget): string {
  switch (target.type) {
    case 'masquerade': {
      const ports = target.toPorts ? ` --to-ports ${target.toPorts.min}-${target.toPorts.max}` : '';
      return `-j MASQUERADE${ports}${flags(target.flags)}`;
    }
    case 'snat': {
      const s = target.toSource;
      const ips = s.minIp === s.maxIp ? formatIpv4(s.minIp) : `${formatIpv4(s.minIp)}-${formatIpv4(s.maxIp)}`;
      const ports = s.ports ? `:${s.ports.min}-${s.ports.max}` : '';
      return `-j SNAT --to-source ${ips}${ports}${flags(target.flags)}${target.flags.persistent ? ' --persistent' : ''}`;
    }
    case 'return':
      return '-j RETURN';
    case 'accept':
      return '-j ACCEPT';
    case 'jump':
      return `${target.goto ? '-g' : '-j'} ${target.chain}`;
    case 'xt':
      return target.name === '' ? 'xt target (unnamed)' : `xt target "${target.name}"`;
    case 'other':
      return target.text;
    case 'none':
      return '';
    default: {
      const unreachable: never = target;
      return unreachable;
    }
  }
}

function flags(f: { readonly random: boolean; readonly randomFully: boolean }): string {
  return `${f.random ? ' --random' : ''}${f.randomFully ? ' --random-fully' : ''}`;
}
