import type { Cidr } from '../../core/net/cidr.js';
import type { NatRule, NatTarget, Negatable } from '../../core/netfilter/nat-rule.js';
import type { Counters } from './iptables-save-doc.js';

/** Which listing a NatChains came from. */
export type NatChainsSource = 'iptables-save' | 'iptables-rules' | 'iptables-list' | 'nft-text' | 'nft-json';

/** What a rule does when it matches, as far as NAT is concerned. */
export type ChainTarget =
  /** MASQUERADE / SNAT (with flags), RETURN, ACCEPT: what the emulator models. */
  | NatTarget
  /** `-j CHAIN` / `-g CHAIN` / nft `jump` / `goto`: follow it to find the NAT rule. */
  | { readonly type: 'jump'; readonly chain: string; readonly goto: boolean }
  /**
   * An iptables-nft target seen through nft (`xt target "MASQUERADE"`): its options, --random-fully included, are
   * invisible there; iptables-nft-save shows them.
   */
  | { readonly type: 'xt'; readonly name: string }
  /** Any other target or statement (DNAT, MARK, DROP, LOG, `meta mark set …`), kept as text. */
  | { readonly type: 'other'; readonly name: string; readonly text: string }
  /** A rule without a target (counting only). */
  | { readonly type: 'none' };

export interface RuleCounters extends Counters {
  /** `iptables -L` without `-x` rounds to K/M/G/T; the value is then the rounded one. */
  readonly approximate?: boolean;
}

/** One rule of a nat chain, in the same shape whatever listing it came from. */
export interface NatChainRule {
  /** 1-based line in the input (nft JSON: the line of the rule object). */
  readonly line: number;
  /** The rule as it appeared in the input. */
  readonly text: string;
  readonly counters?: RuleCounters;
  readonly source?: Negatable<Cidr>;
  readonly destination?: Negatable<Cidr>;
  readonly inInterface?: Negatable<string>;
  /** iptables wildcard form: a trailing `+` (nft's `"veth*"` is converted). */
  readonly outInterface?: Negatable<string>;
  /** Lower-case name or number as written (`tcp`, `udp`, `icmp`, `6`); absent for all protocols. */
  readonly protocol?: Negatable<string>;
  readonly comment?: string;
  /** Matches not decoded above, as text: `-m mark ! --mark 0x4000/0x4000`, `meta mark & 0x00004000 != 0x0`. */
  readonly otherMatches: readonly string[];
  readonly target: ChainTarget;
  /**
   * The emulator's NatRule, when the target is MASQUERADE/SNAT/RETURN/ACCEPT and the built-in matches fit it
   * (no `-i`, protocol tcp/udp/all). `otherMatches` are left out of it, as toNatRule leaves modules out.
   */
  readonly nat?: NatRule;
}

export interface NatChain {
  readonly name: string;
  readonly line: number;
  /** The netfilter hook of a base chain (`postrouting`, …); undefined for a user chain. */
  readonly hook?: string;
  /** nft priority of a base chain (`srcnat` = 100). */
  readonly priority?: number;
  readonly policy?: string;
  readonly counters?: Counters;
  readonly rules: readonly NatChainRule[];
}

/** The nat chains of one table, ready for a later step to follow jumps from the postrouting hook. */
export interface NatChains {
  readonly source: NatChainsSource;
  /** `nat` for iptables (`` when the listing did not say); `ip nat`, `inet kube-proxy` for nft. */
  readonly table: string;
  readonly chains: readonly NatChain[];
}
