import { natChainsFromNft } from '../formats/nft/nat-chains-from-nft.js';
import { parseNftJson } from '../formats/nft/parse-nft-json.js';
import { parseNftRuleset } from '../formats/nft/parse-nft-ruleset.js';
import { addIssues, type FactsDraft } from './facts-draft.js';

/**
 * Reads `nft list ruleset` text or `nft -j list ruleset` JSON: every table that takes part in NAT becomes a nat
 * ruleset; tables iptables-nft manages are marked so (their rules also appear in iptables-nft-save, which shows
 * the options an xt target hides). Returns the number of issues.
 */
export function readNftCapture(
  draft: FactsDraft,
  file: string,
  text: string,
  format: 'nft-text' | 'nft-json',
): number {
  const parsed = format === 'nft-json' ? parseNftJson(text) : parseNftRuleset(text);
  const ruleset = parsed.value;
  addIssues(draft.notices, file, ruleset.notices);
  const managed = new Set(
    ruleset.tables
      .filter(
        (t) =>
          t.managedByIptablesNft ||
          ruleset.notices.some((n) => n.code === 'iptables-nft-layout' && n.line === t.line),
      )
      .map((t) => (t.family === '' && t.name === '' ? '' : `${t.family} ${t.name}`)),
  );
  for (const chains of natChainsFromNft(ruleset, format)) {
    const viaIptables = managed.has(chains.table);
    draft.nat.push({
      file,
      backend: viaIptables ? 'iptables-nft' : 'nftables',
      backendEvidence: viaIptables
        ? `table ${chains.table} is managed by iptables-nft (seen through nft)`
        : `native nftables table ${chains.table || '(rules without a table)'}`,
      chains,
      ...(viaIptables && { throughNft: true }),
    });
  }
  return addIssues(draft.issues, file, parsed.issues);
}
