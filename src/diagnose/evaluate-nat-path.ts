import { type Cidr, cidrContains, maskOf } from '../core/net/cidr.js';
import type { Negatable } from '../core/netfilter/nat-rule.js';
import type { NatChain, NatChainRule } from '../formats/iptables/nat-chains.js';
import { isVirtualInterface } from './is-virtual-interface.js';

/** Three-valued match: the flow certainly matches, certainly not, or it depends on what is not known. */
export type Tri = 'yes' | 'no' | 'maybe';

/** A class of packets: from a source network (unknown: any pod) to a destination network, leaving by the uplink. */
export interface Flow {
  readonly source?: Cidr;
  readonly destination: Cidr;
}

/** A MASQUERADE/SNAT rule the flow reaches, and whether it certainly does. */
export interface NatHit {
  readonly chain: string;
  readonly rule: NatChainRule;
  readonly certain: boolean;
}

const MAX_DEPTH = 32;

/**
 * Follows the flow through the nat chains from the postrouting hook (jumps, gotos, RETURN, ACCEPT) and lists the
 * MASQUERADE/SNAT rules it can reach: certain when every match on the way was decided, else possible. Matches on
 * marks assume an unmarked packet (pod egress; kube-proxy marks only service traffic), addrtype assumes a remote
 * destination, interface matches assume the uplink; ipsets and other modules are undecided.
 */
export function evaluateNatPath(chains: readonly NatChain[], flow: Flow): NatHit[] {
  const byName = new Map(chains.map((c) => [c.name, c]));
  const hits: NatHit[] = [];
  const visit = (chain: NatChain, certain: boolean, depth: number): 'stop' | 'return' => {
    for (const rule of chain.rules) {
      const m = matchRule(rule, flow);
      if (m === 'no') continue;
      const sure = certain && m === 'yes';
      const t = rule.target;
      if (
        t.type === 'masquerade' ||
        t.type === 'snat' ||
        (t.type === 'xt' && /^(?:MASQUERADE|SNAT)$/.test(t.name))
      ) {
        hits.push({ chain: chain.name, rule, certain: sure });
        if (sure) return 'stop';
      } else if (t.type === 'accept' || t.type === 'return') {
        if (sure) return t.type === 'accept' ? 'stop' : 'return';
        certain = false;
      } else if (t.type === 'jump') {
        const next = byName.get(t.chain);
        const result = next && depth < MAX_DEPTH ? visit(next, sure, depth + 1) : 'return';
        if (sure && (result === 'stop' || t.goto)) return result === 'stop' ? 'stop' : 'return';
        if (result === 'stop') certain = false;
      }
    }
    return 'return';
  };
  for (const root of chains.filter((c) => c.hook === 'postrouting')) visit(root, true, 0);
  return hits;
}

function matchRule(rule: NatChainRule, flow: Flow): Tri {
  const parts: Tri[] = [
    matchCidr(rule.destination, flow.destination),
    flow.source ? matchCidr(rule.source, flow.source) : rule.source ? 'maybe' : 'yes',
    matchOutInterface(rule.outInterface),
    rule.inInterface ? 'maybe' : 'yes',
    rule.protocol ? 'maybe' : 'yes',
    ...rule.otherMatches.map(matchOther),
  ];
  return parts.includes('no') ? 'no' : parts.includes('maybe') ? 'maybe' : 'yes';
}

function matchCidr(m: Negatable<Cidr> | undefined, flow: Cidr): Tri {
  if (!m) return 'yes';
  const r = m.value;
  let result: Tri;
  if (r.prefix <= flow.prefix && cidrContains(r, flow.base)) result = 'yes';
  else if (((r.base ^ flow.base) & maskOf(Math.min(r.prefix, flow.prefix))) >>> 0 !== 0) result = 'no';
  else result = 'maybe';
  return m.negated ? negate(result) : result;
}

function matchOutInterface(m: Negatable<string> | undefined): Tri {
  if (!m) return 'yes';
  if (!isVirtualInterface(m.value)) return 'maybe';
  return m.negated ? 'yes' : 'no';
}

const negate = (t: Tri): Tri => (t === 'yes' ? 'no' : t === 'no' ? 'yes' : 'maybe');

/** iptables and nft match text for the modules whose answer is known for pod egress to a remote host. */
function matchOther(text: string): Tri {
  const mark = /(!\s*)?--mark\s+(0x[0-9a-f]+|\d+)/i.exec(text);
  if (mark) return (Number(mark[2]) === 0) !== Boolean(mark[1]) ? 'yes' : 'no';
  const nftMark = /^meta mark(?:\s*&\s*\S+)?\s*(==|!=)?\s*(0x[0-9a-f]+|\d+)$/i.exec(text.trim());
  if (nftMark) return (Number(nftMark[2]) === 0) !== (nftMark[1] === '!=') ? 'yes' : 'no';
  const addrtype = /(!\s*)?--(dst|src)-type\s+LOCAL\b/.exec(text);
  if (addrtype && !/--(?:dst|src)-type\s+LOCAL[\s\S]*--(?:dst|src)-type/.test(text))
    return addrtype[1] ? 'yes' : 'no';
  const fib = /^fib (?:daddr|saddr) type (!=\s*)?local$/.exec(text.trim());
  if (fib) return fib[1] ? 'yes' : 'no';
  // Calico: pod sources are in its masq pools, a VPC destination is not in its pools.
  if (/--match-set \S*masq-ipam-pools src/.test(text)) return /!\s*--match-set/.test(text) ? 'no' : 'yes';
  if (/--match-set \S*all-ipam-pools dst/.test(text)) return /!\s*--match-set/.test(text) ? 'yes' : 'maybe';
  return 'maybe';
}
