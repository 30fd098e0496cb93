import { formatCidr } from '../net/cidr.js';
import { formatIpv4 } from '../net/ipv4.js';
import type { NatRule, NatTarget, Negatable, PortRange } from '../netfilter/nat-rule.js';

const CONNTRACK_ON_COMMENT = 'portclash lab: conntrack on';

/** Comment text iptables-save prints back unchanged inside double quotes. */
const PLAIN_COMMENT = /^[\w .:,/@+=()-]{1,255}$/;

/** The rule without a comment that could not be written and read back byte for byte. */
export function withPortableComment(rule: NatRule): NatRule {
  if (rule.comment === undefined || PLAIN_COMMENT.test(rule.comment)) return rule;
  const { comment: _dropped, ...rest } = rule;
  return rest;
}

/**
 * One rule as `iptables-save` writes it (`-A POSTROUTING -s 198.18.0.0/24 ! -o docker0 -j MASQUERADE`):
 * matches in iptables' order, then the target and its options in libxt's save order.
 */
export function renderIptablesRule(rule: NatRule): string {
  const parts = ['-A', 'POSTROUTING'];
  const match = (flag: string, m: Negatable<string> | undefined) => {
    if (m !== undefined) parts.push(...(m.negated ? ['!', flag, m.value] : [flag, m.value]));
  };
  const cidr = (m: NatRule['source']) => m && { value: formatCidr(m.value), negated: m.negated };
  match('-s', cidr(rule.source));
  match('-d', cidr(rule.destination));
  match('-o', rule.outInterface);
  if (rule.proto !== undefined) parts.push('-p', rule.proto);
  if (rule.comment !== undefined) parts.push('-m', 'comment', '--comment', `"${rule.comment}"`);
  parts.push(...renderTarget(rule.target));
  return parts.join(' ');
}

/**
 * Input for `iptables-restore --noflush`: the nat table with these POSTROUTING rules appended (and the given
 * PREROUTING lines: DNAT to backends), and one
 * conntrack match without a target in FORWARD. A nat chain alone does not switch conntrack on in a
 * namespace (a NAT rule or a conntrack match does); every container host has it on (kube-proxy, Docker), so the
 * lab turns it on even for a scenario without SNAT, and the rule changes nothing else.
 */
export function renderIptablesRestore(rules: readonly NatRule[], prerouting: readonly string[] = []): string {
  return [
    '*nat',
    ...(prerouting.length > 0 ? [':PREROUTING ACCEPT [0:0]', ...prerouting] : []),
    ':POSTROUTING ACCEPT [0:0]',
    ...rules.map(renderIptablesRule),
    'COMMIT',
    '*filter',
    ':FORWARD ACCEPT [0:0]',
    `-A FORWARD -m conntrack --ctstate INVALID -m comment --comment "${CONNTRACK_ON_COMMENT}"`,
    'COMMIT',
    '',
  ].join('\n');
}

function renderTarget(target: NatTarget): string[] {
  const ports = (p: PortRange) => (p.min === p.max ? `${p.min}` : `${p.min}-${p.max}`);
  switch (target.type) {
    case 'masquerade':
      return [
        '-j',
        'MASQUERADE',
        ...(target.toPorts ? ['--to-ports', ports(target.toPorts)] : []),
        ...(target.flags.random ? ['--random'] : []),
        ...(target.flags.randomFully ? ['--random-fully'] : []),
      ];
    case 'snat': {
      const { minIp, maxIp, ports: p } = target.toSource;
      const ips = minIp === maxIp ? formatIpv4(minIp) : `${formatIpv4(minIp)}-${formatIpv4(maxIp)}`;
      return [
        '-j',
        'SNAT',
        '--to-source',
        p ? `${ips}:${ports(p)}` : ips,
        ...(target.flags.random ? ['--random'] : []),
        ...(target.flags.randomFully ? ['--random-fully'] : []),
        ...(target.flags.persistent ? ['--persistent'] : []),
      ];
    }
    case 'return':
      return ['-j', 'RETURN'];
    case 'accept':
      return ['-j', 'ACCEPT'];
    default: {
      const never: never = target;
      return never;
    }
  }
}
