import { NO_NAT_FLAGS } from '../../core/netfilter/nat-rule.js';
import { KNOWN_TARGETS } from './known-targets.js';
import type { ChainTarget, NatChainRule } from './nat-chains.js';
import { natRuleOf } from './nat-rule-of.js';
import type { ModuleMatch, RuleOption, RuleSpec, RuleTarget } from './rule-spec.js';

/**
 * One parsed rule spec in the common nat-chain shape. `chains` are the chain names declared in the listing: a
 * target that names one is a jump; otherwise a name iptables ships a target for is a target, anything else a
 * jump to a chain the listing did not include.
 */
export function natChainRuleFromSpec(
  spec: RuleSpec,
  line: number,
  text: string,
  chains: ReadonlySet<string>,
): NatChainRule {
  const rule: Omit<NatChainRule, 'nat'> = {
    line,
    text,
    ...(spec.counters && { counters: spec.counters }),
    ...builtinMatches(spec),
    ...comment(spec.modules),
    otherMatches: otherMatches(spec),
    target: spec.target ? chainTarget(spec.target, chains) : { type: 'none' },
  };
  const nat = natRuleOf(rule);
  return nat ? { ...rule, nat } : rule;
}

function builtinMatches(spec: RuleSpec): Partial<NatChainRule> {
  const out: { -readonly [K in keyof NatChainRule]?: NatChainRule[K] } = {};
  for (const m of spec.matches) {
    if (m.type === 'source') out.source = { value: m.cidr, negated: m.negated };
    else if (m.type === 'destination') out.destination = { value: m.cidr, negated: m.negated };
    else if (m.type === 'in-interface') out.inInterface = { value: m.name, negated: m.negated };
    else if (m.type === 'out-interface') out.outInterface = { value: m.name, negated: m.negated };
    else if (m.type === 'protocol') out.protocol = { value: m.name, negated: m.negated };
  }
  return out;
}

function comment(modules: readonly ModuleMatch[]): { comment?: string } {
  const texts = modules
    .filter((m) => m.module === 'comment')
    .flatMap((m) => m.options.filter((o) => o.name === 'comment').map((o) => o.args.join(' ')));
  return texts.length > 0 ? { comment: texts.join(' ') } : {};
}

const renderOption = (o: RuleOption): string =>
  [o.negated ? '!' : '', `--${o.name}`, ...o.args.map((a) => (/[\s"]/.test(a) ? JSON.stringify(a) : a))]
    .filter((s) => s !== '')
    .join(' ');

function otherMatches(spec: RuleSpec): string[] {
  const out: string[] = spec.matches
    .filter((m) => m.type === 'fragment')
    .map((m) => (m.negated ? '! -f' : '-f'));
  for (const m of spec.modules) {
    if (m.module === 'comment') continue;
    const options = m.options.map(renderOption).join(' ');
    out.push(m.implicit ? options : `-m ${m.module}${options === '' ? '' : ` ${options}`}`);
  }
  return out;
}

function chainTarget(target: RuleTarget, chains: ReadonlySet<string>): ChainTarget {
  switch (target.type) {
    case 'masquerade': {
      const flags = { ...NO_NAT_FLAGS, random: target.random, randomFully: target.randomFully };
      return target.toPorts
        ? { type: 'masquerade', toPorts: target.toPorts, flags }
        : { type: 'masquerade', flags };
    }
    case 'snat': {
      const { random, randomFully, persistent } = target;
      if (target.toSource)
        return { type: 'snat', toSource: target.toSource, flags: { random, randomFully, persistent } };
      return { type: 'other', name: target.name, text: `-j ${target.name}` };
    }
    case 'return':
    case 'accept':
      return { type: target.type };
    case 'other': {
      if (target.goto || chains.has(target.name) || !KNOWN_TARGETS.has(target.name))
        return { type: 'jump', chain: target.name, goto: target.goto };
      const options = target.options.map(renderOption).join(' ');
      return {
        type: 'other',
        name: target.name,
        text: `-j ${target.name}${options === '' ? '' : ` ${options}`}`,
      };
    }
    default: {
      const unreachable: never = target;
      return unreachable;
    }
  }
}
