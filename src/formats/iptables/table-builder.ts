import { isBuiltinChain } from './builtin-chains.js';
import type { IptablesIssue } from './iptables-issue.js';
import type { Counters, SaveChain, SaveHeader, SaveRule, SaveTable } from './iptables-save-doc.js';
import { KNOWN_TARGETS } from './known-targets.js';
import type { RuleSpec } from './rule-spec.js';

const BUILTIN_POLICIES = new Set(['ACCEPT', 'DROP']);

/** Collects one table's chains and rules as iptables-save or `iptables -S` lists them, checking as it goes. */
export interface TableBuilder {
  readonly name: string;
  committed: boolean;
  completedOn?: string;
  /** `:CHAIN POLICY` or `-N CHAIN` (policy `-`) or `-P CHAIN POLICY`. */
  declare(chain: string, policy: string, counters: Counters | undefined, line: number, column: number): void;
  addRule(spec: RuleSpec, line: number): void;
  /** The table; with `checkJumps`, jumps to chains never declared are reported (complete dumps only). */
  build(checkJumps: boolean): SaveTable;
}

export function createTableBuilder(
  name: string,
  line: number,
  header: SaveHeader | undefined,
  issues: IptablesIssue[],
): TableBuilder {
  const chains: SaveChain[] = [];
  const rules: SaveRule[] = [];
  const issue = (code: IptablesIssue['code'], at: number, column: number, message: string) =>
    issues.push({ code, line: at, column, message });
  const tableName = name === '' ? undefined : name;
  const builder: TableBuilder = {
    name,
    committed: false,
    declare(chain, policy, counters, at, column) {
      const builtin = isBuiltinChain(tableName, chain);
      const index = chains.findIndex((c) => c.name === chain);
      const existing = chains[index];
      if (existing) issue('duplicate-chain', at, column, `chain ${chain} declared twice`);
      if (builtin ? !BUILTIN_POLICIES.has(policy) : policy !== '-')
        issue(
          'bad-policy',
          at,
          column,
          builtin
            ? `built-in chain ${chain} needs ACCEPT or DROP, not ${policy}`
            : `user chain ${chain} takes "-"`,
        );
      const value: SaveChain = {
        name: chain,
        ...(policy !== '-' && { policy }),
        ...(counters && { counters }),
        builtin,
        line: at,
      };
      if (index >= 0) chains[index] = value;
      else chains.push(value);
    },
    addRule(spec, at) {
      const chain = spec.chain ?? '';
      const first = spec.tokens.find((t) => t.text === chain)?.column ?? 1;
      if (!chains.some((c) => c.name === chain) && !isBuiltinChain(tableName, chain))
        issue('undeclared-chain', at, first, `chain ${chain} was not declared`);
      rules.push({ chain, ...(spec.counters && { counters: spec.counters }), spec, line: at });
    },
    build(checkJumps) {
      if (checkJumps)
        for (const rule of rules) {
          const target = rule.spec.target;
          if (target?.type !== 'other' || KNOWN_TARGETS.has(target.name)) continue;
          if (chains.some((c) => c.name === target.name) || isBuiltinChain(tableName, target.name)) continue;
          const column = rule.spec.tokens.find((t) => t.column > target.column)?.column ?? target.column;
          issue('undeclared-chain', rule.line, column, `jump to ${target.name}, which is not declared`);
        }
      return {
        name,
        ...(header && { header }),
        chains,
        rules,
        committed: builder.committed,
        ...(builder.completedOn !== undefined && { completedOn: builder.completedOn }),
        line,
      };
    },
  };
  return builder;
}
