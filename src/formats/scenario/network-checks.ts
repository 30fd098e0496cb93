import { type Cidr, parseCidr } from '../../core/net/cidr.js';
import { type Ipv4, parseIpv4 } from '../../core/net/ipv4.js';
import { parsePortRange } from '../iptables/parse-port-range.js';
import { checkNumber, describeType } from './field-readers.js';
import type { IssueCollector, Path } from './issue-collector.js';

export function checkIpv4(c: IssueCollector, value: unknown, path: Path): Ipv4 | undefined {
  if (typeof value !== 'string') {
    c.add('wrong-type', path, `expected an IPv4 address, got ${describeType(value)}`);
    return undefined;
  }
  const ip = parseIpv4(value);
  if (ip === undefined) c.add('bad-address', path, `'${value}' is not an IPv4 address`);
  return ip;
}

export function checkCidr(c: IssueCollector, value: unknown, path: Path): Cidr | undefined {
  if (typeof value !== 'string') {
    c.add('wrong-type', path, `expected a CIDR like 10.0.0.0/8, got ${describeType(value)}`);
    return undefined;
  }
  const cidr = value.includes('/') ? parseCidr(value) : undefined;
  if (cidr === undefined) c.add('bad-cidr', path, `'${value}' is not a CIDR like 10.0.0.0/8`);
  return cidr;
}

/** The kernel's dev_valid_name; a trailing `+` is iptables' wildcard. */
export function checkInterfaceName(c: IssueCollector, value: unknown, path: Path): string | undefined {
  if (typeof value !== 'string') {
    c.add('wrong-type', path, `expected an interface name, got ${describeType(value)}`);
    return undefined;
  }
  if (/^[^\s/:]{1,15}$/.test(value) && value !== '.' && value !== '..') return value;
  c.add(
    'bad-interface',
    path,
    `'${value}' is not an interface name (1 to 15 characters, no '/', ':' or blanks)`,
  );
  return undefined;
}

const PORT = { min: 1, max: 65535, integer: true } as const;

export function checkPort(c: IssueCollector, value: unknown, path: Path): number | undefined {
  return checkNumber(c, value, path, PORT);
}

/** `[lo, hi]` or `"lo-hi"`, 1 ≤ lo ≤ hi ≤ 65535. */
export function checkPortRange(
  c: IssueCollector,
  value: unknown,
  path: Path,
): readonly [number, number] | undefined {
  if (typeof value === 'string') {
    const range = parsePortRange(value);
    if (range && range.min >= 1) return [range.min, range.max];
    c.add('bad-port-range', path, `'${value}' is not a port range lo-hi with 1 ≤ lo ≤ hi ≤ 65535`);
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 2) {
    c.add('wrong-type', path, `expected [lo, hi] or "lo-hi", got ${describeType(value)}`);
    return undefined;
  }
  const lo = checkPort(c, value[0], [...path, 0]);
  const hi = checkPort(c, value[1], [...path, 1]);
  if (lo === undefined || hi === undefined) return undefined;
  if (lo <= hi) return [lo, hi];
  c.add('bad-port-range', path, `the range runs backwards: ${lo} > ${hi}`);
  return undefined;
}
