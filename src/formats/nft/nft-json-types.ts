/**
 * The parts of libnftables-json(5) (`nft -j list ruleset`) portclash reads. The input is untrusted, so these
 * describe what a well-formed document holds; parseNftJson checks every field before use.
 */
export interface NftJsonDocument {
  readonly nftables: readonly NftJsonObject[];
}

export type NftJsonObject =
  | { readonly metainfo: NftJsonMetainfo }
  | { readonly table: NftJsonTable }
  | { readonly chain: NftJsonChain }
  | { readonly rule: NftJsonRule }
  /** set, map, flowtable, counter, … : skipped. */
  | { readonly [other: string]: unknown };

export interface NftJsonMetainfo {
  readonly version: string;
  readonly release_name?: string;
  readonly json_schema_version: number;
}

export interface NftJsonTable {
  readonly family: string;
  readonly name: string;
  readonly handle: number;
  readonly comment?: string;
}

export interface NftJsonChain {
  readonly family: string;
  readonly table: string;
  readonly name: string;
  readonly handle: number;
  /** Base chains only. */
  readonly type?: string;
  readonly hook?: string;
  readonly prio?: number;
  readonly policy?: string;
  readonly dev?: string;
  readonly comment?: string;
}

export interface NftJsonRule {
  readonly family: string;
  readonly table: string;
  readonly chain: string;
  readonly handle: number;
  readonly comment?: string;
  readonly expr: readonly NftJsonStatement[];
}

export type NftNatFlagName = 'random' | 'fully-random' | 'persistent' | 'netmap';

/** `masquerade`, `snat`, `dnat`, `redirect`: null without arguments; `flags` one name or a list. */
export interface NftJsonNat {
  readonly family?: 'ip' | 'ip6';
  readonly addr?: NftJsonExpression;
  readonly port?: NftJsonExpression;
  readonly flags?: NftNatFlagName | readonly NftNatFlagName[];
}

export type NftJsonStatement =
  | {
      readonly match: {
        readonly op: string;
        readonly left: NftJsonExpression;
        readonly right: NftJsonExpression;
      };
    }
  | { readonly counter: { readonly packets: number; readonly bytes: number } | string | null }
  | { readonly masquerade: NftJsonNat | null }
  | { readonly snat: NftJsonNat | null }
  | { readonly dnat: NftJsonNat | null }
  | { readonly redirect: NftJsonNat | null }
  | { readonly jump: { readonly target: string } }
  | { readonly goto: { readonly target: string } }
  | { readonly accept: null }
  | { readonly drop: null }
  | { readonly return: null }
  | { readonly continue: null }
  /** nft ≥ 1.0.6 (checked with 1.0.6); before, `{"xt": null}` (json.c). */
  | { readonly xt: { readonly type: 'match' | 'target' | 'watcher'; readonly name: string } | null }
  /** Statements without a JSON form were once printed as their text (json.c stmt_print_json fallback). */
  | string
  | { readonly [other: string]: unknown };

export type NftJsonExpression =
  | string
  | number
  | boolean
  | { readonly payload: { readonly protocol: string; readonly field: string } }
  | { readonly meta: { readonly key: string } }
  | { readonly ct: { readonly key: string; readonly dir?: string } }
  | { readonly prefix: { readonly addr: NftJsonExpression; readonly len: number } }
  | { readonly range: readonly [NftJsonExpression, NftJsonExpression] }
  | { readonly set: readonly NftJsonExpression[] | NftJsonExpression }
  | { readonly '&': readonly [NftJsonExpression, NftJsonExpression] }
  | { readonly concat: readonly NftJsonExpression[] }
  | { readonly [other: string]: unknown };
