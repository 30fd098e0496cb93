import type { Container, Destination, Workload } from '../../core/scenario/scenario.js';
import { NS_PER_MS } from '../../core/time/sim-time.js';
import {
  checkEnum,
  describeType,
  type Fields,
  keyList,
  type NumberRange,
  readList,
  readNumber,
  readObject,
  readString,
} from './field-readers.js';
import type { IssueCollector, Path } from './issue-collector.js';
import type { WorkloadInput } from './scenario-input.js';

type WorkloadType = Workload['type'];
type InputOf<T extends WorkloadType> = Extract<WorkloadInput, { type: T }>;

const WORKLOAD_TYPES: readonly WorkloadType[] = ['burst', 'periodic', 'poisson', 'same-port', 'dns'];
const BASE = { type: true, containers: true, destination: true, startMs: true, holdMs: true } as const;
const KEYS: Readonly<Record<WorkloadType, readonly string[]>> = {
  burst: keyList<InputOf<'burst'>>({
    ...BASE,
    connections: true,
    spreadMs: true,
    repeat: true,
    intervalMs: true,
  }),
  periodic: keyList<InputOf<'periodic'>>({
    ...BASE,
    threads: true,
    intervalMs: true,
    count: true,
    spreadMs: true,
  }),
  poisson: keyList<InputOf<'poisson'>>({ ...BASE, ratePerS: true, durationMs: true }),
  'same-port': keyList<InputOf<'same-port'>>({
    ...BASE,
    port: true,
    spreadMs: true,
    repeat: true,
    intervalMs: true,
  }),
  dns: keyList<InputOf<'dns'>>({ ...BASE, lookups: true, intervalMs: true, spreadMs: true }),
};
const ALL_KEYS = [...new Set(Object.values(KEYS).flat())];

/** Up to ~11 days in ms, which keeps every time a safe integer in ns. */
const TIME_MS: NumberRange = { min: 0, max: 1e9 };
const POSITIVE_MS: NumberRange = { ...TIME_MS, aboveMin: true };
const MANY: NumberRange = { min: 1, max: 1_000_000, integer: true };

/** `workloads: [{ type, containers, destination, startMs, holdMs, ... }]`, times in ms → ns. */
export function validateWorkloads(
  c: IssueCollector,
  top: Fields,
  path: Path,
  destinations: readonly Destination[],
  containers: readonly Container[],
): readonly Workload[] {
  const list = readList(c, top, 'workloads', path) ?? [];
  return list.flatMap(
    (raw, i) => validateWorkload(c, raw, [...path, 'workloads', i], destinations, containers) ?? [],
  );
}

