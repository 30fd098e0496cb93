import type { Cidr } from '../../core/net/cidr.js';
import type { Ipv4 } from '../../core/net/ipv4.js';
import type { PortRange } from '../../core/netfilter/nat-rule.js';
import type { RuleToken } from './tokenize-rule-spec.js';

/**
 * One iptables rule spec as `iptables-save` / `iptables -S` write it, as a syntax tree: what was written,
 * with the built-in matches and the well-known NAT targets decoded and everything else kept generically.
 * Columns are 1-based positions in the rule text.
 */
export interface RuleSpec {
  /** `[packets:bytes]` in front (iptables-save -c) or `-c packets bytes`. */
  readonly counters?: { readonly packets: number; readonly bytes: number };
  /** `-t nat`, when the rule was written as a command. */
  readonly table?: string;
  /** `-A CHAIN` / `-I CHAIN [n]`. Absent for a bare match/target spec. */
  readonly chain?: string;
  /** `-I CHAIN n` (1 when n is left out). Absent for `-A`. */
  readonly insertPosition?: number;
  /** Built-in matches (`-s -d -i -o -p -f`), in the order written. */
  readonly matches: readonly RuleMatch[];
  /** `-m module --option args...`, in the order written; implicit for `--dport` after `-p tcp` without `-m tcp`. */
  readonly modules: readonly ModuleMatch[];
  readonly target?: RuleTarget;
  readonly tokens: readonly RuleToken[];
}

export type RuleMatch =
  | {
      readonly type: 'source' | 'destination';
      readonly cidr: Cidr;
      readonly negated: boolean;
      readonly column: number;
    }
  | {
      readonly type: 'in-interface' | 'out-interface';
      /** As written; a trailing `+` is iptables' wildcard (`veth+`). */
      readonly name: string;
      readonly negated: boolean;
      readonly column: number;
    }
  | {
      readonly type: 'protocol';
      /** Lower-cased as written: `tcp`, `udp`, `icmp`, `all`, or a number. */
      readonly name: string;
      readonly negated: boolean;
      readonly column: number;
    }
  | { readonly type: 'fragment'; readonly negated: boolean; readonly column: number };

/** `--name args...` of a match module or a target, kept as written. */
export interface RuleOption {
  readonly name: string;
  readonly args: readonly string[];
  /** 1-based column of each argument, parallel to `args`. */
  readonly argColumns: readonly number[];
  readonly negated: boolean;
  /** Column of the `--name` token. */
  readonly column: number;
}

export interface ModuleMatch {
  readonly module: string;
  readonly options: readonly RuleOption[];
  /** Loaded by `-p tcp|udp` rather than written as `-m`. */
  readonly implicit: boolean;
  readonly column: number;
}

/** Fields every target has: the name as written and its options kept generically. */
interface TargetBase {
  readonly name: string;
  readonly options: readonly RuleOption[];
  /** Column of the `-j`/`-g` token. */
  readonly column: number;
}

export interface SnatSource {
  readonly minIp: Ipv4;
  readonly maxIp: Ipv4;
  readonly ports?: PortRange;
}

export type RuleTarget =
  | (TargetBase & {
      readonly type: 'masquerade';
      readonly toPorts?: PortRange;
      readonly random: boolean;
      readonly randomFully: boolean;
    })
  | (TargetBase & {
      readonly type: 'snat';
      /** Absent when `--to-source` is missing or bad (reported as an issue). */
      readonly toSource?: SnatSource;
      readonly random: boolean;
      readonly randomFully: boolean;
      readonly persistent: boolean;
    })
  | (TargetBase & { readonly type: 'return' | 'accept' })
  /** Any other target or user chain (DNAT, DROP, MARK, KUBE-POSTROUTING, ...); `goto` for `-g`. */
  | (TargetBase & { readonly type: 'other'; readonly goto: boolean });
