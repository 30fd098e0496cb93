import type { PortRange } from '../../core/netfilter/nat-rule.js';
import { parsePortRange } from './parse-port-range.js';
import { parseToSource } from './parse-to-source.js';
import type { RuleMatch, RuleOption, RuleTarget, SnatSource } from './rule-spec.js';
import type { RuleSpecIssue } from './rule-spec-issue.js';

/** A target as the tokens gave it, before its options are decoded. */
export interface RawTarget {
  readonly name: string;
  readonly options: readonly RuleOption[];
  readonly column: number;
  readonly goto: boolean;
}

/** Options each decoded target accepts, with how many arguments each takes (libxt_MASQUERADE, libxt_SNAT). */
const ARITY: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  MASQUERADE: { 'to-ports': 1, random: 0, 'random-fully': 0 },
  SNAT: { 'to-source': 1, random: 0, 'random-fully': 0, persistent: 0 },
  RETURN: {},
  ACCEPT: {},
};

/** Protocols iptables accepts a NAT port range with ("Need TCP, UDP, SCTP or DCCP with port specification"). */
const PORT_PROTOCOLS = new Set(['tcp', 'udp', 'sctp', 'dccp', '6', '17', '132', '33']);

/**
 * Decodes MASQUERADE, SNAT, RETURN and ACCEPT (case-sensitive, as iptables: `-j return` jumps to a user chain
 * called "return"); keeps any other target generic. Pushes issues for bad options; never throws.
 */
export function decodeRuleTarget(
  raw: RawTarget,
  protocol: RuleMatch | undefined,
  issues: RuleSpecIssue[],
): RuleTarget {
  const base = { name: raw.name, options: raw.options, column: raw.column };
  const arity = raw.goto ? undefined : ARITY[raw.name];
  if (arity === undefined) return { ...base, type: 'other', goto: raw.goto };
  const seen = new Set<string>();
  const values = new Map<string, RuleOption>();
  for (const option of raw.options) {
    const expected = arity[option.name];
    if (expected === undefined) {
      issues.push({
        code: 'unknown-option',
        column: option.column,
        message: `${raw.name} has no --${option.name}`,
      });
      continue;
    }
    if (seen.has(option.name))
      issues.push({
        code: 'duplicate-option',
        column: option.column,
        message: `--${option.name} given twice`,
      });
    seen.add(option.name);
    if (option.negated)
      issues.push({
        code: 'misplaced-negation',
        column: option.column,
        message: `--${option.name} cannot be negated`,
      });
    if (option.args.length < expected)
      issues.push({
        code: 'missing-argument',
        column: option.column,
        message: `--${option.name} needs a value`,
      });
    else if (option.args.length > expected)
      issues.push({
        code: 'unexpected-argument',
        column: option.argColumns[expected] ?? option.column,
        message: `unexpected '${option.args[expected] ?? ''}' after --${option.name}`,
      });
    else values.set(option.name, option);
  }
  const portsAllowed =
    protocol !== undefined &&
    !protocol.negated &&
    PORT_PROTOCOLS.has(protocol.type === 'protocol' ? protocol.name : '');
  const needProtocol = (option: RuleOption): void => {
    if (!portsAllowed)
      issues.push({
        code: 'ports-need-protocol',
        column: option.column,
        message: 'a port range needs -p tcp or -p udp',
      });
  };
  const flags = { random: seen.has('random'), randomFully: seen.has('random-fully') };
  switch (raw.name) {
    case 'MASQUERADE': {
      const option = values.get('to-ports');
      const toPorts = option && decodePorts(option, issues);
      if (option && toPorts) needProtocol(option);
      return toPorts
        ? { ...base, type: 'masquerade', toPorts, ...flags }
        : { ...base, type: 'masquerade', ...flags };
    }
    case 'SNAT': {
      const option = values.get('to-source');
      const persistent = seen.has('persistent');
      if (!seen.has('to-source'))
        issues.push({ code: 'missing-option', column: raw.column, message: 'SNAT needs --to-source' });
      const toSource = option && decodeToSource(option, issues);
      if (option && toSource?.ports) needProtocol(option);
      return toSource
        ? { ...base, type: 'snat', toSource, ...flags, persistent }
        : { ...base, type: 'snat', ...flags, persistent };
    }
    case 'RETURN':
      return { ...base, type: 'return' };
    default:
      return { ...base, type: 'accept' };
  }
}

function decodePorts(option: RuleOption, issues: RuleSpecIssue[]): PortRange | undefined {
  const text = option.args[0] ?? '';
  const ports = parsePortRange(text);
  if (!ports)
    issues.push({
      code: 'bad-port-range',
      column: option.argColumns[0] ?? option.column,
      message: `bad port range '${text}'`,
    });
  return ports;
}

function decodeToSource(option: RuleOption, issues: RuleSpecIssue[]): SnatSource | undefined {
  const result = parseToSource(option.args[0] ?? '');
  if (result.ok) return result.value;
  issues.push({ code: result.code, column: option.argColumns[0] ?? option.column, message: result.message });
  return undefined;
}
