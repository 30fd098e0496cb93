import type { NftNotice } from './nft-issue.js';

export interface NftNatFlags {
  readonly random: boolean;
  /** `fully-random` (`random-fully` in very old nft output). */
  readonly fullyRandom: boolean;
  readonly persistent: boolean;
}

/** One statement of a rule, from text or JSON; `line`/`column` are 1-based (JSON: the rule object's). */
export type NftStatement =
  /** `ip saddr 10.0.0.0/8`, `oifname != "cni0"`, `meta l4proto tcp`: left side, operator, right side as text. */
  | {
      readonly kind: 'match';
      readonly left: string;
      readonly op: string;
      readonly right: string;
      readonly line: number;
      readonly column: number;
    }
  | {
      readonly kind: 'counter';
      readonly packets?: number;
      readonly bytes?: number;
      readonly line: number;
      readonly column: number;
    }
  | {
      readonly kind: 'nat';
      readonly type: 'masquerade' | 'snat' | 'dnat' | 'redirect';
      /** `snat ip to …`: the address family given. */
      readonly family?: string;
      /** `10.0.0.1`, `10.0.0.1-10.0.0.5`, or an expression as text. */
      readonly addr?: string;
      /** `1024-65535` (without the colon). */
      readonly port?: string;
      readonly flags: NftNatFlags;
      readonly line: number;
      readonly column: number;
    }
  | {
      readonly kind: 'verdict';
      readonly verdict: 'accept' | 'drop' | 'return' | 'continue' | 'jump' | 'goto';
      readonly chain?: string;
      readonly line: number;
      readonly column: number;
    }
  /** iptables-nft's compat expressions, opaque to nft. */
  | {
      readonly kind: 'xt';
      readonly xtType: string;
      readonly name: string;
      readonly line: number;
      readonly column: number;
    }
  | { readonly kind: 'comment'; readonly text: string; readonly line: number; readonly column: number }
  /** Anything else, as text; `action` when it changes the packet or logs (`meta mark set …`, `log`). */
  | {
      readonly kind: 'other';
      readonly text: string;
      readonly action: boolean;
      readonly line: number;
      readonly column: number;
    };

export interface NftRule {
  readonly line: number;
  readonly column: number;
  /** The rule as written (text), or a rendering of its statements (JSON). */
  readonly text: string;
  readonly handle?: number;
  readonly statements: readonly NftStatement[];
}

export interface NftBaseChain {
  readonly type: string;
  readonly hook: string;
  /** Numeric priority (named ones resolved: `srcnat` = 100, `dstnat` = -100, …); undefined if unknown. */
  readonly priority?: number;
  readonly priorityText: string;
  readonly policy?: string;
  readonly device?: string;
}

export interface NftChain {
  readonly name: string;
  readonly line: number;
  readonly handle?: number;
  readonly base?: NftBaseChain;
  readonly comment?: string;
  readonly rules: readonly NftRule[];
}

export interface NftTable {
  /** `ip`, `ip6`, `inet`, `arp`, `bridge`, `netdev`; "" for rule lines pasted outside any table. */
  readonly family: string;
  readonly name: string;
  readonly line: number;
  readonly handle?: number;
  readonly chains: readonly NftChain[];
  /** nft said `table … is managed by iptables-nft`, or it holds xt statements. */
  readonly managedByIptablesNft: boolean;
}

export interface NftRuleset {
  readonly tables: readonly NftTable[];
  readonly notices: readonly NftNotice[];
  /** nft version from the JSON metainfo. */
  readonly nftVersion?: string;
}
