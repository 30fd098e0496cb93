import { describe, expect, it } from 'vitest';
import type { KernelProfile } from './kernel-profile.js';
import {
  KNOWN_RELEASES,
  kernelProfileFromFlags,
  kernelProfileFromRelease,
} from './kernel-profile-from-release.js';

function profileOf(release: string): KernelProfile {
  const r = kernelProfileFromRelease(release);
  if (!r.ok) throw new Error(r.error);
  return r.profile;
}

/** One line per profile, so a table of releases reads as a table of behaviours. */
function summary(p: KernelProfile): string {
  const { major, minor, patch } = p.version;
  return [
    `${major}.${minor}.${patch}`.padEnd(9),
    p.natOffset,
    p.boundedSearch ? 'bounded' : 'full',
    p.randomUsesSecurePort ? 'secure' : 'prng',
    p.randomFully ? 'rf' : 'no-rf',
    p.tupleTakenSkipsSameOrigin ? 'same-origin' : '-',
    p.udpClash,
    p.mergeReverse ? 'reverse' : '-',
    p.usedTupleNew ? 'used-new' : '-',
    p.timeWaitEviction ? 'tw-evict' : '-',
    p.statsEra,
    p.synBackoff,
    `rto${p.initialRtoMs}`,
    p.connectPortAlgo,
    `udp${p.udpStreamTimeoutS}`,
  ].join(' ');
}

