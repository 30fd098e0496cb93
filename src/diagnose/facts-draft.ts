import type { StatsEra } from '../core/kernel/kernel-profile.js';
import type { CniConfig } from '../formats/cni/parse-cni-config.js';
import type { ResolvConf } from '../formats/resolv/parse-resolv-conf.js';
import type { ManifestEntry } from '../formats/snapshot/snapshot-manifest.js';
import type { Evidence } from './evidence.js';
import type {
  ConntrackTableFact,
  InputFile,
  InputIssue,
  InterfaceFact,
  KernelFact,
  NatRuleset,
  StatsSample,
  SysctlFact,
} from './facts.js';

/** A stats sample before the series is put together: where it came from and its order. */
export interface DraftSample extends StatsSample {
  readonly netns: string;
  readonly source: 'conntrack-stats' | 'proc-net-stat-nf-conntrack';
  readonly eras: readonly StatsEra[];
  readonly order: number;
}

/** What assembleFacts collects while it reads the inputs, before deriving the rest. */
export interface FactsDraft {
  readonly inputs: InputFile[];
  readonly issues: InputIssue[];
  readonly notices: InputIssue[];
  readonly kernels: KernelFact[];
  readonly nat: NatRuleset[];
  /** Backends whose iptables-save was read, with or without nat rules. */
  readonly iptablesBackends: Set<string>;
  readonly samples: DraftSample[];
  readonly sysctls: Map<string, SysctlFact>;
  readonly interfaces: InterfaceFact[];
  resolv?: { readonly file: string; readonly conf: ResolvConf };
  readonly cni: { readonly file: string; readonly config: CniConfig }[];
  /** Manifest entries that captured nothing, for the `missing` reasons. */
  readonly failed: ManifestEntry[];
  readonly conntrackLists: Evidence[];
  readonly conntrackTables: ConntrackTableFact[];
}

export function createFactsDraft(): FactsDraft {
  return {
    inputs: [],
    issues: [],
    notices: [],
    kernels: [],
    nat: [],
    iptablesBackends: new Set(),
    samples: [],
    sysctls: new Map(),
    interfaces: [],
    cni: [],
    failed: [],
    conntrackLists: [],
    conntrackTables: [],
  };
}

/** Adds a parser's issues (or notices) with the file they belong to; returns how many. */
export function addIssues(
  into: InputIssue[],
  file: string,
  issues: readonly {
    readonly code: string;
    readonly line: number;
    readonly column: number;
    readonly message: string;
  }[],
): number {
  for (const i of issues)
    into.push({ file, line: i.line, column: i.column, code: i.code, message: i.message });
  return issues.length;
}
