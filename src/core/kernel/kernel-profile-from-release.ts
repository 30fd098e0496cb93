import type { KernelProfile } from './kernel-profile.js';
import { kernelProfileForVersion } from './kernel-profile-for-version.js';
import { effectiveVersion, type KernelRelease, parseKernelRelease } from './kernel-release.js';

export type KernelProfileResult =
  | {
      readonly ok: true;
      readonly profile: KernelProfile;
      readonly release: KernelRelease;
      /** Set when the stable sublevel had to be guessed; says what was assumed. */
      readonly assumption?: string;
    }
  | { readonly ok: false; readonly error: string };

/**
 * Maps any `uname -r` string to the era behaviours. A distro ABI number is not a stable sublevel: Debian ABIs
 * are mapped to the first upstream sublevel they shipped (a lower bound), everything else unknown counts as
 * `X.Y.0`, i.e. none of the stable backports (docs/kernel-notes.md).
 */
export function kernelProfileFromRelease(text: string): KernelProfileResult {
  const parsed = parseKernelRelease(text);
  if (!parsed.ok) return parsed;
  const release = parsed.release;
  const version = effectiveVersion(release);
  const profile = kernelProfileForVersion(version, release.text);
  const assumption = describeAssumption(release);
  return assumption === undefined
    ? { ok: true, profile, release }
    : { ok: true, profile, release, assumption };
}

function describeAssumption(r: KernelRelease): string | undefined {
  const { major, minor, patch } = r.printed;
  const base = `${major}.${minor}.${patch}`;
  switch (r.sublevel.kind) {
    case 'exact':
      return undefined;
    case 'at-least':
      return `Debian ABI ${r.abi}: upstream ${major}.${minor}.${r.sublevel.value} or later assumed (first upload with this ABI)`;
    case 'unknown':
      return r.distro === 'rhel'
        ? `RHEL kernel: upstream ${base} behaviour assumed; Red Hat backports are not modelled, give explicit flags if known`
        : `${r.distro} ABI ${r.abi ?? '?'}: stable sublevel unknown, ${base} assumed (no stable backports)`;
    default: {
      const never: never = r.sublevel;
      return never;
    }
  }
}

/** The behaviour flags of a profile, without its identity. */
export type KernelBehaviourFlags = Omit<KernelProfile, 'release' | 'version'>;

/** A profile given as explicit behaviour flags on top of a base (a release's profile or a named one). */
export function kernelProfileFromFlags(
  base: KernelProfile,
  overrides: Partial<KernelBehaviourFlags>,
  label: string = base.release,
): KernelProfile {
  return { ...base, ...overrides, release: label };
}

export interface KnownRelease {
  readonly name: string;
  readonly release: string;
  readonly note: string;
}

/** Reference kernels used in tests, docs and examples; each parses to a profile. */
export const KNOWN_RELEASES: readonly KnownRelease[] = [
  {
    name: 'rhel-7',
    release: '3.10.0-1160.el7.x86_64',
    note: 'rover, no UDP clash resolution (upstream 3.10)',
  },
  { name: 'ubuntu-16.04', release: '4.4.0-142-generic', note: 'rover, UDP merge only if un-NATed' },
  { name: 'debian-10-early', release: '4.19.0-18-amd64', note: '4.19.208: still the rover' },
  { name: 'debian-10', release: '4.19.0-21-amd64', note: '4.19.249: PRNG offset backported' },
  {
    name: 'amazon-linux-2',
    release: '4.14.355-275.582.amzn2.x86_64',
    note: 'PRNG offset, secure_port --random',
  },
  { name: 'ubuntu-20.04', release: '5.4.0-150-generic', note: 'PRNG, no REPLY-only UDP insertion' },
  { name: 'debian-11', release: '5.10.0-28-amd64', note: 'clash_resolve counter, UDP clash insertion' },
  { name: 'ubuntu-22.04', release: '5.15.0-91-generic', note: 'chaintoolong counter' },
  { name: 'debian-12', release: '6.1.0-13-cloud-amd64', note: 'get_random_u16, exponential SYN backoff' },
  { name: 'ubuntu-24.04-aws', release: '6.8.0-1014-aws', note: 'TIME_WAIT eviction, linear SYN backoff' },
  { name: 'mainline-6.18', release: '6.18.44', note: 'nf_nat_used_tuple_new, reverse clash merge' },
];
