import { type Cidr, cidrContains } from '../../core/net/cidr.js';
import { type Ipv4, parseIpv4, toIpv4 } from '../../core/net/ipv4.js';
import type { L4Proto } from '../../core/net/proto.js';
import type { Destination } from '../../core/scenario/scenario.js';
import { NS_PER_MS } from '../../core/time/sim-time.js';
import {
  checkNumber,
  describeType,
  type Fields,
  isRecord,
  keyList,
  readBoolean,
  readEnum,
  readList,
  readNumber,
  readObject,
  readString,
} from './field-readers.js';
import type { IssueCollector, Path } from './issue-collector.js';
import { checkIpv4 } from './network-checks.js';
import { SCENARIO_DEFAULTS } from './scenario-defaults.js';
import type { DestinationInput } from './scenario-input.js';

const DESTINATION_KEYS = keyList<DestinationInput>({
  name: true,
  address: true,
  port: true,
  proto: true,
  rttMs: true,
  backends: true,
  silent: true,
});
const PROTOS: readonly L4Proto[] = ['tcp', 'udp'];
/** A minute; anything longer is a typo for seconds. */
const RTT_MS = { min: 0, max: 60_000 } as const;
const PORT = { min: 1, max: 65535, integer: true } as const;
const UNSET_IP = toIpv4(0);

/**
 * `destinations: [{ name, address, port, proto, rttMs, backends, silent }]`. Every element gives a Destination
 * (with placeholders where it is wrong) so that indices match the file and references resolve.
 */
export function validateDestinations(
  c: IssueCollector,
  top: Fields,
  path: Path,
  internalCidrs: readonly Cidr[],
): readonly Destination[] {
  const list = readList(c, top, 'destinations', path) ?? [];
  const listPath = [...path, 'destinations'];
  const seen = new Set<string>();
  return list.map((raw, i) => {
    const at = [...listPath, i];
    const obj: Fields = readObject(c, raw, at, DESTINATION_KEYS) ?? {};
    const name = readString(c, obj, 'name', at) ?? `#${i}`;
    if (seen.has(name))
      c.add('duplicate-name', [...at, 'name'], `a destination named '${name}' is defined before`);
    seen.add(name);
    const ip =
      obj.address === undefined
        ? missingAddress(c, at)
        : (checkIpv4(c, obj.address, [...at, 'address']) ?? UNSET_IP);
    const port = readNumber(c, obj, 'port', at, PORT) ?? 0;
    const internal = internalCidrs.some((cidr) => cidrContains(cidr, ip));
    const rttDefault = internal ? SCENARIO_DEFAULTS.internalRttMs : SCENARIO_DEFAULTS.externalRttMs;
    const rttMs = readNumber(c, obj, 'rttMs', at, RTT_MS, rttDefault);
    return {
      name,
      ip,
      port,
      proto: readEnum(c, obj, 'proto', at, PROTOS, 'tcp'),
      rttNs: Math.round(rttMs * NS_PER_MS),
      backends: (readList(c, obj, 'backends', at, []) ?? []).flatMap(
        (b, j) => checkBackend(c, b, [...at, 'backends', j]) ?? [],
      ),
      internal,
      silent: readBoolean(c, obj, 'silent', at, false),
    };
  });
}

function missingAddress(c: IssueCollector, at: Path): Ipv4 {
  c.add('missing', [...at, 'address'], "'address' is required");
  return UNSET_IP;
}

/** `"10.244.2.5:53"` or `{ address, port }`. */
function checkBackend(c: IssueCollector, raw: unknown, path: Path): { ip: Ipv4; port: number } | undefined {
  if (typeof raw === 'string') {
    const colon = raw.lastIndexOf(':');
    const ip = colon < 0 ? undefined : parseIpv4(raw.slice(0, colon));
    const portText = raw.slice(colon + 1);
    const port = /^\d{1,5}$/.test(portText) ? Number(portText) : 0;
    if (ip !== undefined && port >= 1 && port <= 65535) return { ip, port };
    c.add('bad-address', path, `'${raw}' is not ip:port`);
    return undefined;
  }
  if (!isRecord(raw)) {
    c.add('wrong-type', path, `expected "ip:port" or { address, port }, got ${describeType(raw)}`);
    return undefined;
  }
  const obj = readObject(c, raw, path, ['address', 'port']);
  if (!obj) return undefined;
  const ip = checkIpv4(c, obj.address, [...path, 'address']);
  const port = checkNumber(c, obj.port, [...path, 'port'], PORT);
  return ip === undefined || port === undefined ? undefined : { ip, port };
}
