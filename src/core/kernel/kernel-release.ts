import type { KernelVersion } from './kernel-profile.js';

/** Who built the kernel, as far as `uname -r` tells; it decides what the third number means. */
export type KernelDistro =
  /** kernel.org numbering (also SUSE, Android, custom builds): the third number is the stable sublevel. */
  | 'upstream'
  /** `X.Y.0-ABI-flavour`: the ABI number is mapped to a sublevel where docs/kernel-notes.md knows it. */
  | 'debian'
  /** `X.Y.0-0.bpo.N-flavour`. */
  | 'debian-backports'
  /** `X.Y.0-ABI-flavour` (`-generic`, `-aws`, ...): sublevel unknown, Canonical backports not modelled. */
  | 'ubuntu'
  /** Ubuntu mainline-PPA builds `X.Y.Z-0XXYYZZ-generic`: real upstream sublevel. */
  | 'ubuntu-mainline'
  /** Amazon Linux `X.Y.Z-N.M.amzn2`: real upstream sublevel. */
  | 'amazon'
  /** RHEL and rebuilds `X.Y.0-N.elN`: thousands of backports, the sublevel says nothing. */
  | 'rhel'
  /** `X.Y.Z.N-microsoft-standard-WSL2`: real upstream sublevel, N is Microsoft's revision. */
  | 'wsl'
  /** `X.Y.0-N-something` we do not recognise: treated like a distro ABI. */
  | 'unknown-abi';

/** How much the release string tells about the upstream stable sublevel. */
export type Sublevel =
  | { readonly kind: 'exact'; readonly value: number }
  /** A distro ABI number: at least the sublevel of the first upload that carried it. */
  | { readonly kind: 'at-least'; readonly value: number }
  | { readonly kind: 'unknown' };

export interface KernelRelease {
  readonly text: string;
  /** The numbers as printed (a distro `X.Y.0` keeps its 0). */
  readonly printed: KernelVersion;
  readonly distro: KernelDistro;
  readonly abi?: number;
  readonly sublevel: Sublevel;
}

export type KernelReleaseResult =
  | { readonly ok: true; readonly release: KernelRelease }
  | { readonly ok: false; readonly error: string };

/**
 * Debian ABI → first upstream sublevel shipped under it, from `uname -v` strings
 * ("#1 SMP Debian 4.19.208-1"); sources in docs/kernel-notes.md. Only points that decide a behaviour.
 */
const DEBIAN_ABI: Readonly<Record<string, readonly (readonly [abi: number, sublevel: number])[]>> = {
  '4.9': [
    [17, 290],
    [18, 303],
    [19, 320],
  ],
  '4.19': [
    [17, 194],
    [18, 208],
    [19, 232],
    [20, 235],
    [21, 249],
  ],
  '5.10': [
    [15, 120],
    [16, 127],
  ],
};

const DEBIAN_FLAVOUR =
  /^(?:rt-|cloud-)?(?:amd64|arm64|armmp|armmp-lpae|armel|marvell|rpi|686|686-pae|i386|s390x|ppc64el|powerpc64le|riscv64|loong64|4kc-malta|5kc-malta|octeon|loongson-3|mips32r2el|mips64r2el)$/;
const UBUNTU_FLAVOUR =
  /^(?:generic|generic-lpae|generic-64k|lowlatency|lowlatency-64k|aws|azure|gcp|gke|gkeop|kvm|oracle|ibm|raspi|raspi-nolpae|oem|nvidia|realtime|intel-iotg)$/;

const RELEASE = /^(\d{1,3})\.(\d{1,3})(?:\.(\d{1,6}))?(?:\.(\d{1,6}))?([-+_~].*)?$/;

export const EXPECTED_RELEASE_FORMAT =
  'expected the output of `uname -r`: MAJOR.MINOR.PATCH with an optional suffix, e.g. "5.15.0-91-generic", "6.1.0-13-amd64" or "6.6.57"';

export function parseKernelRelease(text: string): KernelReleaseResult {
  const trimmed = text.trim();
  const m = RELEASE.exec(trimmed);
  if (!m)
    return { ok: false, error: `not a kernel release: ${JSON.stringify(text)} (${EXPECTED_RELEASE_FORMAT})` };
  const printed = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
  if (printed.major < 2 || (printed.major === 2 && printed.minor < 6))
    return { ok: false, error: `kernel ${JSON.stringify(text)} is older than 2.6, which is not modelled` };
  const suffix = m[5] ?? '';
  return { ok: true, release: { text: trimmed, printed, ...classify(printed, m[4] !== undefined, suffix) } };
}

type Classified = Pick<KernelRelease, 'distro' | 'sublevel'> & { readonly abi?: number };

function classify(v: KernelVersion, fourthNumber: boolean, suffix: string): Classified {
  const exact = { kind: 'exact', value: v.patch } as const;
  if (/microsoft/i.test(suffix)) return { distro: 'wsl', sublevel: exact };
  if (/\.amzn\d/.test(suffix)) return { distro: 'amazon', sublevel: exact };
  if (/\.el\d/.test(suffix)) return { distro: 'rhel', sublevel: { kind: 'unknown' } };
  const abiMatch = /^-(\d+)(?:-(.+))?$/.exec(suffix);
  const abiText = abiMatch?.[1];
  if (abiText !== undefined && abiText === mainlineAbi(v))
    return { distro: 'ubuntu-mainline', abi: Number(abiText), sublevel: exact };
  if (fourthNumber || v.patch !== 0) return { distro: 'upstream', sublevel: exact };
  const bpo = /^-0\.bpo\.(\d+)-/.exec(suffix);
  if (bpo) return { distro: 'debian-backports', abi: Number(bpo[1]), sublevel: { kind: 'unknown' } };
  if (abiText === undefined) return { distro: 'upstream', sublevel: exact }; // "6.8.0", "6.8.0-rc3", "6.1.0+"
  const abi = Number(abiText);
  const flavour = abiMatch?.[2] ?? '';
  if (DEBIAN_FLAVOUR.test(flavour)) return { distro: 'debian', abi, sublevel: debianSublevel(v, abi) };
  if (UBUNTU_FLAVOUR.test(flavour) || abi >= 1000)
    return { distro: 'ubuntu', abi, sublevel: { kind: 'unknown' } };
  return { distro: 'unknown-abi', abi, sublevel: { kind: 'unknown' } };
}

/** kernel-ppa mainline builds encode the version: 5.0.10 → "050010". */
function mainlineAbi(v: KernelVersion): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(v.major)}${two(v.minor)}${two(v.patch)}`;
}

function debianSublevel(v: KernelVersion, abi: number): Sublevel {
  let best: number | undefined;
  for (const [a, sublevel] of DEBIAN_ABI[`${v.major}.${v.minor}`] ?? []) if (a <= abi) best = sublevel;
  return best === undefined ? { kind: 'unknown' } : { kind: 'at-least', value: best };
}

/** The upstream version behaviours are derived from: an unknown sublevel counts as .0 (the oldest). */
export function effectiveVersion(release: KernelRelease): KernelVersion {
  const s = release.sublevel;
  return s.kind === 'unknown' ? release.printed : { ...release.printed, patch: s.value };
}
