import { type Cidr, parseCidr } from '../../core/net/cidr.js';
import type { L4Proto } from '../../core/net/proto.js';
import { type NatRule, type NatTarget, type Negatable, NO_NAT_FLAGS } from '../../core/netfilter/nat-rule.js';
import { parsePortRange } from '../iptables/parse-port-range.js';
import { parseToSource } from '../iptables/parse-to-source.js';
import {
  checkEnum,
  describeType,
  type Fields,
  isRecord,
  keyList,
  readBoolean,
  readEnum,
  readObject,
  readString,
} from './field-readers.js';
import type { IssueCollector, Path } from './issue-collector.js';
import { checkInterfaceName } from './network-checks.js';
import type { NatRuleObjectInput } from './scenario-input.js';

const RULE_KEYS = keyList<NatRuleObjectInput>({
  source: true,
  destination: true,
  outInterface: true,
  proto: true,
  target: true,
  comment: true,
});
const TARGET_TYPES = ['masquerade', 'snat', 'return', 'accept'] as const;
const TARGET_KEYS: Readonly<Record<(typeof TARGET_TYPES)[number], readonly string[]>> = {
  masquerade: ['type', 'toPorts', 'random', 'randomFully'],
  snat: ['type', 'toSource', 'random', 'randomFully', 'persistent'],
  return: ['type'],
  accept: ['type'],
};
const PROTOS: readonly L4Proto[] = ['tcp', 'udp'];

/** A structured nat rule: `{ source: "!10.0.0.0/8", outInterface: "!cni0", target: { type: masquerade } }`. */
export function validateNatRuleObject(c: IssueCollector, raw: unknown, path: Path): NatRule | undefined {
  const obj = readObject(c, raw, path, RULE_KEYS);
  if (!obj) return undefined;
  const before = c.count;
  const source =
    obj.source === undefined ? undefined : checkNegatableCidr(c, obj.source, [...path, 'source']);
  const destination =
    obj.destination === undefined
      ? undefined
      : checkNegatableCidr(c, obj.destination, [...path, 'destination']);
  const outInterface =
    obj.outInterface === undefined
      ? undefined
      : checkNegatableInterface(c, obj.outInterface, [...path, 'outInterface']);
  const proto = obj.proto === undefined ? undefined : readEnum(c, obj, 'proto', path, PROTOS);
  const comment = obj.comment === undefined ? undefined : readString(c, obj, 'comment', path);
  const target = checkTarget(c, obj.target, [...path, 'target'], proto);
  if (c.count > before || !target) return undefined;
  return {
    ...(source && { source }),
    ...(destination && { destination }),
    ...(outInterface && { outInterface }),
    ...(proto && { proto }),
    target,
    ...(comment !== undefined && { comment }),
  };
}

/** `"10.0.0.0/8"`, `"!10.0.0.0/8"`, `"! 10.0.0.5"` (a bare address is /32, as in iptables) or `{ cidr, negated }`. */
function checkNegatableCidr(c: IssueCollector, raw: unknown, path: Path): Negatable<Cidr> | undefined {
  const parsed = splitNegation(c, raw, path, 'cidr');
  if (!parsed) return undefined;
  const value = parseCidr(parsed.text);
  if (value) return { value, negated: parsed.negated };
  c.add('bad-cidr', parsed.path, `'${parsed.text}' is not an address or CIDR`);
  return undefined;
}

function checkNegatableInterface(c: IssueCollector, raw: unknown, path: Path): Negatable<string> | undefined {
  const parsed = splitNegation(c, raw, path, 'name');
  const value = parsed && checkInterfaceName(c, parsed.text, parsed.path);
  return value === undefined || !parsed ? undefined : { value, negated: parsed.negated };
}

function splitNegation(
  c: IssueCollector,
  raw: unknown,
  path: Path,
  key: 'cidr' | 'name',
): { text: string; negated: boolean; path: Path } | undefined {
  if (typeof raw === 'string') {
    const negated = raw.startsWith('!');
    return { text: negated ? raw.slice(1).trim() : raw, negated, path };
  }
  if (!isRecord(raw)) {
    c.add('wrong-type', path, `expected "value", "!value" or { ${key}, negated }, got ${describeType(raw)}`);
    return undefined;
  }
  const obj = readObject(c, raw, path, [key, 'negated']);
  const text = obj && readString(c, obj, key, path);
  if (!obj || text === undefined) return undefined;
  return { text, negated: readBoolean(c, obj, 'negated', path, false), path: [...path, key] };
}

function checkTarget(
  c: IssueCollector,
  raw: unknown,
  path: Path,
  proto: L4Proto | undefined,
): NatTarget | undefined {
  if (raw === undefined || raw === null) {
    c.add('missing', path, "'target' is required");
    return undefined;
  }
  const obj: Fields | undefined = typeof raw === 'string' ? { type: raw } : isRecord(raw) ? raw : undefined;
  if (!obj) {
    c.add(
      'wrong-type',
      path,
      `expected a target object or masquerade/return/accept, got ${describeType(raw)}`,
    );
    return undefined;
  }
  const type = checkEnum(c, obj.type, typeof raw === 'string' ? path : [...path, 'type'], TARGET_TYPES);
  if (type === undefined) return undefined;
  if (isRecord(raw)) readObject(c, raw, path, TARGET_KEYS[type]);
  const flags = {
    random: readBoolean(c, obj, 'random', path, false),
    randomFully: readBoolean(c, obj, 'randomFully', path, false),
  };
  const needProtocol = (at: Path): void => {
    if (proto === undefined)
      c.add('ports-need-protocol', at, "a port range needs 'proto: tcp' or 'proto: udp'");
  };
  switch (type) {
    case 'masquerade': {
      const toPorts =
        obj.toPorts === undefined ? undefined : checkToPorts(c, obj.toPorts, [...path, 'toPorts']);
      if (toPorts) needProtocol([...path, 'toPorts']);
      const masqFlags = { ...NO_NAT_FLAGS, ...flags };
      return toPorts ? { type, toPorts, flags: masqFlags } : { type, flags: masqFlags };
    }
    case 'snat': {
      const text = readString(c, obj, 'toSource', path);
      if (text === undefined) return undefined;
      const parsed = parseToSource(text);
      if (!parsed.ok) {
        c.add(parsed.code, [...path, 'toSource'], parsed.message);
        return undefined;
      }
      if (parsed.value.ports) needProtocol([...path, 'toSource']);
      return {
        type,
        toSource: parsed.value,
        flags: { ...flags, persistent: readBoolean(c, obj, 'persistent', path, false) },
      };
    }
    case 'return':
    case 'accept':
      return { type };
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

function checkToPorts(c: IssueCollector, raw: unknown, path: Path): { min: number; max: number } | undefined {
  const range = typeof raw === 'number' || typeof raw === 'string' ? parsePortRange(String(raw)) : undefined;
  if (range) return range;
  c.add('bad-port-range', path, `expected a port or "lo-hi" with lo ≤ hi ≤ 65535, got ${describeType(raw)}`);
  return undefined;
}
