import type { KernelProfile, StatsEra } from '../core/kernel/kernel-profile.js';
import type { Cidr } from '../core/net/cidr.js';
import type { CpuCounters } from '../core/netfilter/counters.js';
import type { CniConfig } from '../formats/cni/parse-cni-config.js';
import type { ConntrackListDigest } from '../formats/conntrack/digest-conntrack-list.js';
import type { DetectedFormat } from '../formats/detect-format.js';
import type { IpInterface } from '../formats/ip/parse-ip-addr-json.js';
import type { NatChains } from '../formats/iptables/nat-chains.js';
import type { ResolvConf } from '../formats/resolv/parse-resolv-conf.js';
import type { CaptureKind } from '../formats/snapshot/snapshot-manifest.js';
import type { RulesetBackend } from './change.js';
import type { Evidence } from './evidence.js';

/** Everything the rules may read, assembled from whatever captures exist; what is absent is in `missing`. */
export interface Facts {
  /** Every input file, what it was read as and how many problems it had. */
  readonly inputs: readonly InputFile[];
  /** Problems in the inputs (truncated, mangled), with file, line and column. */
  readonly issues: readonly InputIssue[];
  /** Facts about inputs that qualify them (iptables-nft warnings, xt targets, rounded counters). */
  readonly notices: readonly InputIssue[];
  /** The facts no input provided, and why (not captured, the command failed, not installed). */
  readonly missing: readonly MissingFact[];
  readonly kernel?: KernelFact;
  readonly nat: readonly NatRuleset[];
  /** Per network namespace, the conntrack statistics samples and the rates between them. */
  readonly conntrack: readonly ConntrackSeries[];
  readonly sysctls: Readonly<Record<string, SysctlFact>>;
  readonly interfaces: readonly InterfaceFact[];
  readonly resolv?: { readonly file: string; readonly conf: ResolvConf };
  readonly cni: readonly { readonly file: string; readonly config: CniConfig }[];
  /** Internal (VPC) networks: given with --vpc-cidr, or inferred from addresses, CNI config and rules. */
  readonly vpcCidrs: readonly VpcCidr[];
  /** `conntrack -L` / /proc/net/nf_conntrack dumps, digested (counts and SNAT port use, not the entries). */
  readonly conntrackTables: readonly ConntrackTableFact[];
}

export interface ConntrackTableFact {
  readonly file: string;
  readonly digest: ConntrackListDigest;
}

export interface InputFile {
  readonly file: string;
  /** What it was read as; `manifest` for a snapshot's manifest.json; `unknown` when nothing fit. */
  readonly format: DetectedFormat | 'manifest' | 'unknown';
  /** The collector's kind, when a manifest named it. */
  readonly kind?: CaptureKind;
  /** How the format was decided. */
  readonly by: 'manifest' | 'content';
  readonly issues: number;
}

export interface InputIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly message: string;
}

/** The facts the rules know to ask for. */
export type FactName =
  | 'kernel'
  | 'nat-rules'
  | 'iptables-legacy'
  | 'iptables-nft'
  | 'conntrack-stats'
  | 'conntrack-rates'
  | 'sysctls'
  | 'addresses'
  | 'resolv-conf'
  | 'cni-config';

export interface MissingFact {
  readonly fact: FactName;
  readonly reason: string;
}

export interface KernelFact {
  readonly release: string;
  readonly profile: KernelProfile;
  /** What had to be assumed about a distro release. */
  readonly assumption?: string;
  readonly evidence: Evidence;
}

/** The nat rules of one table, as one backend holds them. */
export interface NatRuleset {
  readonly file: string;
  readonly backend: RulesetBackend;
  /** Why the backend is believed (a header, a warning line, the file's kind). */
  readonly backendEvidence: string;
  readonly chains: NatChains;
  /** iptables-nft rules read through `nft list ruleset`: xt targets hide their options. */
  readonly throughNft?: boolean;
}

export interface StatsSample {
  readonly file: string;
  /** ms since the collection started (from the manifest); absent for pasted files. */
  readonly atMs?: number;
  /** Counters per CPU; attributes the kernel did not print are 0. */
  readonly cpus: readonly CpuCounters[];
  /** 1-based line of each CPU's row. */
  readonly lines: readonly number[];
  /** /proc/net/stat/nf_conntrack's entries column (the table's size); absent for conntrack -S. */
  readonly entries?: number;
}

export interface ConntrackSeries {
  /** `` for the collector's own (root) namespace or a pasted file; else the named netns. */
  readonly netns: string;
  readonly source: 'conntrack-stats' | 'proc-net-stat-nf-conntrack';
  /** Stats eras whose kernel prints exactly these columns (empty if none fits). */
  readonly eras: readonly StatsEra[];
  /** In the order taken. */
  readonly samples: readonly StatsSample[];
  /** Between the first and the last sample, when there are two. */
  readonly growth?: CounterGrowth;
}

export interface CounterGrowth {
  /** Seconds between the samples, when known. */
  readonly seconds?: number;
  /** Increase per CPU (u32 wrap-around handled). */
  readonly perCpu: readonly CpuCounters[];
  readonly total: CpuCounters;
}

export interface SysctlFact {
  readonly value: string;
  readonly evidence: Evidence;
}

export interface InterfaceFact {
  readonly file: string;
  readonly iface: IpInterface;
}

export interface VpcCidr {
  readonly cidr: Cidr;
  readonly from: 'option' | 'addresses' | 'rules';
  readonly evidence: Evidence;
}
