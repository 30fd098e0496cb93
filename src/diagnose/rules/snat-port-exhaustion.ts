import { cidrContains } from '../../core/net/cidr.js';
import { formatIpv4 } from '../../core/net/ipv4.js';
import type { PortRange } from '../../core/netfilter/nat-rule.js';
import type { SnatDestinationUse } from '../../formats/conntrack/tally-snat-ports.js';
import type { Change } from '../change.js';
import { defineRule } from '../define-rule.js';
import type { Evidence } from '../evidence.js';
import type { Facts } from '../facts.js';
import { listSnatRules } from '../list-snat-rules.js';

/** MASQUERADE's class for unprivileged source ports when the rule names none (nf_nat_l4proto_unique_tuple). */
const DEFAULT_RANGE: PortRange = { min: 1024, max: 65535 };
/** From here a random pick hits a used port more often than not: --random-fully itself starts clashing. */
const MEDIUM_SHARE = 0.6;
/** From here the kernel's bounded search (≤ 248 probes on 5.0+) may find no port at all: the packet is dropped. */
const HIGH_SHARE = 0.9;
const SHOWN = 5;

const TIME_WAIT_SYSCTL = 'net.netfilter.nf_conntrack_tcp_timeout_time_wait';

export const snatPortExhaustion = defineRule({
  id: 'snat-port-exhaustion',
  severity: 'high',
  summary: 'a conntrack dump shows one SNAT address using most host ports towards one destination',
  messages: {
    exhausted: {
      title: '{natAddress} uses {ports} of {range} host ports towards {destination} ({percent} %)',
      explanation:
        "Each (SNAT address, protocol, destination ip:port) has its own {range} host ports ({rangeText}); {ports} are held by conntrack entries, {timeWait} of them in TIME_WAIT. With so few free, a new connection's random port is likely taken, so even --random-fully clashes, and the kernel's bounded search can fail and drop the packet. Destinations near the limit: {destinations}; the most used: {top}. Of {snatEntries} SNAT-ed entries, {moved} had their source port moved by NAT.",
    },
  },
  check(facts, { finding }) {
    const range = portRange(facts);
    const size = range.max - range.min + 1;
    return facts.conntrackTables.flatMap(({ file, digest }) => {
      const hot = digest.portUse.top.filter((d) => d.ports / size >= MEDIUM_SHARE);
      const worst = hot[0];
      if (!worst) return [];
      const share = worst.ports / size;
      const evidence: Evidence[] = hot.slice(0, SHOWN).map((d) => ({
        file,
        line: d.line,
        text: `${describe(d)}: ${d.ports} host ports, ${d.timeWait} TIME_WAIT, ${d.entries} entries`,
        where: `SNAT ${formatIpv4(d.natAddress)}`,
      }));
      return [
        finding({
          messageId: 'exhausted',
          severity: share >= HIGH_SHARE ? 'high' : 'medium',
          basis: 'counters',
          evidence,
          data: {
            natAddress: formatIpv4(worst.natAddress),
            destination: describe(worst),
            ports: worst.ports,
            range: size,
            rangeText: `${range.min}–${range.max}`,
            percent: Math.round(share * 100),
            timeWait: worst.timeWait,
            destinations: hot.length,
            top: hot
              .slice(0, SHOWN)
              .map((d) => `${describe(d)} ${d.ports}`)
              .join(', '),
            snatEntries: digest.portUse.snatEntries,
            moved: digest.portUse.portsMoved,
          },
          changes: changesFor(facts, hot),
        }),
      ];
    });
  },
});

function describe(d: SnatDestinationUse): string {
  return `${d.proto} ${formatIpv4(d.dst)}:${d.dport}`;
}

/** The rules' `--to-ports` when every SNAT rule names one (the widest), else MASQUERADE's default class. */
function portRange(facts: Facts): PortRange {
  const ranges = listSnatRules(facts.nat).map((r) => {
    const t = r.rule.target;
    return t.type === 'masquerade' ? t.toPorts : t.type === 'snat' ? t.toSource.ports : undefined;
  });
  if (ranges.length === 0 || ranges.some((r) => r === undefined)) return DEFAULT_RANGE;
  return (ranges as PortRange[]).reduce((a, b) => (b.max - b.min > a.max - a.min ? b : a));
}

function changesFor(facts: Facts, hot: readonly SnatDestinationUse[]): Change[] {
  const internal = hot.filter((d) => facts.vpcCidrs.some((v) => cidrContains(v.cidr, d.dst)));
  const timeWait = hot.reduce((n, d) => n + d.timeWait, 0);
  const entries = hot.reduce((n, d) => n + d.entries, 0);
  return [
    {
      kind: 'check',
      what: 'spread SNAT over more addresses (SNAT --to-source a range, or more egress IPs / NAT gateways): each address has its own ports per destination',
    },
    ...(timeWait * 2 >= entries
      ? [
          {
            kind: 'sysctl' as const,
            key: TIME_WAIT_SYSCTL,
            value: '30',
            ...(facts.sysctls[TIME_WAIT_SYSCTL] && { current: facts.sysctls[TIME_WAIT_SYSCTL].value }),
          },
        ]
      : []),
    {
      kind: 'check',
      what: 'reuse connections (HTTP keep-alive, connection pools) instead of one short-lived connection per request',
    },
    ...(internal.length > 0
      ? [
          {
            kind: 'check' as const,
            what: `do not SNAT internal destinations (${internal.map(describe).join(', ')}): see snat-to-internal-network`,
          },
        ]
      : []),
  ];
}
