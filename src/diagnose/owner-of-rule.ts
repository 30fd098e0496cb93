import type { NatChainRule } from '../formats/iptables/nat-chains.js';
import type { Owner } from './owner.js';

interface Pattern {
  readonly owner: Owner;
  readonly chain?: RegExp;
  readonly comment?: RegExp;
}

/** Chain names and comments each component writes (landscape.md §4, test/fixtures/README.md). */
const PATTERNS: readonly Pattern[] = [
  {
    owner: 'kube-proxy',
    chain: /^KUBE-POSTROUTING$/,
    comment: /^kubernetes (?:service traffic requiring SNAT|postrouting rules)/,
  },
  { owner: 'flannel', chain: /^FLANNEL-POSTRTG$/, comment: /^flanneld masq/ },
  { owner: 'calico', chain: /^cali-/, comment: /^cali:/ },
  { owner: 'aws-vpc-cni', chain: /^AWS-SNAT-CHAIN-\d+$/, comment: /^AWS[ ,]/ },
  { owner: 'ip-masq-agent', chain: /^IP-MASQ-AGENT$/, comment: /^ip-masq-agent/ },
  { owner: 'cni-portmap', chain: /^CNI-HOSTPORT-/, comment: /^CNI portfwd/ },
  { owner: 'cni-bridge', chain: /^CNI-[0-9a-f]{24}$/, comment: /^name: "[^"]*" id: "/ },
  { owner: 'netavark', chain: /^NETAVARK-/, comment: /^netavark/ },
  { owner: 'weave', chain: /^WEAVE(?:-|$)/ },
  { owner: 'cilium', chain: /^(?:CILIUM_|OLD_CILIUM_)/, comment: /^cilium/ },
  { owner: 'antrea', chain: /^ANTREA-/, comment: /^Antrea:/ },
];

/** Where a rule sits: its chain, the chains that jump to it (innermost first), and the nft table. */
export interface RulePlace {
  readonly table: string;
  readonly chain: string;
  /** Chains on the way from the hook to `chain`, nearest first, with the jump rule used. */
  readonly parents: readonly { readonly chain: string; readonly rule?: NatChainRule }[];
}

/**
 * Who wrote a MASQUERADE/SNAT rule: its chain's name, then its comment, then its shape (Docker's `! -o docker0`,
 * flannel ≤ 0.10's `! -d 224.0.0.0/4` in POSTROUTING), then the nft table, then the chains that lead to it.
 */
export function ownerOfRule(rule: NatChainRule, place: RulePlace): Owner {
  const direct = ownerOf(place.chain, rule.comment);
  if (direct) return direct;
  const out = rule.outInterface;
  if (out && /^(?:docker\d+|br-[0-9a-f]{12})$/.test(out.value)) return 'docker';
  if (
    rule.destination?.negated &&
    rule.destination.value.base === 0xe0000000 &&
    rule.destination.value.prefix === 4
  )
    return 'flannel';
  // flannel ≤ 0.10 in POSTROUTING: `! -s POD -d POD -j MASQUERADE` (traffic from outside into the pod network).
  const src = rule.source;
  const dst = rule.destination;
  if (
    src?.negated &&
    dst &&
    !dst.negated &&
    src.value.base === dst.value.base &&
    src.value.prefix === dst.value.prefix
  )
    return 'flannel';
  if (/\bkube-proxy$/.test(place.table)) return 'kube-proxy';
  if (/\bcilium/.test(place.table)) return 'cilium';
  if (/\bantrea/.test(place.table)) return 'antrea';
  for (const parent of place.parents) {
    const owner = ownerOf(parent.chain, parent.rule?.comment);
    if (owner) return owner;
  }
  return 'unknown';
}

function ownerOf(chain: string, comment: string | undefined): Owner | undefined {
  return (
    PATTERNS.find((p) => p.chain?.test(chain))?.owner ??
    (comment === undefined ? undefined : PATTERNS.find((p) => p.comment?.test(comment))?.owner)
  );
}
