import type { Destination, Libc, Resolver } from '../../core/scenario/scenario.js';
import {
  describeType,
  keyList,
  readEnum,
  readList,
  readNumber,
  readObject,
  readString,
} from './field-readers.js';
import type { IssueCollector, Path } from './issue-collector.js';
import { SCENARIO_DEFAULTS } from './scenario-defaults.js';
import type { ResolverInput } from './scenario-input.js';

const RESOLVER_KEYS = keyList<ResolverInput>({
  libc: true,
  mode: true,
  options: true,
  timeout: true,
  attempts: true,
  nameserver: true,
});
const LIBCS: readonly Libc[] = ['glibc', 'musl'];
const MODES: readonly Resolver['mode'][] = ['parallel', 'single-request', 'single-request-reopen', 'use-vc'];
/** glibc clamps to RES_MAXRETRANS (30) and RES_MAXRETRY (5); we say so instead. */
const TIMEOUT_S = { min: 1, max: 30, integer: true } as const;
const ATTEMPTS = { min: 1, max: 5, integer: true } as const;
/** resolv.conf options that do not change what the emulator models. */
const NO_EFFECT = /^(?:ndots:\d+|edns0|rotate|trust-ad|inet6|no-check-names|no-tld-query|no-reload)$/;

/** `resolver: { libc, mode | options, timeout, attempts, nameserver }`; the nameserver names a UDP destination. */
export function validateResolver(
  c: IssueCollector,
  raw: unknown,
  path: Path,
  destinations: readonly Destination[],
): Resolver | undefined {
  const obj = readObject(c, raw, path, RESOLVER_KEYS);
  if (!obj) return undefined;
  const fromOptions = readOptions(c, readList(c, obj, 'options', path, []) ?? [], [...path, 'options']);
  if (obj.mode !== undefined && fromOptions.mode !== undefined)
    c.add(
      'inconsistent',
      [...path, 'mode'],
      `'mode' and the '${fromOptions.mode}' option both set how queries are sent`,
    );
  if (obj.timeout !== undefined && fromOptions.timeoutS !== undefined)
    c.add('inconsistent', [...path, 'timeout'], "'timeout' and the 'timeout:' option are both given");
  if (obj.attempts !== undefined && fromOptions.attempts !== undefined)
    c.add('inconsistent', [...path, 'attempts'], "'attempts' and the 'attempts:' option are both given");

  const name = readString(c, obj, 'nameserver', path);
  const nameserver = name === undefined ? -1 : destinations.findIndex((d) => d.name === name);
  const server = destinations[nameserver];
  if (name !== undefined && !server)
    c.add('unknown-reference', [...path, 'nameserver'], `no destination named '${name}'`);
  else if (server && server.proto !== 'udp')
    c.add(
      'nameserver-not-udp',
      [...path, 'nameserver'],
      `nameserver '${server.name}' is ${server.proto}, not udp`,
    );
  return {
    libc: readEnum(c, obj, 'libc', path, LIBCS, 'glibc'),
    mode: readEnum(c, obj, 'mode', path, MODES, fromOptions.mode ?? 'parallel'),
    timeoutS: readNumber(
      c,
      obj,
      'timeout',
      path,
      TIMEOUT_S,
      fromOptions.timeoutS ?? SCENARIO_DEFAULTS.resolverTimeoutS,
    ),
    attempts: readNumber(
      c,
      obj,
      'attempts',
      path,
      ATTEMPTS,
      fromOptions.attempts ?? SCENARIO_DEFAULTS.resolverAttempts,
    ),
    nameserver: Math.max(nameserver, 0),
  };
}

interface FromOptions {
  mode?: Resolver['mode'];
  timeoutS?: number | undefined;
  attempts?: number | undefined;
}

/** resolv.conf `options` words; the strongest mode wins (use-vc, then single-request-reopen, then single-request). */
function readOptions(c: IssueCollector, options: readonly unknown[], path: Path): FromOptions {
  const out: FromOptions = {};
  const modes = new Set<Resolver['mode']>();
  options.forEach((option, i) => {
    const at = [...path, i];
    if (typeof option !== 'string') {
      c.add('wrong-type', at, `expected a resolv.conf option, got ${describeType(option)}`);
      return;
    }
    const numeric = /^(timeout|attempts):(\d+)$/.exec(option);
    if (option === 'single-request' || option === 'single-request-reopen' || option === 'use-vc')
      modes.add(option);
    else if (numeric?.[1] === 'timeout')
      out.timeoutS = checkOption(c, Number(numeric[2]), at, TIMEOUT_S, option);
    else if (numeric?.[1] === 'attempts')
      out.attempts = checkOption(c, Number(numeric[2]), at, ATTEMPTS, option);
    else if (!NO_EFFECT.test(option))
      c.add('bad-value', at, `'${option}' is not a resolv.conf option the emulator knows`);
  });
  const mode = (['use-vc', 'single-request-reopen', 'single-request'] as const).find((m) => modes.has(m));
  if (mode) out.mode = mode;
  return out;
}

function checkOption(
  c: IssueCollector,
  value: number,
  path: Path,
  range: { readonly min: number; readonly max: number },
  option: string,
): number | undefined {
  if (value >= range.min && value <= range.max) return value;
  c.add('out-of-range', path, `'${option}': must be from ${range.min} to ${range.max}`);
  return undefined;
}
