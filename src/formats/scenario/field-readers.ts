import { closestName } from './closest-name.js';
import type { IssueCollector, Path } from './issue-collector.js';

/** A JSON/YAML object as read from the file. */
export type Fields = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'number' ? 'the number' : `a ${typeof value}`} ${JSON.stringify(value)}`;
}

/** The keys of an input type, checked by the compiler to be exactly its keys (no more, no fewer). */
export function keyList<T>(keys: { readonly [K in keyof Required<T>]: true }): readonly string[] {
  return Object.keys(keys);
}

/** YAML `key:` with nothing after it is null: treated like an absent key. */
const isAbsent = (value: unknown): value is null | undefined => value === undefined || value === null;

/** Checks that `value` is an object with only `keys`; reports every unknown key (with a guess at the typo). */
export function readObject(
  c: IssueCollector,
  value: unknown,
  path: Path,
  keys: readonly string[],
): Fields | undefined {
  if (!isRecord(value)) {
    c.add('wrong-type', path, `expected an object, got ${describeType(value)}`);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (keys.includes(key)) continue;
    const guess = closestName(key, keys);
    c.add(
      'unknown-key',
      [...path, key],
      `unknown key '${key}'${guess ? ` (did you mean '${guess}'?)` : ''}`,
      {
        onKey: true,
      },
    );
  }
  return value;
}

function missing(c: IssueCollector, path: Path, key: string): undefined {
  c.add('missing', [...path, key], `'${key}' is required`);
  return undefined;
}

export function readString(c: IssueCollector, obj: Fields, key: string, path: Path, fallback: string): string;
export function readString(c: IssueCollector, obj: Fields, key: string, path: Path): string | undefined;
export function readString(
  c: IssueCollector,
  obj: Fields,
  key: string,
  path: Path,
  fallback?: string,
): string | undefined {
  const value = obj[key];
  if (isAbsent(value)) return fallback ?? missing(c, path, key);
  if (typeof value === 'string') return value;
  c.add('wrong-type', [...path, key], `expected a string, got ${describeType(value)}`);
  return fallback;
}

export function readBoolean(
  c: IssueCollector,
  obj: Fields,
  key: string,
  path: Path,
  fallback: boolean,
): boolean {
  const value = obj[key];
  if (isAbsent(value)) return fallback;
  if (typeof value === 'boolean') return value;
  c.add('wrong-type', [...path, key], `expected true or false, got ${describeType(value)}`);
  return fallback;
}

export interface NumberRange {
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
  /** `min` itself is not allowed (a rate of 0). */
  readonly aboveMin?: boolean;
}

/** Checks a number against a range; reports and returns undefined when it is out of it. */
export function checkNumber(
  c: IssueCollector,
  value: unknown,
  path: Path,
  range: NumberRange,
): number | undefined {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    c.add('wrong-type', path, `expected a number, got ${describeType(value)}`);
    return undefined;
  }
  const low = range.aboveMin ? value <= range.min : value < range.min;
  if (low || value > range.max || (range.integer && !Number.isInteger(value))) {
    const kind = range.integer ? 'an integer' : 'a number';
    const from = range.aboveMin ? `above ${range.min}` : `from ${range.min}`;
    c.add('out-of-range', path, `must be ${kind} ${from} to ${range.max}, got ${value}`);
    return undefined;
  }
  return value;
}

export function readNumber(
  c: IssueCollector,
  obj: Fields,
  key: string,
  path: Path,
  range: NumberRange,
  fallback: number,
): number;
export function readNumber(
  c: IssueCollector,
  obj: Fields,
  key: string,
  path: Path,
  range: NumberRange,
): number | undefined;
export function readNumber(
  c: IssueCollector,
  obj: Fields,
  key: string,
  path: Path,
  range: NumberRange,
  fallback?: number,
): number | undefined {
  const value = obj[key];
  if (isAbsent(value)) return fallback ?? missing(c, path, key);
  return checkNumber(c, value, [...path, key], range) ?? fallback;
}

/** Checks that a value is one of `values`; reports and returns undefined otherwise. */
export function checkEnum<T extends string>(
  c: IssueCollector,
  value: unknown,
  path: Path,
  values: readonly T[],
): T | undefined {
  if (typeof value !== 'string') {
    c.add('wrong-type', path, `expected one of ${values.join(', ')}, got ${describeType(value)}`);
    return undefined;
  }
  const found = values.find((v) => v === value);
  if (found === undefined) {
    const guess = closestName(value, values);
    c.add(
      'bad-value',
      path,
      `'${value}' is not one of ${values.join(', ')}${guess ? ` (did you mean '${guess}'?)` : ''}`,
    );
  }
  return found;
}

export function readEnum<T extends string>(
  c: IssueCollector,
  obj: Fields,
  key: string,
  path: Path,
  values: readonly T[],
  fallback: T,
): T;
export function readEnum<T extends string>(
  c: IssueCollector,
  obj: Fields,
  key: string,
  path: Path,
  values: readonly T[],
): T | undefined;
export function readEnum<T extends string>(
  c: IssueCollector,
  obj: Fields,
  key: string,
  path: Path,
  values: readonly T[],
  fallback?: T,
): T | undefined {
  const value = obj[key];
  if (isAbsent(value)) return fallback ?? missing(c, path, key);
  return checkEnum(c, value, [...path, key], values) ?? fallback;
}

/** A list field; absent gives `fallback` (or a `missing` issue when there is none). */
export function readList(
  c: IssueCollector,
  obj: Fields,
  key: string,
  path: Path,
  fallback?: readonly unknown[],
): readonly unknown[] | undefined {
  const value = obj[key];
  if (isAbsent(value)) return fallback ?? missing(c, path, key);
  if (Array.isArray(value)) return value;
  c.add('wrong-type', [...path, key], `expected a list, got ${describeType(value)}`);
  return undefined;
}
