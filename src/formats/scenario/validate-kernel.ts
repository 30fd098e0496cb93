import type { KernelProfile } from '../../core/kernel/kernel-profile.js';
import {
  type KernelBehaviourFlags,
  kernelProfileFromFlags,
  kernelProfileFromRelease,
} from '../../core/kernel/kernel-profile-from-release.js';
import { checkEnum, checkNumber, describeType, type NumberRange, readObject } from './field-readers.js';
import type { IssueCollector, Path } from './issue-collector.js';
import type { KernelInput } from './scenario-input.js';
import { MAX_CONNTRACK_BUCKETS } from './validate-sysctl.js';

/** How each behaviour flag is checked: the compiler makes sure every flag of KernelProfile is here. */
type FlagSpec<T> = [T] extends [boolean] ? 'boolean' : [T] extends [number] ? NumberRange : readonly T[];
const FLAGS: { readonly [K in keyof KernelBehaviourFlags]-?: FlagSpec<KernelBehaviourFlags[K]> } = {
  natOffset: ['rover', 'prng'],
  randomUsesSecurePort: 'boolean',
  boundedSearch: 'boolean',
  randomFully: 'boolean',
  timeWaitEviction: 'boolean',
  usedTupleNew: 'boolean',
  tupleTakenSkipsSameOrigin: 'boolean',
  udpClash: ['none', 'merge-unnated', 'merge-identical', 'insert-clash'],
  mergeReverse: 'boolean',
  statsEra: ['v2.6', 'v4.8', 'v4.9', 'v5.10', 'v5.15'],
  synBackoff: ['exponential', 'linear4'],
  initialRtoMs: { min: 200, max: 3000, integer: true },
  connectPortAlgo: ['hint', 'parity', 'perturb'],
  udpStreamTimeoutS: { min: 1, max: 2147483647, integer: true },
  earlyDrop: ['oldest-of-8-nodes', 'newest-of-8-nodes', 'one-rescaled', 'all-rescaled', 'all-of-8-buckets'],
  defaultConntrackBuckets: { min: 1, max: MAX_CONNTRACK_BUCKETS, integer: true },
  chainLimit: ['none', 'random-8-31', 'random-50-79'],
};
const FLAG_NAMES = Object.keys(FLAGS);
const KERNEL_KEYS: readonly (keyof KernelInput)[] = ['release', 'overrides'];

/** `kernel: "5.15.0-91-generic"` or `kernel: { release, overrides: { natOffset: prng, ... } }`. */
export function validateKernel(c: IssueCollector, raw: unknown, path: Path): KernelProfile | undefined {
  if (raw === undefined || raw === null) {
    c.add('missing', path, "'kernel' is required (a `uname -r` string)");
    return undefined;
  }
  if (typeof raw === 'string') return profileOf(c, raw, path);
  const obj = readObject(c, raw, path, KERNEL_KEYS);
  if (!obj) return undefined;
  const release = obj.release;
  if (typeof release !== 'string') {
    c.add(
      release === undefined ? 'missing' : 'wrong-type',
      [...path, 'release'],
      'expected a `uname -r` string',
    );
    return undefined;
  }
  const base = profileOf(c, release, [...path, 'release']);
  if (obj.overrides === undefined || obj.overrides === null) return base;
  const overridesPath = [...path, 'overrides'];
  const overrides = readObject(c, obj.overrides, overridesPath, FLAG_NAMES);
  if (!overrides) return base;
  const checked: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(FLAGS)) {
    const value = overrides[name];
    if (value === undefined) continue;
    const at = [...overridesPath, name];
    if (spec === 'boolean') {
      if (typeof value === 'boolean') checked[name] = value;
      else c.add('wrong-type', at, `expected true or false, got ${describeType(value)}`);
    } else if ('min' in spec) {
      const number = checkNumber(c, value, at, spec);
      if (number !== undefined) checked[name] = number;
    } else {
      const known = checkEnum<string>(c, value, at, spec);
      if (known !== undefined) checked[name] = known;
    }
  }
  // Every entry of `checked` was checked against FLAGS, which the compiler ties to KernelBehaviourFlags.
  return base && kernelProfileFromFlags(base, checked as Partial<KernelBehaviourFlags>);
}

function profileOf(c: IssueCollector, release: string, path: Path): KernelProfile | undefined {
  const result = kernelProfileFromRelease(release);
  if (result.ok) return result.profile;
  c.add('unknown-kernel', path, result.error);
  return undefined;
}
