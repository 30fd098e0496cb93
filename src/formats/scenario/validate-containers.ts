import { type Cidr, cidrContains, formatCidr } from '../../core/net/cidr.js';
import { formatIpv4, type Ipv4, toIpv4 } from '../../core/net/ipv4.js';
import type { Container, Destination, Host, Resolver } from '../../core/scenario/scenario.js';
import { type Fields, keyList, readNumber, readObject, readString } from './field-readers.js';
import type { IssueCollector, Path } from './issue-collector.js';
import { checkIpv4, checkPortRange } from './network-checks.js';
import { SCENARIO_DEFAULTS } from './scenario-defaults.js';
import type { ContainerInput, ContainerPoolInput } from './scenario-input.js';
import { validateResolver } from './validate-resolver.js';

const POOL_KEYS = keyList<ContainerPoolInput>({
  count: true,
  namePrefix: true,
  portRange: true,
  resolver: true,
});
const CONTAINER_KEYS = keyList<ContainerInput>({
  name: true,
  address: true,
  portRange: true,
  resolver: true,
});
const COUNT = { min: 1, max: 1_000_000, integer: true } as const;

/** Addresses a subnet has for containers: all but the network address, .1 (the bridge) and broadcast. */
export function containerCapacity(subnet: Cidr): number {
  return subnet.prefix >= 31 ? 0 : 2 ** (32 - subnet.prefix) - 3;
}

/**
 * `containers: { count, namePrefix, portRange, resolver }` (addresses .2, .3, ... of the bridge subnet) or
 * `containers: [{ name, address, portRange, resolver }]`.
 */
export function validateContainers(
  c: IssueCollector,
  top: Fields,
  path: Path,
  host: Host,
  destinations: readonly Destination[],
): readonly Container[] {
  const raw = top.containers;
  const at = [...path, 'containers'];
  if (raw === undefined || raw === null) {
    c.add('missing', at, "'containers' is required");
    return [];
  }
  if (Array.isArray(raw)) {
    if (raw.length === 0) c.add('bad-value', at, 'at least one container is needed');
    return validateList(c, raw, at, host.bridge.subnet, destinations);
  }
  const obj = readObject(c, raw, at, POOL_KEYS);
  if (!obj) return [];
  const count = readNumber(c, obj, 'count', at, COUNT) ?? 0;
  const subnet = host.bridge.subnet;
  const capacity = containerCapacity(subnet);
  if (count > capacity)
    c.add(
      'subnet-too-small',
      [...at, 'count'],
      `${formatCidr(subnet)} has room for ${capacity} containers, not ${count}`,
    );
  const namePrefix = readString(c, obj, 'namePrefix', at, SCENARIO_DEFAULTS.namePrefix);
  const portRange = readPortRange(c, obj, at);
  const resolver = readResolver(c, obj, at, destinations);
  return Array.from({ length: Math.min(count, capacity) }, (_, i) => ({
    name: `${namePrefix}${i + 1}`,
    ip: toIpv4(subnet.base + 2 + i),
    portRange,
    resolver,
  }));
}

function validateList(
  c: IssueCollector,
  list: readonly unknown[],
  path: Path,
  subnet: Cidr,
  destinations: readonly Destination[],
): readonly Container[] {
  const names = new Set<string>();
  const addresses = new Set<number>();
  const broadcast = subnet.base + 2 ** (32 - subnet.prefix) - 1;
  return list.map((raw, i): Container => {
    const at = [...path, i];
    const obj: Fields = readObject(c, raw, at, CONTAINER_KEYS) ?? {};
    const name = readString(c, obj, 'name', at) ?? `#${i}`;
    if (names.has(name))
      c.add('duplicate-name', [...at, 'name'], `a container named '${name}' is defined before`);
    names.add(name);
    const ip = readAddress(c, obj, [...at, 'address']);
    if (ip !== undefined) {
      const text = formatIpv4(ip);
      if (!cidrContains(subnet, ip))
        c.add(
          'outside-subnet',
          [...at, 'address'],
          `${text} is outside the bridge subnet ${formatCidr(subnet)}`,
        );
      else if (ip === subnet.base || ip === subnet.base + 1 || ip === broadcast)
        c.add(
          'reserved-address',
          [...at, 'address'],
          `${text} is the network, bridge (.1) or broadcast address`,
        );
      if (addresses.has(ip))
        c.add('duplicate-address', [...at, 'address'], `${text} is used by another container`);
      addresses.add(ip);
    }
    return {
      name,
      ip: ip ?? toIpv4(0),
      portRange: readPortRange(c, obj, at),
      resolver: readResolver(c, obj, at, destinations),
    };
  });
}

function readAddress(c: IssueCollector, obj: Fields, path: Path): Ipv4 | undefined {
  if (obj.address !== undefined && obj.address !== null) return checkIpv4(c, obj.address, path);
  c.add('missing', path, "'address' is required");
  return undefined;
}

function readPortRange(c: IssueCollector, obj: Fields, path: Path): readonly [number, number] {
  if (obj.portRange === undefined || obj.portRange === null) return SCENARIO_DEFAULTS.portRange;
  return checkPortRange(c, obj.portRange, [...path, 'portRange']) ?? SCENARIO_DEFAULTS.portRange;
}

function readResolver(
  c: IssueCollector,
  obj: Fields,
  path: Path,
  destinations: readonly Destination[],
): Resolver | undefined {
  if (obj.resolver === undefined || obj.resolver === null) return undefined;
  return validateResolver(c, obj.resolver, [...path, 'resolver'], destinations);
}
