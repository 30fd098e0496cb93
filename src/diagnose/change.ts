import type { Owner } from './owner.js';

/** Which program a rule change goes through: iptables of one backend, or nft for a native nftables table. */
export type RulesetBackend = 'iptables-legacy' | 'iptables-nft' | 'iptables' | 'nftables';

/** Where a rule is: enough for the fix step to find it again and replace it. */
export interface RuleLocation {
  readonly backend: RulesetBackend;
  /** `nat` for iptables; `ip nat`, `inet kube-proxy` for nft. */
  readonly table: string;
  readonly chain: string;
  readonly file: string;
  readonly line: number;
  /** The rule as iptables prints it (renderNatChainRule). */
  readonly rule: string;
}

/**
 * What to change, as data: the later `fix` step turns these into a plan. A rule edit is offered only where
 * nobody rewrites the rule; otherwise the owner's setting is the change and the rule edit a stop-gap.
 */
export type Change =
  /** Add `--random-fully` (nft: `fully-random`) to one MASQUERADE/SNAT rule. */
  | {
      readonly kind: 'add-random-fully';
      readonly at: RuleLocation;
      /** The rule with the flag, as iptables prints it. */
      readonly replacement: string;
      /** False when the owner rewrites the rule: a stop-gap until the owner's setting is changed. */
      readonly lasting: boolean;
    }
  /** Insert `-d CIDR -j RETURN` before a MASQUERADE/SNAT rule: no SNAT for internal destinations. */
  | {
      readonly kind: 'insert-return';
      readonly before: RuleLocation;
      readonly destination: string;
      /** The rule to insert, as iptables prints it. */
      readonly rule: string;
      readonly lasting: boolean;
    }
  /** Change the owner's own configuration, which rewrites the rules. */
  | { readonly kind: 'owner-setting'; readonly owner: Owner; readonly setting: string }
  /** Add an option to the resolver configuration of the affected pods or containers. */
  | {
      readonly kind: 'resolver-option';
      readonly option: 'single-request-reopen' | 'use-vc';
      readonly where: string;
    }
  | { readonly kind: 'sysctl'; readonly key: string; readonly value: string; readonly current?: string }
  /** A kernel with the fix: a release at least this new. */
  | { readonly kind: 'upgrade-kernel'; readonly atLeast: string; readonly why: string }
  /** Collect more evidence with a read-only command. */
  | { readonly kind: 'collect'; readonly argv: readonly string[]; readonly why: string }
  /** Move the rules of one iptables backend to the other, so only one holds nat rules. */
  | {
      readonly kind: 'use-one-backend';
      readonly remove: 'iptables-legacy' | 'iptables-nft';
      readonly why: string;
    }
  /** Look elsewhere: what else causes the symptom. */
  | { readonly kind: 'check'; readonly what: string };
