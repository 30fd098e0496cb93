import type { Cidr } from '../../core/net/cidr.js';
import type { L4Proto } from '../../core/net/proto.js';
import type { NatRule, NatTarget, Negatable } from '../../core/netfilter/nat-rule.js';
import { IPTABLES_PROTOCOLS } from './protocol-names.js';
import type { ModuleMatch, RuleSpec, RuleTarget } from './rule-spec.js';
import type { RuleSpecIssue } from './rule-spec-issue.js';

export interface ToNatRuleResult {
  /** Present exactly when `issues` is empty. */
  readonly value?: NatRule;
  readonly issues: readonly RuleSpecIssue[];
  /**
   * Module matches the emulator does not model and left out (everything but `-m comment`, whose text becomes
   * NatRule.comment): `-m addrtype`, `-m tcp --dport`, `-m mark`, ... The caller decides whether that matters.
   */
  readonly ignored: readonly ModuleMatch[];
}

/**
 * Converts a parsed rule of the nat table's POSTROUTING chain into the emulator's NatRule. A spec without
 * `-A` is taken to be for POSTROUTING. Call it on a spec whose parse had no issues: matches that failed to
 * parse are not in the spec.
 */
export function toNatRule(spec: RuleSpec): ToNatRuleResult {
  const issues: RuleSpecIssue[] = [];
  const column = spec.tokens[0]?.column ?? 1;
  if (spec.table !== undefined && spec.table !== 'nat')
    issues.push({ code: 'wrong-table', column, message: `rule is for table ${spec.table}, not nat` });
  if (spec.chain !== undefined && spec.chain !== 'POSTROUTING')
    issues.push({ code: 'wrong-chain', column, message: `rule is for chain ${spec.chain}, not POSTROUTING` });

  let source: Negatable<Cidr> | undefined;
  let destination: Negatable<Cidr> | undefined;
  let outInterface: Negatable<string> | undefined;
  let proto: L4Proto | undefined;
  for (const match of spec.matches) {
    switch (match.type) {
      case 'source':
        source = { value: match.cidr, negated: match.negated };
        break;
      case 'destination':
        destination = { value: match.cidr, negated: match.negated };
        break;
      case 'out-interface':
        outInterface = { value: match.name, negated: match.negated };
        break;
      case 'protocol': {
        const known = IPTABLES_PROTOCOLS[match.name];
        if (known === undefined || match.negated)
          issues.push({
            code: 'unsupported-match',
            column: match.column,
            message: `${match.negated ? '! ' : ''}-p ${match.name}: the emulator models tcp and udp only`,
          });
        else if (known !== 'all') proto = known;
        break;
      }
      case 'in-interface':
        issues.push({
          code: 'unsupported-match',
          column: match.column,
          message: '-i cannot be used in POSTROUTING',
        });
        break;
      case 'fragment':
        issues.push({ code: 'unsupported-match', column: match.column, message: '-f is not modelled' });
        break;
      default: {
        const unreachable: never = match;
        return unreachable;
      }
    }
  }

  const comments = spec.modules.filter((m) => m.module === 'comment');
  const ignored = spec.modules.filter((m) => m.module !== 'comment');
  const comment = comments
    .flatMap((m) => m.options.filter((o) => o.name === 'comment').map((o) => o.args.join(' ')))
    .join(' ');

  const target = spec.target && toNatTarget(spec.target, issues);
  if (!spec.target) issues.push({ code: 'missing-target', column, message: 'rule has no -j target' });
  if (issues.length > 0 || !target) return { issues, ignored };
  const value: NatRule = {
    ...(source && { source }),
    ...(destination && { destination }),
    ...(outInterface && { outInterface }),
    ...(proto && { proto }),
    target,
    ...(comment !== '' && { comment }),
  };
  return { value, issues, ignored };
}

function toNatTarget(target: RuleTarget, issues: RuleSpecIssue[]): NatTarget | undefined {
  switch (target.type) {
    case 'masquerade': {
      const flags = { random: target.random, randomFully: target.randomFully, persistent: false };
      return target.toPorts
        ? { type: 'masquerade', toPorts: target.toPorts, flags }
        : { type: 'masquerade', flags };
    }
    case 'snat': {
      if (!target.toSource) {
        issues.push({ code: 'missing-option', column: target.column, message: 'SNAT needs --to-source' });
        return undefined;
      }
      const { random, randomFully, persistent } = target;
      return { type: 'snat', toSource: target.toSource, flags: { random, randomFully, persistent } };
    }
    case 'return':
      return { type: 'return' };
    case 'accept':
      return { type: 'accept' };
    case 'other':
      issues.push({
        code: 'unsupported-target',
        column: target.column,
        message: `${target.goto ? '-g' : '-j'} ${target.name}: the emulator models MASQUERADE, SNAT, RETURN and ACCEPT`,
      });
      return undefined;
    default: {
      const unreachable: never = target;
      return unreachable;
    }
  }
}
