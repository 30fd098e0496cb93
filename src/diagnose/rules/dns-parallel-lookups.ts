import type { KernelProfile } from '../../core/kernel/kernel-profile.js';
import { type Cidr, cidrContains } from '../../core/net/cidr.js';
import { parseIpv4 } from '../../core/net/ipv4.js';
import { renderNatChainRule } from '../../formats/iptables/render-nat-chain-rule.js';
import type { Change } from '../change.js';
import { defineRule } from '../define-rule.js';
import type { Evidence } from '../evidence.js';
import type { Facts } from '../facts.js';
import type { Severity } from '../finding.js';

type UdpClash = KernelProfile['udpClash'];

export const dnsParallelLookups = defineRule({
  id: 'dns-parallel-lookups',
  severity: 'high',
  summary:
    'glibc sends A and AAAA in parallel from one socket to a DNAT-ed DNS service on a kernel before 5.6',
  messages: {
    dnatBeforeFix: {
      title: 'parallel A/AAAA lookups to the DNAT-ed DNS service {nameserver} on kernel {release}',
      explanation:
        'glibc sends the A and AAAA queries of one lookup at once from the same socket; both create conntrack entries for the same tuple on different CPUs, and {clash}, so one query is dropped and the lookup waits its 5 s timeout. `options single-request-reopen` sends them one after the other; musl (Alpine) ignores it.',
    },
    dnatTwoBackends: {
      title: 'parallel A/AAAA lookups to {nameserver}, DNAT-ed to {backends} backends, on kernel {release}',
      explanation:
        'glibc sends the A and AAAA queries at once from one socket; kube-proxy may DNAT them to different DNS pods, and kernels 4.19–5.5 resolve such a clash only when both entries are identical: one query is dropped and the lookup waits 5 s. `options single-request-reopen` avoids it; musl (Alpine) ignores it.',
    },
    maybeDnat: {
      title: 'parallel A/AAAA lookups to {nameserver}{kernelNote}',
      explanation:
        'If {nameserver} is a Kubernetes Service (kube-dns) reached through DNAT, glibc’s parallel A and AAAA queries from one socket clash in conntrack on kernels before 5.6 and one is dropped (a 5 s lookup). The nat rules or the kernel release were not captured, so this is not certain. `options single-request-reopen` avoids it; musl (Alpine) ignores it.',
    },
    snatBefore50: {
      title: 'parallel A/AAAA lookups through SNAT on kernel {release}',
      explanation:
        'Before 5.0 two queries from one socket that are masqueraded at the same time can get different ports, and the second loses at confirm (fixed by 4e35c1cb9460): one query is dropped and the lookup waits 5 s. `options single-request-reopen` avoids it.',
    },
  },
  check(facts, { finding }) {
    const resolv = facts.resolv;
    if (!resolv) return [];
    const o = resolv.conf.options;
    if (o.singleRequest || o.singleRequestReopen || o.useVc) return [];
    const kernel = facts.kernel;
    const clash = kernel?.profile.udpClash;
    if (clash === 'insert-clash') return [];
    const out = [];
    for (const ns of resolv.conf.nameservers) {
      const ip = parseIpv4(ns.address);
      if (ip === undefined) continue;
      const nsEvidence: Evidence = { file: resolv.file, line: ns.line, text: `nameserver ${ns.address}` };
      const dnat = facts.nat.length === 0 ? undefined : dnatOf(facts, ip);
      const data = {
        nameserver: ns.address,
        release: kernel?.release ?? 'unknown',
        kernelNote: kernel ? ` on kernel ${kernel.release}` : ' (kernel unknown)',
        backends: dnat?.backends ?? 0,
        clash: clash ? CLASH[clash] : '',
      };
      const changes = changesFor(clash);
      const base = { data, changes };
      if (dnat && clash) {
        const evidence = [nsEvidence, ...dnat.evidence];
        if (clash !== 'merge-identical') out.push(finding({ ...base, messageId: 'dnatBeforeFix', evidence }));
        else if (dnat.backends !== 1)
          out.push(
            finding({
              ...base,
              messageId: 'dnatTwoBackends',
              evidence,
              severity: (dnat.backends ?? 0) >= 2 ? 'high' : 'medium',
            }),
          );
        continue;
      }
      if (dnat || (facts.nat.length === 0 && isLikelyServiceIp(ip))) {
        const severity: Severity = 'medium';
        out.push(
          finding({
            ...base,
            messageId: 'maybeDnat',
            severity,
            evidence: [nsEvidence, ...(dnat?.evidence ?? [])],
          }),
        );
        continue;
      }
      if (kernel && !kernel.profile.tupleTakenSkipsSameOrigin && facts.nat.length > 0)
        out.push(
          finding({
            ...base,
            messageId: 'snatBefore50',
            severity: 'medium',
            evidence: [nsEvidence, kernel.evidence],
          }),
        );
    }
    return out;
  },
});

