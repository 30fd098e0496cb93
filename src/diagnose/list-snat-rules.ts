import type { NatFlags } from '../core/netfilter/nat-rule.js';
import type { NatChain, NatChainRule } from '../formats/iptables/nat-chains.js';
import { renderNatChainRule } from '../formats/iptables/render-nat-chain-rule.js';
import type { RuleLocation } from './change.js';
import type { NatRuleset } from './facts.js';
import type { Owner } from './owner.js';
import { ownerOfRule, type RulePlace } from './owner-of-rule.js';

/** A MASQUERADE or SNAT rule found in a nat ruleset, with where it is and whose it is. */
export interface SnatRule {
  readonly ruleset: NatRuleset;
  readonly chain: NatChain;
  readonly rule: NatChainRule;
  readonly place: RulePlace;
  readonly owner: Owner;
  readonly location: RuleLocation;
  /** `xt`: an iptables-nft target seen through nft, whose flags are not visible. */
  readonly target: 'masquerade' | 'snat' | 'xt';
  /** Undefined for `xt`. */
  readonly flags?: NatFlags;
}

const XT_NAT = new Set(['MASQUERADE', 'SNAT']);

/**
 * Every MASQUERADE/SNAT rule reachable from a postrouting hook (all rules of a fragment without one), in file
 * order. Rules in chains nothing jumps to never run and are left out.
 */
export function listSnatRules(rulesets: readonly NatRuleset[]): SnatRule[] {
  return rulesets.flatMap((ruleset) => {
    const places = reachableChains(ruleset);
    const out: SnatRule[] = [];
    for (const chain of ruleset.chains.chains) {
      const place = places.get(chain.name);
      if (!place) continue;
      for (const rule of chain.rules) {
        const t = rule.target;
        const target =
          t.type === 'masquerade' || t.type === 'snat'
            ? t.type
            : t.type === 'xt' && XT_NAT.has(t.name)
              ? 'xt'
              : undefined;
        if (!target) continue;
        out.push({
          ruleset,
          chain,
          rule,
          place,
          owner: ownerOfRule(rule, place),
          location: {
            backend: ruleset.backend,
            table: ruleset.chains.table || 'nat',
            chain: chain.name,
            file: ruleset.file,
            line: rule.line,
            rule: renderNatChainRule(rule),
          },
          target,
          ...((t.type === 'masquerade' || t.type === 'snat') && { flags: t.flags }),
        });
      }
    }
    return out;
  });
}

/** Chains reachable from the postrouting base chains, each with the path that first reached it. */
function reachableChains(ruleset: NatRuleset): Map<string, RulePlace> {
  const table = ruleset.chains.table;
  const chains = ruleset.chains.chains;
  const byName = new Map(chains.map((c) => [c.name, c]));
  const roots = chains.filter((c) => c.hook === 'postrouting');
  const places = new Map<string, RulePlace>();
  if (roots.length === 0) {
    for (const c of chains) places.set(c.name, { table, chain: c.name, parents: [] });
    return places;
  }
  const queue: RulePlace[] = roots.map((c) => ({ table, chain: c.name, parents: [] }));
  for (const p of queue) places.set(p.chain, p);
  while (queue.length > 0) {
    const place = queue.shift()!;
    for (const rule of byName.get(place.chain)?.rules ?? []) {
      if (rule.target.type !== 'jump' || places.has(rule.target.chain)) continue;
      const next: RulePlace = {
        table,
        chain: rule.target.chain,
        parents: [{ chain: place.chain, rule }, ...place.parents],
      };
      places.set(next.chain, next);
      queue.push(next);
    }
  }
  return places;
}
