import type { NatRuleset } from './facts.js';

/**
 * The same rules captured twice (`iptables-save` is a link to `iptables-nft-save`; iptables-nft tables also
 * appear in `nft list ruleset`) are kept once: the first capture of a table with the same rules, and tables read
 * through nft are dropped when an iptables-nft-save of that backend was read.
 */
export function dedupeNatRulesets(rulesets: readonly NatRuleset[]): NatRuleset[] {
  const nftSaved = rulesets.some((r) => !r.throughNft && r.backend === 'iptables-nft');
  const kept: NatRuleset[] = [];
  for (const r of rulesets) {
    if (r.throughNft && nftSaved) continue;
    const sig = signature(r);
    const same = kept.findIndex(
      (k) =>
        signature(k) === sig &&
        (k.backend === r.backend || k.backend === 'iptables' || r.backend === 'iptables'),
    );
    if (same < 0) kept.push(r);
    // Keep the capture that knows its backend.
    else if (kept[same]?.backend === 'iptables' && r.backend !== 'iptables') kept[same] = r;
  }
  return kept;
}

function signature(r: NatRuleset): string {
  return JSON.stringify(
    r.chains.chains.map((c) => [c.name, c.rules.map((x) => x.text.replace(/^\[\d+:\d+\]\s*/, ''))]),
  );
}