const CLASH: Readonly<Record<UdpClash, string>> = {
  none: 'this kernel (before 4.7) resolves no UDP clash',
  'merge-unnated': 'this kernel (4.7–4.18) resolves a UDP clash only for flows without NAT',
  'merge-identical': 'this kernel (4.19–5.5) resolves a UDP clash only when both entries are identical',
  'insert-clash': 'the kernel resolves it',
};

/** Service ranges kubeadm, EKS, GKE and k3s use by default. */
const SERVICE_RANGES: readonly Cidr[] = [
  { base: parseIpv4('10.96.0.0')!, prefix: 12 },
  { base: parseIpv4('10.100.0.0')!, prefix: 16 },
  { base: parseIpv4('172.20.0.0')!, prefix: 16 },
  { base: parseIpv4('10.43.0.0')!, prefix: 16 },
];
const isLikelyServiceIp = (ip: number) => SERVICE_RANGES.some((r) => cidrContains(r, ip));

/** A nat rule that DNATs the nameserver (kube-proxy's KUBE-SERVICES entry), and how many backends it has. */
function dnatOf(
  facts: Facts,
  ip: number,
): { evidence: Evidence[]; backends: number | undefined } | undefined {
  for (const ruleset of facts.nat)
    for (const chain of ruleset.chains.chains)
      for (const rule of chain.rules) {
        const d = rule.destination;
        if (!d || d.negated || d.value.prefix !== 32 || d.value.base !== ip) continue;
        const t = rule.target;
        const svc = t.type === 'jump' && /^KUBE-(?:SVC|SVL|EXT)-/.test(t.chain) ? t.chain : undefined;
        const dnat = t.type === 'other' && /^DNAT\b/i.test(t.name);
        if (!svc && !dnat) continue;
        const backends = svc
          ? ruleset.chains.chains
              .find((c) => c.name === svc)
              ?.rules.filter((r) => r.target.type === 'jump' && r.target.chain.startsWith('KUBE-SEP-')).length
          : 1;
        return {
          evidence: [
            {
              file: ruleset.file,
              line: rule.line,
              text: renderNatChainRule(rule),
              where: `${ruleset.backend} table ${ruleset.chains.table || 'nat'} chain ${chain.name}`,
            },
          ],
          backends,
        };
      }
  return undefined;
}

function changesFor(clash: UdpClash | undefined): Change[] {
  return [
    {
      kind: 'resolver-option',
      option: 'single-request-reopen',
      where: 'the pods’ dnsConfig.options (or /etc/resolv.conf)',
    },
    ...(clash
      ? [
          {
            kind: 'upgrade-kernel' as const,
            atLeast: '5.6',
            why: 'UDP clashes of parallel queries are resolved',
          },
        ]
      : []),
    {
      kind: 'check',
      what: 'musl-based images (Alpine) ignore single-request-reopen: NodeLocal DNSCache avoids the DNAT',
    },
  ];
}