function validateWorkload(
  c: IssueCollector,
  raw: unknown,
  at: Path,
  destinations: readonly Destination[],
  containers: readonly Container[],
): Workload | undefined {
  const probe = readObject(c, raw, at, ALL_KEYS);
  if (!probe) return undefined;
  if (probe.type === undefined) {
    c.add('missing', [...at, 'type'], `'type' is required: one of ${WORKLOAD_TYPES.join(', ')}`);
    return undefined;
  }
  const type = checkEnum(c, probe.type, [...at, 'type'], WORKLOAD_TYPES);
  if (type === undefined) return undefined;
  const obj = readObjectQuietly(c, probe, at, KEYS[type]);
  const ms = (key: string, fallback: number, range: NumberRange = TIME_MS): number =>
    Math.round(readNumber(c, obj, key, at, range, fallback) * NS_PER_MS);
  const selected = readContainers(c, obj, at, containers);
  const base = {
    containers: selected,
    destination: readDestination(
      c,
      obj,
      at,
      type,
      destinations,
      selected.map((k) => containers[k]),
    ),
    startNs: ms('startMs', 0),
    holdNs: ms('holdMs', 0),
  };
  switch (type) {
    case 'burst':
      return {
        ...base,
        type,
        connections: readNumber(c, obj, 'connections', at, MANY, 1),
        spreadNs: ms('spreadMs', 0),
        repeat: readNumber(c, obj, 'repeat', at, MANY, 1),
        intervalNs: ms('intervalMs', 1000),
      };
    case 'periodic':
      return {
        ...base,
        type,
        threads: readNumber(c, obj, 'threads', at, { min: 1, max: 10_000, integer: true }, 1),
        intervalNs: ms('intervalMs', 1000, POSITIVE_MS),
        count: readNumber(c, obj, 'count', at, MANY, 10),
        spreadNs: ms('spreadMs', 0),
      };
    case 'poisson':
      return {
        ...base,
        type,
        ratePerS: readNumber(c, obj, 'ratePerS', at, { min: 0, max: 1_000_000, aboveMin: true }, 10),
        durationNs: ms('durationMs', 10_000, POSITIVE_MS),
      };
    case 'same-port':
      return {
        ...base,
        type,
        port: readNumber(c, obj, 'port', at, { min: 1, max: 65535, integer: true }) ?? 0,
        spreadNs: ms('spreadMs', 0),
        repeat: readNumber(c, obj, 'repeat', at, MANY, 1),
        intervalNs: ms('intervalMs', 1000),
      };
    case 'dns':
      return {
        ...base,
        type,
        lookups: readNumber(c, obj, 'lookups', at, MANY, 1),
        intervalNs: ms('intervalMs', 1000),
        spreadNs: ms('spreadMs', 0),
      };
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

/** The first pass allowed the keys of every type; now report those the chosen type does not have. */
function readObjectQuietly(c: IssueCollector, obj: Fields, at: Path, keys: readonly string[]): Fields {
  const foreign = Object.keys(obj).filter((k) => ALL_KEYS.includes(k) && !keys.includes(k));
  for (const key of foreign)
    c.add('unknown-key', [...at, key], `'${key}' is not a field of a ${String(obj.type)} workload`, {
      onKey: true,
    });
  return obj;
}

function readContainers(
  c: IssueCollector,
  obj: Fields,
  at: Path,
  containers: readonly Container[],
): number[] {
  const raw = obj.containers;
  const all = containers.map((_, k) => k);
  if (raw === undefined || raw === null || raw === 'all') return all;
  const path = [...at, 'containers'];
  if (!Array.isArray(raw)) {
    c.add('wrong-type', path, `expected "all" or a list of container names, got ${describeType(raw)}`);
    return all;
  }
  if (raw.length === 0) c.add('bad-value', path, 'an empty list selects no container');
  const indices: number[] = [];
  raw.forEach((name: unknown, j) => {
    const k = typeof name === 'string' ? containers.findIndex((x) => x.name === name) : -1;
    if (typeof name !== 'string')
      c.add('wrong-type', [...path, j], `expected a container name, got ${describeType(name)}`);
    else if (k < 0) c.add('unknown-reference', [...path, j], `no container named '${name}'`);
    else if (indices.includes(k)) c.add('duplicate-name', [...path, j], `'${name}' is listed twice`);
    else indices.push(k);
  });
  return indices;
}

/** The destination's index; a dns workload uses its containers' nameserver and needs them to have a resolver. */
function readDestination(
  c: IssueCollector,
  obj: Fields,
  at: Path,
  type: WorkloadType,
  destinations: readonly Destination[],
  selected: readonly (Container | undefined)[],
): number {
  const name =
    obj.destination === undefined && type === 'dns' ? undefined : readString(c, obj, 'destination', at);
  const index = name === undefined ? -1 : destinations.findIndex((d) => d.name === name);
  if (name !== undefined && index < 0)
    c.add('unknown-reference', [...at, 'destination'], `no destination named '${name}'`);
  if (type !== 'dns') return Math.max(index, 0);
  const without = selected.filter((x) => x !== undefined && x.resolver === undefined).map((x) => x?.name);
  if (without.length > 0) {
    const shown =
      without.slice(0, 3).join(', ') + (without.length > 3 ? `, … (${without.length} in all)` : '');
    c.add(
      'no-resolver',
      [...at, 'containers'],
      `a dns workload needs containers with a resolver; ${shown} have none`,
    );
  }
  return index >= 0 ? index : (selected.find((x) => x?.resolver)?.resolver?.nameserver ?? 0);
}
