import { parseCidr } from '../../core/net/cidr.js';
import type { ChainTarget, NatChain, NatChainRule, NatChains } from '../iptables/nat-chains.js';
import { natRuleOf } from '../iptables/nat-rule-of.js';
import { parsePortRange } from '../iptables/parse-port-range.js';
import { parseToSource } from '../iptables/parse-to-source.js';
import type { NftChain, NftRule, NftRuleset, NftStatement, NftTable } from './nft-ruleset.js';
import { renderNftStatement } from './render-nft-statement.js';

/**
 * The tables of an nft ruleset that take part in NAT (a `type nat` base chain, a NAT statement or an
 * iptables-nft target), each in the common nat-chain shape used for iptables listings.
 */
export function natChainsFromNft(
  ruleset: NftRuleset,
  source: 'nft-text' | 'nft-json' = 'nft-text',
): NatChains[] {
  return ruleset.tables.filter(isNatTable).map((t) => ({
    source,
    table: t.family === '' && t.name === '' ? '' : `${t.family} ${t.name}`,
    chains: t.chains.map(natChain),
  }));
}

function isNatTable(t: NftTable): boolean {
  return t.chains.some(
    (c) =>
      c.base?.type === 'nat' ||
      c.rules.some((r) =>
        r.statements.some((s) => s.kind === 'nat' || (s.kind === 'xt' && s.xtType === 'target')),
      ),
  );
}

function natChain(c: NftChain): NatChain {
  return {
    name: c.name,
    line: c.line,
    ...(c.base && { hook: c.base.hook }),
    ...(c.base?.priority !== undefined && { priority: c.base.priority }),
    ...(c.base?.policy !== undefined && { policy: c.base.policy.toUpperCase() }),
    rules: c.rules.map(natChainRule),
  };
}

const isTarget = (s: NftStatement): boolean =>
  s.kind === 'nat' || s.kind === 'verdict' || (s.kind === 'xt' && s.xtType === 'target');

function natChainRule(r: NftRule): NatChainRule {
  const fields: { -readonly [K in keyof NatChainRule]?: NatChainRule[K] } = {};
  const otherMatches: string[] = [];
  const last = [...r.statements].reverse().find(isTarget);
  for (const s of r.statements) {
    if (s.kind === 'match' && !decodeMatch(s, fields)) otherMatches.push(renderNftStatement(s));
    else if (s.kind === 'other' && !s.action) otherMatches.push(s.text);
    else if (s.kind === 'xt' && s.xtType !== 'target') otherMatches.push(renderNftStatement(s));
    else if (s.kind === 'comment') fields.comment = s.text;
    else if (s.kind === 'counter' && s.packets !== undefined && s.bytes !== undefined)
      fields.counters = { packets: s.packets, bytes: s.bytes };
  }
  const action = r.statements.find((s) => s.kind === 'other' && s.action);
  const target: ChainTarget = last
    ? chainTarget(last)
    : action?.kind === 'other'
      ? { type: 'other', name: action.text.split(' ').slice(0, 2).join(' '), text: action.text }
      : { type: 'none' };
  const rule: Omit<NatChainRule, 'nat'> = { line: r.line, text: r.text, ...fields, otherMatches, target };
  const nat = natRuleOf(rule);
  return nat ? { ...rule, nat } : rule;
}

/** Puts a decodable match into `fields`; false when it has to stay text (sets, IPv6, other keys). */
function decodeMatch(
  s: Extract<NftStatement, { kind: 'match' }>,
  fields: Partial<Record<keyof NatChainRule, unknown>>,
): boolean {
  if (s.op !== '==' && s.op !== '!=') return false;
  const negated = s.op === '!=';
  if (s.left === 'ip saddr' || s.left === 'ip daddr') {
    const cidr = parseCidr(s.right);
    if (!cidr) return false;
    fields[s.left === 'ip saddr' ? 'source' : 'destination'] = { value: cidr, negated };
    return true;
  }
  if (s.right.startsWith('{')) return false;
  if (s.left === 'oifname' || s.left === 'oif' || s.left === 'iifname' || s.left === 'iif') {
    // nft's wildcard "veth*" is iptables' "veth+".
    const value = s.right.endsWith('*') ? `${s.right.slice(0, -1)}+` : s.right;
    fields[s.left.startsWith('o') ? 'outInterface' : 'inInterface'] = { value, negated };
    return true;
  }
  if (s.left === 'meta l4proto' || s.left === 'ip protocol') {
    fields.protocol = { value: s.right.toLowerCase(), negated };
    return true;
  }
  return false;
}

function chainTarget(s: NftStatement): ChainTarget {
  if (s.kind === 'xt') return { type: 'xt', name: s.name };
  if (s.kind === 'verdict') {
    if (s.verdict === 'accept' || s.verdict === 'return') return { type: s.verdict };
    if (s.verdict === 'jump' || s.verdict === 'goto')
      return { type: 'jump', chain: s.chain ?? '', goto: s.verdict === 'goto' };
    return { type: 'other', name: s.verdict, text: s.verdict };
  }
  if (s.kind !== 'nat') return { type: 'none' };
  const flags = { random: s.flags.random, randomFully: s.flags.fullyRandom, persistent: s.flags.persistent };
  const text = [s.type, s.family, s.addr, s.port].filter((x) => x !== undefined).join(' ');
  if (s.type === 'masquerade') {
    const toPorts = s.port === undefined ? undefined : parsePortRange(s.port);
    return toPorts ? { type: 'masquerade', toPorts, flags } : { type: 'masquerade', flags };
  }
  if (s.type === 'snat' && s.addr !== undefined && s.family !== 'ip6') {
    const parsed = parseToSource(s.port === undefined ? s.addr : `${s.addr}:${s.port}`);
    if (parsed.ok) return { type: 'snat', toSource: parsed.value, flags };
  }
  return { type: 'other', name: s.type, text };
}
