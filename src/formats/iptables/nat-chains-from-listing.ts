import { NO_NAT_FLAGS } from '../../core/netfilter/nat-rule.js';
import type { IptablesListing, ListedRule } from './iptables-listing.js';
import { KNOWN_TARGETS } from './known-targets.js';
import type { ChainTarget, NatChainRule, NatChains } from './nat-chains.js';
import { natRuleOf } from './nat-rule-of.js';
import { parsePortRange } from './parse-port-range.js';
import { parseToSource } from './parse-to-source.js';

/** An `iptables -L` listing in the common nat-chain shape (the table is not in the listing: ""). */
export function natChainsFromListing(listing: IptablesListing): NatChains {
  const names = new Set(listing.chains.map((c) => c.name));
  return {
    source: 'iptables-list',
    table: '',
    chains: listing.chains.map((c) => ({
      name: c.name,
      line: c.line,
      ...(c.policy !== undefined && { hook: c.name.toLowerCase(), policy: c.policy }),
      ...(c.counters && { counters: c.counters }),
      rules: c.rules.map((r) => natChainRule(r, names)),
    })),
  };
}

function natChainRule(r: ListedRule, chains: ReadonlySet<string>): NatChainRule {
  const otherMatches = [...r.unresolved, ...(r.opt === '--' ? [] : [r.opt === '!f' ? '! -f' : '-f'])];
  if (r.matchText !== '') otherMatches.push(r.matchText);
  const rule: Omit<NatChainRule, 'nat'> = {
    line: r.line,
    text: r.text.trim(),
    ...(r.counters && { counters: r.counters }),
    ...(r.source && { source: r.source }),
    ...(r.destination && { destination: r.destination }),
    ...(r.inInterface && { inInterface: r.inInterface }),
    ...(r.outInterface && { outInterface: r.outInterface }),
    ...(r.protocol && { protocol: r.protocol }),
    ...(r.comment !== undefined && { comment: r.comment }),
    otherMatches,
    target: chainTarget(r, chains),
  };
  // An address printed as a name is a condition the NatRule could not carry: no NatRule rather than a wider one.
  const nat = r.unresolved.length === 0 ? natRuleOf(rule) : undefined;
  return nat ? { ...rule, nat } : rule;
}

function chainTarget(r: ListedRule, chains: ReadonlySet<string>): ChainTarget {
  const name = r.target;
  const { random, randomFully, persistent } = r.nat;
  if (name === undefined) return { type: 'none' };
  if (name === 'MASQUERADE') {
    const flags = { ...NO_NAT_FLAGS, random, randomFully };
    const toPorts = r.nat.toPorts === undefined ? undefined : parsePortRange(r.nat.toPorts);
    return toPorts ? { type: 'masquerade', toPorts, flags } : { type: 'masquerade', flags };
  }
  if (name === 'SNAT') {
    const parsed = r.nat.toSource === undefined ? undefined : parseToSource(r.nat.toSource);
    if (parsed?.ok)
      return { type: 'snat', toSource: parsed.value, flags: { random, randomFully, persistent } };
  }
  if (name === 'RETURN') return { type: 'return' };
  if (name === 'ACCEPT') return { type: 'accept' };
  if (r.goto || chains.has(name) || !KNOWN_TARGETS.has(name))
    return { type: 'jump', chain: name, goto: r.goto };
  return { type: 'other', name, text: r.targetText === '' ? name : r.targetText };
}