describe('kernelProfileFromRelease', () => {
  it('maps the reference release strings', () => {
    const releases = [
      '3.10.0-1160.el7.x86_64',
      '4.4.0-142-generic',
      '4.9.300',
      '4.14.262',
      '4.14.355-275.582.amzn2.x86_64',
      '4.19.0-18-amd64',
      '4.19.232',
      '5.4.0-150-generic',
      '5.10.0-28-amd64',
      '5.15.0-91-generic',
      '5.15.167.4-microsoft-standard-WSL2',
      '6.1.0-13-cloud-amd64',
      '6.8.0-1014-aws',
      '6.18.44',
      '6.18.44-fc-v669',
    ];
    const table = releases.map((r) => `${r.padEnd(35)} ${summary(profileOf(r))}`).join('\n');
    expect(`\n${table}\n`).toMatchInlineSnapshot(`
      "
      3.10.0-1160.el7.x86_64              3.10.0    rover full secure no-rf - none - - - v4.8 exponential rto1000 hint udp180
      4.4.0-142-generic                   4.4.0     rover full secure rf - none - - - v4.8 exponential rto1000 hint udp180
      4.9.300                             4.9.300   prng bounded secure rf - merge-unnated - - - v4.9 exponential rto1000 parity udp180
      4.14.262                            4.14.262  rover full secure rf - merge-unnated - - - v4.9 exponential rto1000 parity udp180
      4.14.355-275.582.amzn2.x86_64       4.14.355  prng bounded secure rf - merge-unnated - - - v4.9 exponential rto1000 perturb udp180
      4.19.0-18-amd64                     4.19.208  rover full secure rf - merge-identical - - - v4.9 exponential rto1000 parity udp180
      4.19.232                            4.19.232  prng bounded secure rf - merge-identical - - - v4.9 exponential rto1000 parity udp180
      5.4.0-150-generic                   5.4.0     prng bounded prng rf same-origin merge-identical - - - v4.9 exponential rto1000 parity udp180
      5.10.0-28-amd64                     5.10.127  prng bounded prng rf same-origin insert-clash - - - v5.10 exponential rto1000 perturb udp180
      5.15.0-91-generic                   5.15.0    prng bounded prng rf same-origin insert-clash - - - v5.15 exponential rto1000 parity udp120
      5.15.167.4-microsoft-standard-WSL2  5.15.167  prng bounded prng rf same-origin insert-clash - - - v5.15 exponential rto1000 perturb udp120
      6.1.0-13-cloud-amd64                6.1.0     prng bounded prng rf same-origin insert-clash - - - v5.15 exponential rto1000 perturb udp120
      6.8.0-1014-aws                      6.8.0     prng bounded prng rf same-origin insert-clash - - tw-evict v5.15 linear4 rto1000 perturb udp120
      6.18.44                             6.18.44   prng bounded prng rf same-origin insert-clash reverse used-new tw-evict v5.15 linear4 rto1000 perturb udp120
      6.18.44-fc-v669                     6.18.44   prng bounded prng rf same-origin insert-clash reverse used-new tw-evict v5.15 linear4 rto1000 perturb udp120
      "
    `);
  });

  const boundaries: readonly (readonly [string, Partial<KernelProfile>])[] = [
    ['2.6.30', { statsEra: 'v2.6', initialRtoMs: 3000, connectPortAlgo: 'hint' }],
    ['2.6.31', { statsEra: 'v4.8' }],
    ['3.0.101', { initialRtoMs: 3000 }],
    ['3.1.0', { initialRtoMs: 1000 }],
    ['3.13.11', { randomFully: false }],
    ['3.14.0', { randomFully: true }],
    ['4.5.7', { connectPortAlgo: 'hint' }],
    ['4.6.0', { connectPortAlgo: 'parity', udpClash: 'none' }],
    ['4.7.0', { udpClash: 'merge-unnated' }],
    ['4.8.17', { statsEra: 'v4.8' }],
    ['4.9.0', { statsEra: 'v4.9' }],
    ['4.9.299', { natOffset: 'rover', boundedSearch: false }],
    ['4.9.300', { natOffset: 'prng', boundedSearch: true, randomUsesSecurePort: true }],
    ['4.9.319', { connectPortAlgo: 'parity' }],
    ['4.9.320', { connectPortAlgo: 'perturb' }],
    ['4.14.264', { natOffset: 'rover' }],
    ['4.14.265', { natOffset: 'prng' }],
    ['4.14.285', { connectPortAlgo: 'perturb' }],
    ['4.18.20', { udpClash: 'merge-unnated', natOffset: 'rover' }],
    ['4.19.0', { udpClash: 'merge-identical', natOffset: 'rover' }],
    ['4.19.227', { natOffset: 'rover', boundedSearch: false }],
    ['4.19.228', { natOffset: 'prng', boundedSearch: true, tupleTakenSkipsSameOrigin: false }],
    ['4.19.0-18-amd64', { natOffset: 'rover', version: { major: 4, minor: 19, patch: 208 } }],
    ['4.19.0-19-amd64', { natOffset: 'prng', connectPortAlgo: 'parity' }],
    ['4.19.0-21-amd64', { natOffset: 'prng', connectPortAlgo: 'perturb' }],
    ['4.19.0-5-amd64', { natOffset: 'rover' }],
    ['4.9.0-17-amd64', { natOffset: 'rover' }],
    ['4.9.0-18-amd64', { natOffset: 'prng' }],
    ['4.20.17', { natOffset: 'rover', randomUsesSecurePort: true }],
    ['5.0.0', { natOffset: 'prng', randomUsesSecurePort: false, tupleTakenSkipsSameOrigin: true }],
    ['5.4.200', { connectPortAlgo: 'parity' }],
    ['5.4.201', { connectPortAlgo: 'perturb' }],
    ['5.5.19', { udpClash: 'merge-identical' }],
    ['5.6.0', { udpClash: 'insert-clash' }],
    ['5.9.16', { statsEra: 'v4.9' }],
    ['5.10.0', { statsEra: 'v5.10', udpStreamTimeoutS: 180 }],
    ['5.10.124', { connectPortAlgo: 'parity' }],
    ['5.10.125', { connectPortAlgo: 'perturb' }],
    ['5.10.0-15-amd64', { connectPortAlgo: 'parity' }],
    ['5.10.0-16-amd64', { connectPortAlgo: 'perturb' }],
    ['5.11.0', { udpStreamTimeoutS: 120 }],
    ['5.14.21', { statsEra: 'v5.10' }],
    ['5.15.0', { statsEra: 'v5.15', connectPortAlgo: 'parity' }],
    ['5.15.41', { connectPortAlgo: 'perturb' }],
    ['5.17.8', { connectPortAlgo: 'parity' }],
    ['5.17.9', { connectPortAlgo: 'perturb' }],
    ['5.18.0', { connectPortAlgo: 'perturb' }],
    ['6.4.16', { timeWaitEviction: false, synBackoff: 'exponential' }],
    ['6.5.0', { timeWaitEviction: true, synBackoff: 'linear4' }],
    ['6.6.56', { usedTupleNew: false }],
    ['6.6.57', { usedTupleNew: true, mergeReverse: false }],
    ['6.11.3', { usedTupleNew: false }],
    ['6.11.4', { usedTupleNew: true, mergeReverse: false }],
    ['6.12.0', { usedTupleNew: true, mergeReverse: true }],
    // early_drop and the default hash size (docs/kernel-notes.md, "early_drop")
    ['3.14.79', { earlyDrop: 'oldest-of-8-nodes', defaultConntrackBuckets: 16_384 }],
    ['4.0.0', { defaultConntrackBuckets: 65_536 }],
    ['3.19.8', { defaultConntrackBuckets: 16_384 }],
    ['3.15.0', { earlyDrop: 'newest-of-8-nodes' }],
    ['4.6.7', { earlyDrop: 'newest-of-8-nodes' }],
    ['4.7.0', { earlyDrop: 'one-rescaled' }],
    ['4.8.0', { earlyDrop: 'all-rescaled' }],
    ['4.19.232', { earlyDrop: 'all-rescaled', defaultConntrackBuckets: 65_536 }],
    ['4.20.0', { earlyDrop: 'all-of-8-buckets' }],
    ['5.14.21', { defaultConntrackBuckets: 65_536 }],
    [
      '5.15.0',
      { earlyDrop: 'all-of-8-buckets', defaultConntrackBuckets: 262_144, chainLimit: 'random-8-31' },
    ],
    ['5.14.21', { chainLimit: 'none' }],
    ['6.2.16', { chainLimit: 'random-8-31' }],
    ['6.3.0', { chainLimit: 'random-50-79' }],
  ];

  it.each(boundaries)('%s', (release, expected) => {
    expect(profileOf(release)).toMatchObject(expected);
  });

  it('says what it assumed for distro ABI numbers', () => {
    const assumptions = ['4.19.0-18-amd64', '5.15.0-91-generic', '3.10.0-1160.el7.x86_64', '6.18.44'].map(
      (r) => {
        const res = kernelProfileFromRelease(r);
        return res.ok ? (res.assumption ?? '(exact)') : res.error;
      },
    );
    expect(assumptions).toMatchInlineSnapshot(`
      [
        "Debian ABI 18: upstream 4.19.208 or later assumed (first upload with this ABI)",
        "ubuntu ABI 91: stable sublevel unknown, 5.15.0 assumed (no stable backports)",
        "RHEL kernel: upstream 3.10.0 behaviour assumed; Red Hat backports are not modelled, give explicit flags if known",
        "(exact)",
      ]
    `);
  });

  it.each(['abc', '', '5'])('rejects %j with the expected format', (text) => {
    const r = kernelProfileFromRelease(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toContain(`not a kernel release: ${JSON.stringify(text)}`);
    expect(r.error).toContain('MAJOR.MINOR.PATCH');
  });
});

describe('kernelProfileFromFlags', () => {
  it('overrides single behaviours and keeps the rest', () => {
    const base = profileOf('4.19.0-18-amd64');
    const p = kernelProfileFromFlags(
      base,
      { natOffset: 'prng', boundedSearch: true },
      'debian-10 + backport',
    );
    expect(p).toEqual({ ...base, natOffset: 'prng', boundedSearch: true, release: 'debian-10 + backport' });
    expect(kernelProfileFromFlags(base, {})).toEqual(base);
  });
});

describe('KNOWN_RELEASES', () => {
  it.each(KNOWN_RELEASES)('$name parses', ({ release }) => {
    expect(kernelProfileFromRelease(release).ok).toBe(true);
  });

  it('has unique names', () => {
    expect(new Set(KNOWN_RELEASES.map((k) => k.name)).size).toBe(KNOWN_RELEASES.length);
  });
});
