import type { KernelProfile } from '../../core/kernel/kernel-profile.js';
import type { Cidr } from '../../core/net/cidr.js';
import type { NatRule } from '../../core/netfilter/nat-rule.js';
import type { Host } from '../../core/scenario/scenario.js';
import { parseRuleSpec } from '../iptables/parse-rule-spec.js';
import { toNatRule } from '../iptables/to-nat-rule.js';
import { describeType, isRecord, readEnum, readObject } from './field-readers.js';
import type { IssueCollector, Path } from './issue-collector.js';
import { NAT_STRATEGIES, natRulesForStrategy } from './nat-rules-for-strategy.js';
import { validateNatRuleObject } from './validate-nat-rule-object.js';

/**
 * `nat:` — absent (= strategy masquerade), `{ strategy }`, or a list of iptables-save lines and structured
 * rules. Module matches other than `-m comment` in a line are left out, as the emulator does not model them.
 */
export function validateNat(
  c: IssueCollector,
  raw: unknown,
  path: Path,
  host: Host,
  internalCidrs: readonly Cidr[],
  kernel: KernelProfile | undefined,
): readonly NatRule[] {
  if (raw === undefined || raw === null) return natRulesForStrategy('masquerade', host, internalCidrs);
  if (isRecord(raw)) {
    const obj = readObject(c, raw, path, ['strategy']);
    const strategy = obj && readEnum(c, obj, 'strategy', path, NAT_STRATEGIES);
    if (strategy === undefined) return [];
    const rules = natRulesForStrategy(strategy, host, internalCidrs);
    checkKernelSupport(c, rules, [...path, 'strategy'], kernel);
    return rules;
  }
  if (!Array.isArray(raw)) {
    c.add('wrong-type', path, `expected a list of rules or { strategy }, got ${describeType(raw)}`);
    return [];
  }
  return raw.flatMap((item: unknown, i) => {
    const at = [...path, i];
    if (looksLikeSplitRule(item)) {
      c.add(
        'wrong-type',
        at,
        "YAML read this iptables rule as `key: value` because of ': '; put the rule in single quotes",
      );
      return [];
    }
    const rule = typeof item === 'string' ? ruleFromText(c, item, at) : validateNatRuleObject(c, item, at);
    if (!rule) return [];
    checkKernelSupport(c, [rule], at, kernel);
    return [rule];
  });
}

/** `- -A POSTROUTING ... --comment "a: b"` unquoted in YAML is a one-key map whose key is the rule's start. */
function looksLikeSplitRule(item: unknown): boolean {
  if (!isRecord(item)) return false;
  const keys = Object.keys(item);
  return keys.length === 1 && (keys[0]?.startsWith('-') ?? false);
}

function ruleFromText(c: IssueCollector, text: string, path: Path): NatRule | undefined {
  const parsed = parseRuleSpec(text);
  for (const issue of parsed.issues) c.add(issue.code, path, issue.message, { offset: issue.column - 1 });
  if (parsed.issues.length > 0) return undefined;
  const converted = toNatRule(parsed.value);
  for (const issue of converted.issues) c.add(issue.code, path, issue.message, { offset: issue.column - 1 });
  return converted.value;
}

/** NF_NAT_RANGE_PROTO_RANDOM_FULLY exists from 3.14; older kernels refuse the rule. */
function checkKernelSupport(
  c: IssueCollector,
  rules: readonly NatRule[],
  path: Path,
  kernel: KernelProfile | undefined,
): void {
  if (!kernel || kernel.randomFully) return;
  const uses = rules.some(
    (r) => (r.target.type === 'masquerade' || r.target.type === 'snat') && r.target.flags.randomFully,
  );
  if (uses)
    c.add('kernel-unsupported', path, `kernel ${kernel.release} has no --random-fully (added in 3.14)`);
}
