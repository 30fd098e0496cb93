/** How the lab installs the scenario's nat rules inside the node namespace. */
export const RULE_BACKENDS = ['iptables-nft', 'iptables-legacy', 'nft'] as const;
export type RuleBackend = (typeof RULE_BACKENDS)[number];

/**
 * The restore and save programs of each backend (the iptables ones ship in Debian's `iptables` package; native
 * nftables is `nft -f -` and `nft -j list ruleset`, package `nftables`).
 */
export const RULE_BACKEND_TOOLS: Readonly<Record<RuleBackend, { restore: string; save: string }>> = {
  'iptables-nft': { restore: 'iptables-nft-restore', save: 'iptables-nft-save' },
  'iptables-legacy': { restore: 'iptables-legacy-restore', save: 'iptables-legacy-save' },
  nft: { restore: 'nft', save: 'nft' },
};
