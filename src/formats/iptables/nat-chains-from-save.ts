import { isBuiltinChain } from './builtin-chains.js';
import type { IptablesSaveDoc, SaveTable } from './iptables-save-doc.js';
import { natChainRuleFromSpec } from './nat-chain-rule-from-spec.js';
import type { NatChain, NatChainRule, NatChains, NatChainsSource } from './nat-chains.js';
import { renderSaveRule } from './render-iptables-save.js';

/**
 * The nat table of an iptables-save document (or of an `iptables -S` listing, whose table is "" unless the
 * caller named it) in the common nat-chain shape; undefined when there is no such table. Built-in chains get
 * their hook (`POSTROUTING` → `postrouting`); chains used by rules but never declared are added.
 */
export function natChainsFromSave(
  doc: IptablesSaveDoc,
  source: NatChainsSource = 'iptables-save',
): NatChains | undefined {
  const table = doc.tables.find((t) => t.name === 'nat') ?? doc.tables.find((t) => t.name === '');
  return table && { source, table: table.name, chains: chainsOf(table) };
}

function chainsOf(table: SaveTable): NatChain[] {
  const names = new Set([...table.chains.map((c) => c.name), ...table.rules.map((r) => r.chain)]);
  const chains = new Map<string, { chain: Omit<NatChain, 'rules'>; rules: NatChainRule[] }>();
  for (const c of table.chains)
    chains.set(c.name, {
      chain: {
        name: c.name,
        line: c.line,
        ...(c.builtin && { hook: c.name.toLowerCase() }),
        ...(c.policy !== undefined && { policy: c.policy }),
        ...(c.counters && { counters: c.counters }),
      },
      rules: [],
    });
  for (const rule of table.rules) {
    let entry = chains.get(rule.chain);
    if (!entry) {
      const hook = isBuiltinChain(table.name === '' ? undefined : table.name, rule.chain);
      entry = {
        chain: { name: rule.chain, line: rule.line, ...(hook && { hook: rule.chain.toLowerCase() }) },
        rules: [],
      };
      chains.set(rule.chain, entry);
    }
    entry.rules.push(natChainRuleFromSpec(rule.spec, rule.line, renderSaveRule(rule), names));
  }
  return [...chains.values()].map(({ chain, rules }) => ({ ...chain, rules }));
}
