import { formatCidr } from '../net/cidr.js';
import { formatIpv4 } from '../net/ipv4.js';
import type { NatFlags, NatRule, NatTarget, Negatable, PortRange } from '../netfilter/nat-rule.js';

/** The table the lab's native nftables rules live in (kernel-nat.md §7.2). */
export const LAB_NFT_NAT_TABLE = 'portclash_nat';
const CONNTRACK_ON_COMMENT = 'portclash lab: conntrack on';

/**
 * One rule as `nft list` prints it (`ip saddr 198.18.0.0/24 oifname != "docker0" masquerade`): matches in the
 * order iptables has them, the NAT statement with its flags comma-separated (random, fully-random, persistent).
 */
export function renderNftRule(rule: NatRule): string {
  const parts: string[] = [];
  const match = (left: string, m: Negatable<string> | undefined) => {
    if (m !== undefined) parts.push(m.negated ? `${left} != ${m.value}` : `${left} ${m.value}`);
  };
  const cidr = (m: NatRule['source']) => m && { value: formatCidr(m.value), negated: m.negated };
  match('ip saddr', cidr(rule.source));
  match('ip daddr', cidr(rule.destination));
  // nft's wildcard is "veth*" where iptables has "veth+".
  const out = rule.outInterface;
  match('oifname', out && { value: `"${out.value.replace(/\+$/, '*')}"`, negated: out.negated });
  if (rule.proto !== undefined) parts.push(`meta l4proto ${rule.proto}`);
  parts.push(renderNftTarget(rule.target));
  if (rule.comment !== undefined) parts.push(`comment "${rule.comment}"`);
  return parts.join(' ');
}

/**
 * Input for `nft -f -` in a fresh namespace: a `type nat` postrouting chain with the rules, the given extra
 * prerouting rules (DNAT to backends) in a `type nat` prerouting chain, and a forward chain with a conntrack
 * match (as renderIptablesRestore: conntrack on even for a scenario without SNAT).
 */
export function renderNftRuleset(rules: readonly NatRule[], prerouting: readonly string[] = []): string {
  const chain = (name: string, head: string, body: readonly string[]) => [
    `  chain ${name} {`,
    `    ${head}`,
    ...body.map((r) => `    ${r}`),
    '  }',
  ];
  return [
    `table ip ${LAB_NFT_NAT_TABLE} {`,
    ...(prerouting.length > 0
      ? chain('prerouting', 'type nat hook prerouting priority dstnat; policy accept;', prerouting)
      : []),
    ...chain(
      'postrouting',
      'type nat hook postrouting priority srcnat; policy accept;',
      rules.map(renderNftRule),
    ),
    '}',
    'table ip portclash_filter {',
    ...chain('forward', 'type filter hook forward priority filter; policy accept;', [
      `ct state invalid comment "${CONNTRACK_ON_COMMENT}"`,
    ]),
    '}',
    '',
  ].join('\n');
}

function renderNftTarget(target: NatTarget): string {
  const ports = (p: PortRange) => (p.min === p.max ? `${p.min}` : `${p.min}-${p.max}`);
  switch (target.type) {
    case 'masquerade':
      return joinWords(
        'masquerade',
        target.toPorts && `to :${ports(target.toPorts)}`,
        renderFlags(target.flags),
      );
    case 'snat': {
      const { minIp, maxIp, ports: p } = target.toSource;
      const ips = minIp === maxIp ? formatIpv4(minIp) : `${formatIpv4(minIp)}-${formatIpv4(maxIp)}`;
      return joinWords('snat ip to', p ? `${ips}:${ports(p)}` : ips, renderFlags(target.flags));
    }
    case 'return':
      return 'return';
    case 'accept':
      return 'accept';
    default: {
      const never: never = target;
      return never;
    }
  }
}

function renderFlags(flags: NatFlags): string | undefined {
  const names = [
    ...(flags.random ? ['random'] : []),
    ...(flags.randomFully ? ['fully-random'] : []),
    ...(flags.persistent ? ['persistent'] : []),
  ];
  return names.length > 0 ? names.join(',') : undefined;
}

const joinWords = (...words: readonly (string | undefined)[]) =>
  words.filter((w) => w !== undefined && w !== '').join(' ');
