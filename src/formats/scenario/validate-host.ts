import { type Cidr, parseCidr } from '../../core/net/cidr.js';
import { parseIpv4 } from '../../core/net/ipv4.js';
import type { Host } from '../../core/scenario/scenario.js';
import { type Fields, keyList, readList, readObject } from './field-readers.js';
import type { IssueCollector, Path } from './issue-collector.js';
import { checkCidr, checkInterfaceName, checkIpv4 } from './network-checks.js';
import { SCENARIO_DEFAULTS } from './scenario-defaults.js';
import type { HostInput } from './scenario-input.js';

const HOST_KEYS = keyList<HostInput>({ addresses: true, outInterface: true, bridge: true });
const BRIDGE_KEYS = keyList<NonNullable<HostInput['bridge']>>({ name: true, subnet: true });

const DEFAULT_SUBNET = parseCidr(SCENARIO_DEFAULTS.bridgeSubnet)!;
const DEFAULT_ADDRESSES = SCENARIO_DEFAULTS.hostAddresses.map((a) => parseIpv4(a)!);

/** `host: { addresses, outInterface, bridge: { name, subnet } }`, every part optional. */
export function validateHost(c: IssueCollector, raw: unknown, path: Path): Host {
  const obj: Fields = raw === undefined || raw === null ? {} : (readObject(c, raw, path, HOST_KEYS) ?? {});
  const list = readList(c, obj, 'addresses', path, SCENARIO_DEFAULTS.hostAddresses);
  if (list?.length === 0) c.add('bad-value', [...path, 'addresses'], 'the host needs at least one address');
  const addresses = (list ?? []).flatMap((a, i) => checkIpv4(c, a, [...path, 'addresses', i]) ?? []);
  const outInterface =
    obj.outInterface === undefined
      ? SCENARIO_DEFAULTS.outInterface
      : (checkInterfaceName(c, obj.outInterface, [...path, 'outInterface']) ??
        SCENARIO_DEFAULTS.outInterface);

  const bridgePath = [...path, 'bridge'];
  const bridge: Fields =
    obj.bridge === undefined || obj.bridge === null
      ? {}
      : (readObject(c, obj.bridge, bridgePath, BRIDGE_KEYS) ?? {});
  const name =
    bridge.name === undefined
      ? SCENARIO_DEFAULTS.bridgeName
      : (checkInterfaceName(c, bridge.name, [...bridgePath, 'name']) ?? SCENARIO_DEFAULTS.bridgeName);
  const subnet =
    bridge.subnet === undefined
      ? DEFAULT_SUBNET
      : (checkCidr(c, bridge.subnet, [...bridgePath, 'subnet']) ?? DEFAULT_SUBNET);
  return {
    addresses: addresses.length > 0 ? addresses : DEFAULT_ADDRESSES,
    outInterface,
    bridge: { name, subnet },
  };
}

/** `internalCidrs: [10.0.0.0/8, ...]`, default []. */
export function validateInternalCidrs(c: IssueCollector, obj: Fields, path: Path): readonly Cidr[] {
  const list = readList(c, obj, 'internalCidrs', path, []) ?? [];
  return list.flatMap((v, i) => checkCidr(c, v, [...path, 'internalCidrs', i]) ?? []);
}
